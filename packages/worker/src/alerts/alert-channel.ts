import type { Alert } from './alert';

/** Where alerts go. `send` rejects (one clear line) when the channel did not take the alert; callers log it. */
export interface AlertChannel {
  /** `slack`, `email` or `json`: how logs, metrics and `alerts test` name the channel. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
  /** Releases what the channel holds open (SMTP connections). */
  close?(): void;
}
