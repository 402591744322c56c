import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';

/** One rule action for one status round of one subject (`payment:<id>` or `subscription:<id>`). */
export interface ActionKey {
  subject: string;
  status: string;
  round: number;
  rule: string;
  actionIndex: number;
}

export interface ActionReservation extends ActionKey {
  kind: string;
  contactId: string;
  eventId: number;
  leaseMs: number;
  now: number;
}

/**
 * `reserved`: this caller performs the action; `takenOver` when the row was another event's whose lease expired (its
 * holder died, perhaps after GoHighLevel had already done the action).
 */
export type ReserveResult =
  | { state: 'reserved'; takenOver?: true }
  | { state: 'already-applied'; appliedAt: number }
  | { state: 'busy'; until: number };

/** An action whose GoHighLevel call succeeded: marked `applied` with what it did, in the attempt's outcome transaction. */
export interface AppliedAction extends ActionKey {
  detail: string | null;
}

/** A row of the ledger, as shown by `rules explain`, the API and the dashboard. */
export interface RecordedAction extends ActionKey {
  kind: string;
  contactId: string;
  state: string;
  eventId: number | null;
  detail: string | null;
  createdAt: number;
  appliedAt: number | null;
}

const KEY_WHERE = 'subject = ? AND status = ? AND round = ? AND rule = ? AND action_index = ?';
/** The first insert wins the right to act. */
const RESERVE_SQL = `INSERT INTO rule_actions (subject, status, round, rule, action_index, kind, contact_id, state, event_id, lease_expires_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'applying', ?, ?, ?) ON CONFLICT (subject, status, round, rule, action_index) DO NOTHING RETURNING id`;
const TAKE_OVER_SQL = `UPDATE rule_actions SET event_id = ?, lease_expires_at = ?, contact_id = ?
  WHERE ${KEY_WHERE} AND state = 'applying' AND lease_expires_at < ? RETURNING id`;
const READ_SQL = `SELECT state, applied_at, lease_expires_at FROM rule_actions WHERE ${KEY_WHERE}`;
const MARK_APPLIED_SQL = `UPDATE rule_actions SET state = 'applied', applied_at = ?, lease_expires_at = NULL, detail = COALESCE(?, detail)
  WHERE ${KEY_WHERE}`;

/** How often reserveAction goes round when the row it conflicted with disappears before it can read it. */
const RESERVE_ROUNDS = 3;

const keyValues = (k: ActionKey): Knex.RawBinding[] => [k.subject, k.status, k.round, k.rule, k.actionIndex];

/**
 * Claims the right to perform one action. The unique ledger row is the database-enforced "at most once" across all
 * workers: the first to insert it calls GoHighLevel; others see it. A reservation whose holder died (lease expired)
 * is taken over. A row released between these statements makes it try again, a few times; after that it answers
 * `busy` for now (the caller waits and retries).
 */
export async function reserveAction(db: Driver, r: ActionReservation): Promise<ReserveResult> {
  for (let round = 0; round < RESERVE_ROUNDS; round += 1) {
    const inserted = rowsOf(await db.knex.raw(RESERVE_SQL, [...keyValues(r), r.kind, r.contactId, r.eventId, r.now + r.leaseMs, r.now]));
    if (inserted.length === 1) return { state: 'reserved' };
    const taken = rowsOf(await db.knex.raw(TAKE_OVER_SQL, [r.eventId, r.now + r.leaseMs, r.contactId, ...keyValues(r), r.now]));
    if (taken.length === 1) return { state: 'reserved', takenOver: true };
    const [row] = rowsOf(await db.knex.raw(READ_SQL, keyValues(r)));
    if (row?.state === 'applied') return { state: 'already-applied', appliedAt: Number(row.applied_at) };
    if (row) return { state: 'busy', until: Number(row.lease_expires_at) };
  }
  return { state: 'busy', until: r.now };
}

/** Marks an action done after GoHighLevel accepted it (on the given connection or transaction). */
export async function markActionAppliedOn(knex: Knex, action: AppliedAction, now: number): Promise<void> {
  await knex.raw(MARK_APPLIED_SQL, [now, action.detail, ...keyValues(action)]);
}

/** Gives a reservation back after a failed call, so a later attempt can act. */
export async function releaseAction(db: Driver, key: ActionKey, eventId: number): Promise<void> {
  await db.knex('rule_actions').where(toWhere(key)).andWhere({ state: 'applying', event_id: eventId }).delete();
}

/** Extends a reservation while its call is in flight (same lease as the event). */
export async function renewAction(db: Driver, key: ActionKey, eventId: number, leaseMs: number, now: number): Promise<void> {
  await db.knex('rule_actions').where(toWhere(key)).andWhere({ state: 'applying', event_id: eventId }).update({ lease_expires_at: now + leaseMs });
}

/** Every recorded action of one subject, oldest first. */
export async function listActions(db: Driver, subject: string): Promise<RecordedAction[]> {
  const rows = await db.knex('rule_actions').where('subject', subject).orderBy('id');
  return rows.map(toRecordedAction);
}

/** A `rule_actions` row as the operations return it, whichever driver read it (PostgreSQL gives bigints back as text). */
export function toRecordedAction(row: Record<string, unknown>): RecordedAction {
  return {
    subject: String(row.subject),
    status: String(row.status),
    round: Number(row.round),
    rule: String(row.rule),
    actionIndex: Number(row.action_index),
    kind: String(row.kind),
    contactId: String(row.contact_id),
    state: String(row.state),
    eventId: row.event_id === null ? null : Number(row.event_id),
    detail: row.detail === null ? null : String(row.detail),
    createdAt: Number(row.created_at),
    appliedAt: row.applied_at === null ? null : Number(row.applied_at),
  };
}

function toWhere(k: ActionKey): Record<string, string | number> {
  return { subject: k.subject, status: k.status, round: k.round, rule: k.rule, action_index: k.actionIndex };
}

/** What a ledger row did, in a few words: `add tags pago-aprobado`, `set mp_amount=1500`, `note n1` … */
export function describeRecordedAction(a: Pick<RecordedAction, 'kind' | 'detail'>): string {
  let detail: Record<string, unknown> = {};
  try {
    detail = a.detail ? JSON.parse(a.detail) as Record<string, unknown> : {};
  } catch {
    // an unreadable detail still shows the action's kind
  }
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '');
  switch (a.kind) {
    case 'addTags': return `add tags ${list(detail.tags)}`.trim();
    case 'removeTags': return `remove tags ${list(detail.tags)}`.trim();
    case 'setCustomFields': return `set ${Object.entries((detail.fields ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`.trim();
    case 'addNote': return `add note${detail.noteId ? ` ${String(detail.noteId)}` : ''}`;
    case 'addToWorkflow': return `add to workflow ${String(detail.workflowId ?? '')}`.trim();
    case 'removeFromWorkflow': return `remove from workflow ${String(detail.workflowId ?? '')}`.trim();
    case 'upsertOpportunity': return `opportunity${detail.opportunityId ? ` ${String(detail.opportunityId)}` : ''}`;
    default: return a.kind;
  }
}
