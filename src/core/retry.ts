import { RetryLaterError } from './errors.js';

/** Exponential backoff with jitter, OpenTelemetry Collector style (its defaults, in ms). */
export interface BackoffPolicy {
  readonly initialIntervalMs: number;
  readonly maxIntervalMs: number;
  readonly multiplier: number;
  /** 0.5 means each delay is drawn uniformly from ±50 % of the nominal interval. */
  readonly randomizationFactor: number;
  /** Give up after this long (the documents go to the dead-letter); 0 = never give up. */
  readonly maxElapsedMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialIntervalMs: 5_000,
  maxIntervalMs: 30_000,
  multiplier: 1.5,
  randomizationFactor: 0.5,
  // A SOC would rather see a full buffer push back on the sources than lose an alert.
  maxElapsedMs: 0,
};

/**
 * The delay before retry number `attempt` (0-based). Jitter spreads the retries of many
 * connectors hitting one recovering SIEM; a server's Retry-After wins when it asks for longer.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, lastError?: unknown, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxIntervalMs, policy.initialIntervalMs * policy.multiplier ** attempt);
  const spread = nominal * policy.randomizationFactor;
  const jittered = nominal - spread + random() * 2 * spread;
  const retryAfter = lastError instanceof RetryLaterError ? lastError.retryAfterMs : 0;
  return Math.max(0, Math.round(Math.max(jittered, retryAfter)));
}

/** Resolves after `ms`, or as soon as `signal` aborts (resolving false then), never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
