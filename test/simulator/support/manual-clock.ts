import type { Clock } from '../../../src/core/clock.js';

/**
 * A clock that moves only when the test says so: rate-limit windows, token expiry, SAS expiry and
 * the change schedule can be stepped through exactly. Sleepers wake when `advance` passes their time.
 */
export class ManualClock implements Clock {
  private sleepers: { until: number; wake: (value: boolean) => void }[] = [];

  constructor(private current: number = Date.UTC(2026, 0, 5, 12, 0, 0)) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const sleeper = { until: this.current + ms, wake: resolve };
      this.sleepers.push(sleeper);
      signal.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((item) => item !== sleeper);
        resolve(false);
      }, { once: true });
    });
  }

  /** Moves time forward and wakes every sleeper whose time has come; lets them run before returning. */
  async advance(ms: number): Promise<void> {
    this.current += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.until <= this.current);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.current);
    for (const sleeper of due) sleeper.wake(true);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
