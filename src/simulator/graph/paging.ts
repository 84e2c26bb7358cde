import { canonicalTime } from '../time-format.js';
import { matchesFilter, ODataError, type ListQuery } from './odata-query.js';

/**
 * Keyset paging. A `$skiptoken` names the sort key and id of the last item served and the change
 * sequence the sweep reads as of, so the next page starts strictly after that item in a view of
 * the data that does not move: nothing is skipped, nothing served twice, whatever changes while
 * the client pages.
 */
export interface Cursor {
  readonly key: string | number | null;
  readonly id: string;
  readonly seq: number;
}

export function encodeSkipToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ k: cursor.key, i: cursor.id, s: cursor.seq }), 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; i?: unknown; s?: unknown };
    const keyOk = parsed.k === null || typeof parsed.k === 'string' || typeof parsed.k === 'number';
    if (keyOk && typeof parsed.i === 'string' && typeof parsed.s === 'number' && Number.isInteger(parsed.s)) return { key: parsed.k as Cursor['key'], id: parsed.i, seq: parsed.s };
  } catch {
    // fall through: any undecodable token is the same client error
  }
  throw new ODataError('The $skiptoken is invalid or has expired. Request the collection again without it.');
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Cursor after the last item, when more items follow. */
  readonly next: Cursor | undefined;
  /** Matching items in the whole view (for $count=true). */
  readonly count: number;
}

export interface Accessors<T> {
  value(item: T, property: string): unknown;
  id(item: T): string;
}

/** One page of `items` (already the versions as of `seq`) under `query`, after `cursor` if given. */
export function pageOf<T>(items: readonly T[], query: ListQuery, accessors: Accessors<T>, seq: number, cursor: Cursor | undefined): Page<T> {
  const { property, descending } = query.orderBy;
  const keyOf = (item: T): string | number | null => sortKey(accessors.value(item, property));
  const matching = items.filter((item) => matchesFilter((name) => accessors.value(item, name), query.filter));
  const direction = descending ? -1 : 1;
  const order = (a: { key: string | number | null; id: string }, b: { key: string | number | null; id: string }): number =>
    direction * (compareKeys(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keyed = matching.map((item) => ({ item, key: keyOf(item), id: accessors.id(item) })).sort(order);
  let start = 0;
  if (cursor) {
    while (start < keyed.length && order(keyed[start]!, cursor) <= 0) start++;
  } else {
    start = Math.min(query.skip, keyed.length);
  }
  const slice = keyed.slice(start, start + query.top);
  const last = slice[slice.length - 1];
  const more = start + slice.length < keyed.length && query.top > 0;
  return { items: slice.map((entry) => entry.item), next: more && last ? { key: last.key, id: last.id, seq } : undefined, count: keyed.length };
}

function sortKey(raw: unknown): string | number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return raw;
  const text = String(raw);
  return canonicalTime(text) ?? text;
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The nextLink: the request's own URL on the same origin, its query options kept, `$skip`
 * dropped (the token already positions the page) and the new `$skiptoken` added.
 */
export function nextLink(baseUrl: string, url: URL, cursor: Cursor): string {
  const parts: string[] = [];
  for (const [key, value] of url.searchParams) {
    const name = key.toLowerCase();
    if (name === '$skip' || name === '$skiptoken') continue;
    parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${encodeSkipToken(cursor)}`);
  return `${baseUrl}${url.pathname}?${parts.join('&')}`;
}
