/**
 * Why a failure is permanent, when that changes how it is reported. `unknown-resource`: the upstream does not know the
 * resource a notification named (MercadoPago answered 404 for its payment or merchant order): the notification was
 * forged, or comes from another account or the test environment. Such failures are summarised, not alerted one by one.
 * `contact-not-found`: GoHighLevel no longer knows a contact id (deleted, or merged into another): a contact found
 * through the email cache is then looked up again once.
 */
export type PermanentReason = 'unknown-resource' | 'contact-not-found';

/** A failure that no retry can fix (a 400/422 for a request we built, a payment without any way to find its contact). */
export class PermanentError extends Error {
  readonly service?: string;
  readonly reason?: PermanentReason;

  constructor(message: string, options: { service?: string; cause?: unknown; reason?: PermanentReason } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermanentError';
    this.service = options.service;
    this.reason = options.reason;
  }
}

/** What MercadoPago can fail to know: the resource kinds a notification names. */
export type MercadoPagoResource = 'payment' | 'merchant order' | 'chargeback' | 'subscription' | 'subscription charge' | 'order';

const UNKNOWN_RESOURCE_TAIL = 'not found: it may belong to another account or the test environment';
const UNKNOWN_RESOURCE_TEXT = new RegExp(`^(payment|merchant order|chargeback|subscription|subscription charge|order) [A-Za-z0-9_-]{1,128} ${UNKNOWN_RESOURCE_TAIL}$`);

/** The message of an `unknown-resource` failure, e.g. `payment 123 not found: it may belong to another account or …`. */
export function unknownResourceMessage(kind: MercadoPagoResource, id: string | number): string {
  return `${kind} ${id} ${UNKNOWN_RESOURCE_TAIL}`;
}

/** The `unknown-resource` PermanentError for a resource MercadoPago answered 404 for. */
export function unknownResourceError(kind: MercadoPagoResource, id: string | number): PermanentError {
  return new PermanentError(unknownResourceMessage(kind, id), { service: 'mercadopago', reason: 'unknown-resource' });
}

/**
 * True when an event's stored `last_error` is exactly an `unknown-resource` message. The worker keeps only the
 * message of the error that failed the event, so this is how the alerter recognises the reason afterwards; the
 * whole text must match, so an error that merely quotes such a message (several payments of one order) does not.
 */
export function isUnknownResourceText(text: string | null | undefined): boolean {
  return typeof text === 'string' && UNKNOWN_RESOURCE_TEXT.test(text);
}
