/** What became of one `POST /webhooks/mp`: stored, recognised as a redelivery, refused (4xx) or not stored (503). */
export type NotificationOutcome = 'received' | 'duplicate' | 'rejected' | 'unavailable';

/** Why a `rejected` notification was refused, when it was for its signature (401: valid for no MP_WEBHOOK_SECRET). */
export type NotificationRefusal = 'bad-signature' | 'unknown-account';

/** Observers of the receiver (metrics); every hook is optional and must not throw. */
export interface ReceiverHooks {
  /** `topic` is the normalised topic, or null when the request was refused before one was read. */
  /** `account`: the stored account it was for (absent: the default account; `unknown` for a slug no enabled account has). */
  onNotification?(info: { topic: string | null; outcome: NotificationOutcome; refusal?: NotificationRefusal; account?: string }): void;
}
