import { AUDIT_ACTIONS, AuditAction, AuditFilter, AuditRecord, ErasureCounts, PageRequest } from '@ghl-payments/store';
import { isoTime } from '../api/iso-time';
import { parsePage } from '../api/parse-page';
import { parseTime } from '../api/parse-time';
import { QueryError } from '../api/query-error';

/** The audit log's filter parameters (`GET /api/audit`, `/admin/audit`). */
export const AUDIT_FILTER_PARAMS = ['action', 'actor', 'since', 'until'] as const;
export const AUDIT_PAGE_PARAMS = ['limit', 'offset'] as const;

const ACTOR = /^[A-Za-z0-9_.@:-]{1,160}$/;

/** Reads `action` (one or several, comma-separated), `actor` (exact, or a kind such as `viewer:` or `cli:`), `since`, `until`. */
export function parseAuditFilter(params: Record<string, string | undefined>, now: number): AuditFilter {
  const filter: AuditFilter = {};
  const action = params.action?.trim();
  if (action) {
    const actions = action.split(',').map((a) => a.trim().toLowerCase()).filter(Boolean);
    if (actions.length === 0 || actions.some((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))) {
      throw new QueryError('action', `must be one of ${AUDIT_ACTIONS.join(', ')} (several joined with commas)`);
    }
    filter.actions = [...new Set(actions)] as AuditAction[];
  }
  const actor = params.actor?.trim();
  if (actor) {
    if (!ACTOR.test(actor)) throw new QueryError('actor', 'must be an actor such as admin, viewer:acme, cli: or worker');
    filter.actor = actor;
  }
  const since = parseTime('since', params.since, now, 'start');
  const until = parseTime('until', params.until, now, 'end');
  if (since !== undefined && until !== undefined && since >= until) throw new QueryError('until', 'must be later than since');
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  return filter;
}

/** The filter plus `limit` / `offset` (default 50, at most 500). */
export function parseAuditQuery(params: Record<string, string | undefined>, now: number): { filter: AuditFilter; page: PageRequest } {
  return { filter: parseAuditFilter(params, now), page: parsePage(params) };
}

/** An audit entry as the API shows it. */
export function toAuditJson(r: AuditRecord): Record<string, unknown> {
  return { id: r.id, at: isoTime(r.at), actor: r.actor, action: r.action, target: r.target, detail: r.detail, client: r.client };
}

/** The counts of an erasure as the API shows them. */
export function toErasureJson(counts: ErasureCounts): Record<string, number> {
  return { payments: counts.payments, subscriptions: counts.subscriptions, events: counts.events, contacts: counts.contacts, texts: counts.texts };
}
