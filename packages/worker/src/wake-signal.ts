/** An abortable sleep that `wake()` cuts short (new event notified, a task finished, or shutdown). */
export class WakeSignal {
  private waiters: Array<() => void> = [];

  /** Resolves after `ms`, or as soon as wake() is called. */
  sleep(ms: number): Promise<void> {
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

  /** Ends every sleep in progress. */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
