import { fastUtcTimestamp } from './date-fast.js';

/**
 * Timestamps as Elasticsearch's `date` processor writes them: ISO 8601 in UTC with exactly three
 * fractional digits. Microsoft sends up to 7 fractional digits (truncated, not rounded, like
 * Java's parser), sometimes none, sometimes an offset instead of `Z`, and the vulnerability export
 * uses `yyyy-MM-dd HH:mm:ss`.
 */
const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC)?$/;

/** Parses a Microsoft timestamp; undefined when it is not one. Strings without a zone are UTC. */
export function parseTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  return fastUtcTimestamp(value) ?? exportTimestamp(value) ?? parseGeneral(value);
}

/**
 * The vulnerability export's `yyyy-MM-dd HH:mm:ss` (no zone: UTC), three or four per row, a
 * million rows a snapshot: rewritten to the ISO form the fast path checks, same answer as the
 * general path (a test compares them).
 */
function exportTimestamp(value: string): string | undefined {
  if (value.length !== 19 || value.charCodeAt(10) !== 32) return undefined;
  return fastUtcTimestamp(`${value.slice(0, 10)}T${value.slice(11)}Z`);
}

function parseGeneral(value: string): string | undefined {
  const match = ISO_LIKE.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone] = match;
  const millis = Number((fraction + '000').slice(0, 3));
  let epoch = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis);
  if (Number.isNaN(epoch)) return undefined;
  if (!isCalendarValid(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second))) {
    return undefined;
  }
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    epoch -= sign * offsetMinutes * 60_000;
  }
  const date = new Date(epoch);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 0) return undefined;
  return date.toISOString();
}

function isCalendarValid(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
