import { backoffDelayMs, type BackoffPolicy } from '../core/retry.js';

/**
 * How the client retries transient failures (API reference §2.5): exponential backoff with jitter
 * from about 2 s, capped at 3 minutes, at most 6 attempts in all; a Retry-After from the service
 * wins (retrying earlier only prolongs the throttling).
 */
export interface ClientRetryPolicy {
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /** Upper bound on one Retry-After wait, so a bogus header cannot park a source for a day. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_CLIENT_RETRY: ClientRetryPolicy = {
  maxAttempts: 6,
  backoff: { initialIntervalMs: 2_000, maxIntervalMs: 180_000, multiplier: 2, randomizationFactor: 0.5, maxElapsedMs: 0 },
  maxRetryAfterMs: 10 * 60_000,
};

/** HTTP statuses worth retrying inside the client. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** `Retry-After: 24` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`, as milliseconds from `now`. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The wait before retry number `retry` (0-based): Retry-After when given, else backoff with jitter. */
export function retryDelayMs(policy: ClientRetryPolicy, retry: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(policy.backoff, retry, undefined, random);
}
