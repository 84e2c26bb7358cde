import type { Clock } from '../core/clock.js';

/** One limit: at most `max` requests in any window of `windowMs` clock milliseconds. */
export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * Sliding-window request limits on the simulator's clock, one window per key (tenant × budget).
 * A refused request is not counted, so a client that waits the Retry-After it was given is let
 * through; one that comes back sooner is refused again.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Admits the request (and counts it) or says how many whole seconds to wait. */
  take(key: string, limits: readonly Limit[]): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    let stamps = this.windows.get(key);
    if (!stamps) this.windows.set(key, (stamps = []));
    const longest = Math.max(...limits.map((limit) => limit.windowMs));
    let drop = 0;
    while (drop < stamps.length && stamps[drop]! <= now - longest) drop++;
    if (drop > 0) stamps.splice(0, drop);
    let waitMs = 0;
    for (const { max, windowMs } of limits) {
      const inWindow = countSince(stamps, now - windowMs);
      if (inWindow >= max) {
        // The request becomes admissible when the oldest stamp that keeps the window full leaves it.
        const blocking = stamps[stamps.length - max]!;
        waitMs = Math.max(waitMs, blocking + windowMs - now);
      }
    }
    if (waitMs > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    stamps.push(now);
    return { ok: true };
  }
}

function countSince(stamps: readonly number[], since: number): number {
  let low = 0;
  let high = stamps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (stamps[mid]! > since) high = mid;
    else low = mid + 1;
  }
  return stamps.length - low;
}
