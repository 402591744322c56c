import type { AlertLanguage } from '@ghl-payments/core';
import type { DigestCounts, FailedEventSummary } from '@ghl-payments/store';
import type { SilentPayment } from '../reconcile/reconcile-result';

/** Every kind of alert, in the order `ghl-payments alerts test` sends them. */
export const ALERT_KINDS = [
  'event-failed', 'credentials-rejected', 'notifications-missing', 'signatures-rejected', 'backlog-stuck', 'upstream-paused', 'daily-digest',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

/**
 * What happened, per kind: the facts a message is written from (never a secret; texts are redacted anyway). `account`:
 * the stored account it is about (docs/agencies.md); absent for the environment-configured shop and the deployment.
 */
export type AlertFacts = (
  | {
    kind: 'event-failed';
    event: FailedEventSummary;
    /** Set for a summary of failures on resources MercadoPago does not know (likely forged notifications). */
    unknownResources?: { count: number; topics: string[] };
  }
  | { kind: 'credentials-rejected'; service: 'mercadopago' | 'ghl'; rejections: number; windowMs: number; lastStatus: number; operation: string }
  | { kind: 'notifications-missing'; payments: SilentPayment[]; windowStart: number; windowEnd: number }
  | { kind: 'signatures-rejected'; rejections: number; windowMs: number }
  | { kind: 'backlog-stuck'; oldestReceivedAt: number; pending: number; thresholdMs: number }
  | { kind: 'upstream-paused'; service: string; until: number; reason: string; daily: boolean }
  | { kind: 'daily-digest'; from: number; to: number; counts: DigestCounts }
) & { account?: string };

/** One alert as every channel receives it (the JSON webhook's body, field for field). */
export interface Alert {
  kind: AlertKind;
  severity: AlertSeverity;
  /** One line: the email's subject, the chat message's headline. */
  title: string;
  /** Self-contained: what happened, the likely reason, what to do, where to look. */
  text: string;
  language: AlertLanguage;
  /** ISO 8601. */
  occurredAt: string;
  /** The dashboard page to look at (absolute with PUBLIC_URL, else null). */
  dashboardUrl: string | null;
  /** Machine-readable facts (ids, counts, times), never a secret. */
  details: Record<string, unknown>;
  /** The stored account it is about; absent for the environment-configured shop and the deployment as a whole. */
  account?: string;
}
