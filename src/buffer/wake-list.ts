/**
 * Promises that resolve when something changes (documents arrived, room freed) or when a signal
 * aborts. A plain list of resolvers rather than an event emitter: the only operation is "wait
 * until woken", and a woken waiter always re-checks its condition.
 */
export class WakeList {
  private waiters: Array<() => void> = [];

  wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
