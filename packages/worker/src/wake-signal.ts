/**
 * An abortable sleep that `wake()` cuts short (new event notified, a slot freed, or shutdown). A wake that arrives
 * while nobody sleeps is remembered, so the next sleep returns at once: the loop never misses one between two sleeps.
 */
export class WakeSignal {
  private waiters: Array<() => void> = [];
  private pending = false;

  /** Resolves after `ms`, or as soon as wake() is called (at once when a wake arrived since the last sleep). */
  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  /** Ends every sleep in progress, or the next one when none is. */
  wake(): void {
    if (this.waiters.length === 0) {
      this.pending = true;
      return;
    }
    for (const waiter of [...this.waiters]) waiter();
  }
}
