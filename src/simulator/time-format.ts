/**
 * Graph writes DateTimeOffset values with 7 fractional digits (`2026-01-05T08:02:57.1900000Z`).
 * The simulator's own changes happen at whole clock milliseconds, so the 4 sub-millisecond digits
 * are zero: two changes in the same millisecond carry the same text, which is how ties in
 * lastUpdateDateTime (that the client must de-duplicate) arise.
 */
export function graphTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '0000Z');
}

/** The date Graph puts in `innerError.date` (no fraction, no zone letter). */
export function errorDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** Entra's `timestamp` in token errors: `2026-01-05 09:12:44Z`. */
export function entraTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 datetime as the 7-digit UTC text the simulator stores, so that comparing two
 * timestamps is comparing two strings (sub-millisecond digits included). Undefined if malformed.
 */
export function canonicalTime(text: string): string | undefined {
  // Every query filters and sorts the whole collection by time: the same few thousand texts are
  // converted millions of times in a backfill, so the conversions are remembered.
  const known = canonical.get(text);
  if (known !== undefined || canonical.has(text)) return known;
  const result = convert(text);
  if (canonical.size >= CANONICAL_CACHE_SIZE) canonical.clear();
  canonical.set(text, result);
  return result;
}

const CANONICAL_CACHE_SIZE = 200_000;
const canonical = new Map<string, string | undefined>();

function convert(text: string): string | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, whole, fraction = '', zone] = match;
  const seconds = Date.parse(`${whole!}${zone === 'Z' ? 'Z' : zone!}`);
  if (Number.isNaN(seconds)) return undefined;
  // Date.parse rolls invalid days over (Feb 30 → Mar 2); a round trip catches that.
  if (zone === 'Z' && new Date(seconds).toISOString().slice(0, 19) !== whole) return undefined;
  return `${new Date(seconds).toISOString().slice(0, 19)}.${fraction.padEnd(7, '0')}Z`;
}

/** What the normalizer puts in `@timestamp`: `new Date(x).toISOString()`, millisecond precision (truncated). */
export function normalizedTime(graphText: string): string {
  return new Date(Date.parse(graphText)).toISOString();
}
