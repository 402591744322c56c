import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import { escapeLike, Page, PageRequest } from './event-filter';

/** What the audit log records (docs/security.md "Audit log"). */
export const AUDIT_ACTIONS = [
  'sign-in', 'sign-in-failed', 'sign-out', 'retry', 'bulk-retry', 'purge', 'forget', 'account-change', 'rules-change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One operator action, as it is recorded. */
export interface AuditEntry {
  /** When (epoch ms). */
  at: number;
  /** Who: `admin`, `viewer:<account>`, `cli:<user>@<host>`, `worker` or `anonymous` (a refused sign-in). */
  actor: string;
  action: AuditAction;
  /** What it was about: `event:42`, `account:acme`, the route of a sign-in… */
  target?: string | null;
  /** A few facts as JSON (counts, a filter, field names): never a secret nor a buyer's email. */
  detail?: Record<string, unknown> | null;
  /** The client's address (the receiver's `req.ip`); null from the CLI and the worker. */
  client?: string | null;
}

/** A recorded entry. */
export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  detail: Record<string, unknown> | null;
  client: string | null;
}

/** What the log can be narrowed to. */
export interface AuditFilter {
  /** Any of these actions (empty or absent: all). */
  actions?: readonly AuditAction[];
  /** This actor exactly (`admin`), or every actor of a kind when it ends with `:` (`viewer:`, `cli:`). */
  actor?: string;
  /** at >= since (epoch ms). */
  since?: number;
  /** at < until (epoch ms). */
  until?: number;
}

const MAX_ACTOR = 160;
const MAX_TARGET = 160;
const MAX_CLIENT = 64;
/** A detail longer than this is cut to its first keys: the log holds facts, not documents. */
const MAX_DETAIL = 2000;
/** Anything shaped like an email address: never written to the log, whatever asked for it (a search text, a filter). */
const EMAIL_LIKE = /[^\s@"'<>(),;:[\]\\]+@[^\s@"'<>(),;:[\]\\]+\.[^\s@"'<>(),;:[\]\\]+/g;

const cut = (text: string | null | undefined, max: number): string | null => (text === null || text === undefined ? null : text.slice(0, max));

/** The detail as stored: JSON, email-like values masked, at most MAX_DETAIL characters. */
export function auditDetailText(detail: Record<string, unknown> | null | undefined): string | null {
  if (!detail) return null;
  const text = JSON.stringify(detail).replace(EMAIL_LIKE, '[email]');
  if (text.length <= MAX_DETAIL) return text;
  return JSON.stringify({ truncated: true, keys: Object.keys(detail).slice(0, 20) });
}

/** The row an entry is stored as. */
export function auditRow(entry: AuditEntry): Record<string, unknown> {
  return {
    at: entry.at,
    actor: cut(entry.actor, MAX_ACTOR) ?? 'unknown',
    action: entry.action,
    target: cut(entry.target?.replace(EMAIL_LIKE, '[email]'), MAX_TARGET),
    detail: auditDetailText(entry.detail),
    client: cut(entry.client, MAX_CLIENT),
  };
}

/** Records one entry, on the store's connection or inside a transaction (`on`). Append-only: nothing updates or deletes it. */
export async function recordAudit(db: Driver, entry: AuditEntry, on: Knex = db.knex): Promise<void> {
  await on('audit_log').insert(auditRow(entry));
}

function parseDetail(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string' || text === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : { text };
  } catch {
    return { text };
  }
}

function toAuditRecord(row: Record<string, unknown>): AuditRecord {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: String(row.actor),
    action: String(row.action) as AuditAction,
    target: str(row.target),
    detail: parseDetail(row.detail),
    client: str(row.client),
  };
}

function applyAuditFilter(query: Knex.QueryBuilder, filter: AuditFilter): Knex.QueryBuilder {
  if (filter.actions && filter.actions.length > 0) query.whereIn('action', [...filter.actions]);
  if (filter.actor !== undefined && filter.actor !== '') {
    if (filter.actor.endsWith(':')) query.whereRaw(`actor LIKE ? ESCAPE '\\'`, [`${escapeLike(filter.actor)}%`]);
    else query.where('actor', filter.actor);
  }
  if (filter.since !== undefined) query.where('at', '>=', filter.since);
  if (filter.until !== undefined) query.where('at', '<', filter.until);
  return query;
}

/** Entries matching the filter, newest first: one page and the total. */
export async function listAudit(db: Driver, filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
  const base = () => applyAuditFilter(db.knex('audit_log'), filter);
  const [rows, counted] = await Promise.all([
    base().select('*').orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(page.limit).offset(page.offset),
    base().count({ n: '*' }).first(),
  ]);
  return { data: (rows as Array<Record<string, unknown>>).map(toAuditRecord), total: Number(counted?.n ?? 0) };
}

/** What was done to an account, for its audit entry: `add`, `update`, `disable`, `enable`, `viewer-token`, `viewer-token-revoke`… */
export interface AccountAudit {
  at: number;
  actor: string;
  client?: string | null;
  /** The account's slug; null for a change to every account (a key rotation). */
  slug: string | null;
  change: string;
  /** The fields set (names only, never their values: some are secrets). */
  fields?: readonly string[];
  /** A few more facts (e.g. how many accounts a key rotation re-encrypted). */
  extra?: Record<string, unknown>;
}

/** The audit entry of an account change: `rules-change` when only the account's rules changed, `account-change` otherwise. */
export function accountAuditEntry(a: AccountAudit): AuditEntry {
  const fields = a.fields ? [...a.fields] : undefined;
  return {
    at: a.at,
    actor: a.actor,
    client: a.client ?? null,
    action: fields && fields.length === 1 && fields[0] === 'rules' ? 'rules-change' : 'account-change',
    target: a.slug === null ? null : `account:${a.slug}`,
    detail: { change: a.change, ...(fields ? { fields } : {}), ...a.extra },
  };
}
