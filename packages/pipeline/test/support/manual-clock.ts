/** A clock tests move by hand: sleep() resolves only when advance() passes its deadline. */
export interface ManualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Moves time forward, waking sleepers in deadline order and letting their continuations run. */
  advance(ms: number): Promise<void>;
  /** Number of sleepers still waiting. */
  sleepers(): number;
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createManualClock(start = 0): ManualClock {
  let time = start;
  let timers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => time,
    sleep(ms) {
      return new Promise<void>((resolve) => { timers.push({ at: time + ms, resolve }); });
    },
    async advance(ms) {
      const target = time + ms;
      await flush();
      for (;;) {
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        time = Math.max(time, due.at);
        timers = timers.filter((t) => t !== due);
        due.resolve();
        await flush();
      }
      time = target;
      await flush();
    },
    sleepers: () => timers.length,
  };
}
