import type { Clock } from '../../../src/core/clock.js';

/**
 * A clock whose sleeps take no wall time: each sleep moves this clock forward by its length and
 * is recorded, so a test sees exactly how long the client chose to wait (Retry-After, backoff,
 * budget) without waiting.
 */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  #now: number;

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    this.sleeps.push(ms);
    this.#now += ms;
    return new Promise((resolve) => setImmediate(() => resolve(!signal.aborted)));
  }
}

/**
 * A clock that only moves when told: sleepers wait until `advanceToNextWake` reaches their time.
 * For concurrency tests where many callers wait at once.
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #sleepers: { wake: number; resolve: (woke: boolean) => void }[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  get sleeping(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#sleepers.push({ wake: this.#now + ms, resolve });
      this.#sleepers.sort((a, b) => a.wake - b.wake);
    });
  }

  /** Moves to the earliest wake time and wakes everyone due; false if nobody sleeps. */
  advanceToNextWake(): boolean {
    const next = this.#sleepers[0];
    if (next === undefined) return false;
    this.#now = Math.max(this.#now, next.wake);
    while (this.#sleepers.length > 0 && this.#sleepers[0]!.wake <= this.#now) this.#sleepers.shift()!.resolve(true);
    return true;
  }
}
