import type { Clock } from '../core/clock.js';

/** At most `limit` requests in any `windowMs` span. */
export interface BudgetWindow {
  readonly limit: number;
  readonly windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Microsoft counts a request when it arrives, a little after we start it (token lookup, TLS,
 * the network). Were a start to leave our window exactly `windowMs` later, the request it makes
 * room for could land while the server still counts the old one, and earn a 429 whose
 * Retry-After costs far more than this margin.
 */
const ARRIVAL_MARGIN_MS = 500;

/**
 * Named per-endpoint budgets of the Defender for Endpoint API (API reference §3.2, §5), drawn
 * in addition to the tenant's MDE budget: `RequestOptions.budget` names one.
 */
export const ENDPOINT_BUDGETS: Readonly<Record<string, readonly BudgetWindow[]>> = {
  // SoftwareVulnerabilitiesExport / SoftwareInventoryExport (files).
  'mde:export': [
    { limit: 5, windowMs: MINUTE },
    { limit: 20, windowMs: HOUR },
  ],
  // SoftwareVulnerabilitiesByMachine, …ChangesByMachine, SoftwareInventoryByMachine (JSON exports).
  'mde:export-json': [
    { limit: 30, windowMs: MINUTE },
    { limit: 1_000, windowMs: HOUR },
  ],
  'mde:machines': [
    { limit: 100, windowMs: MINUTE },
    { limit: 1_500, windowMs: HOUR },
  ],
};

/**
 * A sliding-window request budget on the Clock: a request may start only if fewer than `limit`
 * requests started in the last `windowMs`, in every window. Unlike a token bucket, a burst can
 * never exceed the per-minute figure, which is what Microsoft counts. Waiting, not failing: a
 * caller over budget sleeps until the oldest request leaves the window.
 */
export class RequestBudget {
  readonly #starts: number[][];

  constructor(
    readonly name: string,
    readonly windows: readonly BudgetWindow[],
  ) {
    this.#starts = windows.map(() => []);
  }

  /** Milliseconds until a request may start at `now` (0 = now). */
  waitMs(now: number): number {
    let wait = 0;
    this.windows.forEach((window, index) => {
      const starts = this.#starts[index]!;
      const span = window.windowMs + ARRIVAL_MARGIN_MS;
      while (starts.length > 0 && starts[0]! <= now - span) starts.shift();
      if (starts.length >= window.limit) wait = Math.max(wait, starts[starts.length - window.limit]! + span - now);
    });
    return wait;
  }

  record(now: number): void {
    for (const starts of this.#starts) starts.push(now);
  }
}

/**
 * Waits until every budget has room, then counts the request in all of them at the same instant
 * (checking and recording in one synchronous step, so concurrent callers cannot overshoot).
 * Resolves false if `signal` aborted first.
 */
export async function acquireBudgets(budgets: readonly RequestBudget[], clock: Clock, signal: AbortSignal): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    const now = clock.now();
    const wait = Math.max(0, ...budgets.map((budget) => budget.waitMs(now)));
    if (wait === 0) {
      for (const budget of budgets) budget.record(now);
      return true;
    }
    if (!(await clock.sleep(wait, signal))) return false;
  }
}

export function perMinute(limit: number): BudgetWindow[] {
  return [{ limit, windowMs: MINUTE }];
}
