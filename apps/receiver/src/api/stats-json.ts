import type { QueueStats, UpstreamPause } from '@ghl-payments/store';
import { isoTime } from './iso-time';

/** The stats as the API (and the dashboard's charts) read them; `pauses`: the upstream pauses in force. */
export function toStatsJson(s: QueueStats, pauses: readonly UpstreamPause[] = []): Record<string, unknown> {
  return {
    generated_at: isoTime(s.now),
    by_status: s.byStatus,
    by_type: s.byType,
    backlog: s.byStatus.pending + s.byStatus.processing,
    due_now: s.dueNow,
    oldest_pending_age_seconds: s.oldestPendingAgeSeconds,
    last_hour: s.lastHour,
    last_day: s.lastDay,
    per_minute: s.perMinute.map(({ minute, oldestBacklogAgeSeconds, ...counts }) => ({ minute: isoTime(minute), ...counts, oldest_backlog_age_seconds: oldestBacklogAgeSeconds })),
    pauses: pauses.map((p) => ({ service: p.service, until: isoTime(p.until), reason: p.reason })),
    // pending events that wait because an upstream's credentials are missing or refused, by service
    waiting_for_credentials: s.waitingForCredentials ?? {},
  };
}
