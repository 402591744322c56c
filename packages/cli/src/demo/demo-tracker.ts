import type { Store } from '@ghl-payments/store';
import type { ExpectedOutcome } from './demo-scenarios';
import type { DemoMessages } from '../messages/demo-messages';
import { formatBar } from './progress-line';
import { EventState, isFinalStatus, readEventStatuses } from './read-event-statuses';

/** One event the demo created and what it should end as. */
export interface TrackedEvent {
  id: number;
  label: string;
  expected: ExpectedOutcome;
}

/** The demo's own events (never anything else in the database) and how far they got. */
export interface DemoTracker {
  track(event: TrackedEvent): void;
  countDuplicate(): void;
  /** Reads every tracked event's state from the database. */
  refresh(): Promise<void>;
  state(id: number): EventState | undefined;
  /** True when every tracked event is success, failed or ignored. */
  allFinal(): boolean;
  /** `events 7/10 done [##############------]  success 6 · failed 1 · retrying 1 · …`, in the demo's language. */
  formatProgress(): string;
  /** Counts by final status, e.g. { success: 9, failed: 1 }. */
  countByStatus(): Record<string, number>;
  /** Events whose final status is not the expected one. */
  listSurprises(): TrackedEvent[];
  readonly events: readonly TrackedEvent[];
  readonly duplicates: number;
}

/** Starts an empty tracker over the demo's database; `texts` word its progress line. */
export function createDemoTracker(store: Store, texts: DemoMessages): DemoTracker {
  const events: TrackedEvent[] = [];
  let states = new Map<number, EventState>();
  let duplicates = 0;
  const countBy = (key: (state: EventState | undefined) => string | undefined): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const event of events) {
      const name = key(states.get(event.id));
      if (name) counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  };
  const stage = (state: EventState | undefined): string => {
    if (!state) return 'waiting';
    if (state.status === 'pending') return state.attempts > 0 ? 'retrying' : 'waiting';
    return state.status;
  };
  return {
    events,
    get duplicates() {
      return duplicates;
    },
    track(event) {
      events.push(event);
    },
    countDuplicate() {
      duplicates += 1;
    },
    async refresh() {
      states = await readEventStatuses(store, events.map((e) => e.id));
    },
    state: (id) => states.get(id),
    allFinal: () => events.every((e) => isFinalStatus(states.get(e.id)?.status)),
    formatProgress() {
      const counts = countBy(stage);
      const done = events.filter((e) => isFinalStatus(states.get(e.id)?.status)).length;
      const parts = [texts.stage({ stage: 'success', n: counts.success ?? 0 }), texts.stage({ stage: 'failed', n: counts.failed ?? 0 })];
      for (const stage of ['ignored', 'processing', 'retrying', 'waiting'] as const) if (counts[stage]) parts.push(texts.stage({ stage, n: counts[stage] }));
      parts.push(texts.duplicates({ n: duplicates }));
      return texts.progress({ done, total: events.length, bar: formatBar(done, events.length), parts: parts.join(' · ') });
    },
    countByStatus: () => countBy((state) => (state && isFinalStatus(state.status) ? state.status : undefined)),
    listSurprises: () => events.filter((e) => states.get(e.id)?.status !== e.expected),
  };
}
