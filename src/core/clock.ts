import { sleep } from './retry.js';

/**
 * Time as the collectors and the simulator see it. Everything that waits on a rate limit, an
 * interval or a Retry-After takes a Clock, so a benchmark can run an hour of 150 req/min
 * throttling in a minute of wall time (`scaledClock(60)`) without changing the code under test.
 */
export interface Clock {
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  /** Waits `ms` of this clock's time; resolves false if `signal` aborted first. Never rejects. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, signal),
};

/**
 * A clock that runs `factor` times faster than the wall clock, starting at `startMs` (default:
 * now). Share one instance between the simulator and the connector so both agree on the time.
 */
export function scaledClock(factor: number, startMs: number = Date.now()): Clock {
  if (!(factor > 0)) throw new RangeError(`a clock's speed factor must be positive, got ${factor}`);
  const wallStart = performance.now();
  return {
    now: () => Math.floor(startMs + (performance.now() - wallStart) * factor),
    sleep: (ms, signal) => sleep(ms / factor, signal),
  };
}
