import type { Rng } from './rng.js';

/**
 * Timestamps as Microsoft writes them. Graph and Advanced Hunting use ISO 8601 with 7 fractional
 * digits (`2026-01-05T07:38:44.9120731Z`); the vulnerability export uses `yyyy-MM-dd HH:mm:ss`.
 * Times are epoch milliseconds inside the generator; the extra 4 sub-millisecond digits come
 * from the PRNG so the text looks like Microsoft's while staying deterministic.
 */
export function msTime(epochMs: number, rng: Rng): string {
  return `${isoMillis(epochMs).slice(0, -1)}${String(rng.int(0, 9_999)).padStart(4, '0')}Z`;
}

let cachedDay = Number.NaN;
let cachedDayPrefix = '';

/**
 * `Date#toISOString` for the generator's hot path: the date part is cached per day and the time
 * of day is formatted by hand, several times faster on 100k-record benchmark runs.
 */
function isoMillis(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const day = Math.floor(whole / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = whole - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / MINUTE_MS);
  rest -= minutes * MINUTE_MS;
  const seconds = Math.floor(rest / 1_000);
  const millis = rest - seconds * 1_000;
  return `${cachedDayPrefix}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}Z`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Whole seconds written with 7 zero digits, as Graph does for many properties. */
export function msTimeWhole(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', '.0000000Z');
}

export function exportTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Default start of generated activity: fixed, never the clock, so output does not depend on when it runs. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 5, 6, 0, 0);
