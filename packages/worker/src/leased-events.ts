import type { Lease, WebhookEvent } from '@ghl-payments/store';

interface RunningEvent {
  lease: Lease;
  account: string;
  /** Settles once the attempt's outcome is saved (or could not be). */
  done: Promise<void>;
}

/** The lease a worker holds on an event it claimed: the attempt number is the fencing token. */
export function leaseOf(event: WebhookEvent, owner: string): Lease {
  return { eventId: event.id, owner, attempt: event.attempts };
}

/**
 * The events one worker holds a lease on: those claimed ahead and waiting for a slot, in claim order, and those
 * running. The worker's loop and its lease renewal read it; only the loop changes it.
 */
export class LeasedEvents {
  private readonly waiting: WebhookEvent[] = [];
  private readonly running = new Map<number, RunningEvent>();

  constructor(private readonly owner: string) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  get runningCount(): number {
    return this.running.size;
  }

  get isEmpty(): boolean {
    return this.waiting.length === 0 && this.running.size === 0;
  }

  addWaiting(events: readonly WebhookEvent[]): void {
    this.waiting.push(...events);
  }

  /** The oldest claimed event not started yet, taken out of the buffer. */
  takeNextWaiting(): WebhookEvent | undefined {
    return this.waiting.shift();
  }

  /** Every waiting event's lease, emptying the buffer (they will not start). */
  takeAllWaiting(): Lease[] {
    return this.waiting.splice(0, this.waiting.length).map((event) => leaseOf(event, this.owner));
  }

  markRunning(event: WebhookEvent, done: Promise<void>): void {
    this.running.set(event.id, { lease: leaseOf(event, this.owner), account: event.account, done });
  }

  markFinished(eventId: number): void {
    this.running.delete(eventId);
  }

  isRunning(eventId: number): boolean {
    return this.running.has(eventId);
  }

  /** How many events of each account this worker holds, running or waiting (its fair share per account). */
  countByAccount(): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (account: string) => counts.set(account, (counts.get(account) ?? 0) + 1);
    for (const r of this.running.values()) add(r.account);
    for (const event of this.waiting) add(event.account);
    return counts;
  }

  /** How many events of this account are running now. */
  runningOf(account: string): number {
    let n = 0;
    for (const r of this.running.values()) if (r.account === account) n += 1;
    return n;
  }

  runningLeases(): Lease[] {
    return [...this.running.values()].map((r) => r.lease);
  }

  /** Every lease held, running and waiting. */
  allLeases(): Lease[] {
    return [...this.runningLeases(), ...this.waiting.map((event) => leaseOf(event, this.owner))];
  }

  /** True once every running event finished, false when `timeoutMs` passed first. */
  async waitForRunning(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const finished = Promise.all([...this.running.values()].map((r) => r.done)).then(() => true as const);
    try {
      return await Promise.race([finished, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
