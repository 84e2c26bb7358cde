import { watchWrite } from './empty-watch.js';

/**
 * Safe object building for documents made from untrusted JSON.
 *
 * The only key whose assignment can reach Object.prototype is `__proto__` (its inherited setter
 * replaces the prototype); every write of a key that may come from data goes through defineOwn,
 * which stores `__proto__` as an ordinary own property. Reads check own properties, so
 * `constructor` or `toString` in a record never resolve to inherited members.
 *
 * Documents are ordinary objects, not null-prototype ones: V8 keeps Object.create(null) objects in
 * dictionary mode, which made every write and JSON.stringify of the hot path several times slower.
 */
export type JsonObject = Record<string, unknown>;

export function newObject(): JsonObject {
  return {};
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of a JSON value (the input may come from JSON.parse), safe for any key. */
export function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isPlainObject(value)) {
    const out = newObject();
    for (const key of Object.keys(value)) defineOwn(out, key, cloneJson(value[key]));
    return out;
  }
  return value;
}

/** Assignment that is safe for any key, `__proto__` included, on any object. */
export function defineOwn(target: JsonObject, key: string, value: unknown): void {
  // Plain assignment is safe for every other key and several times faster than defineProperty.
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function hasOwn(target: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/**
 * Paths are nearly always constants of the mappers, so their split form is kept (splitting was a
 * tenth of the event hot path); the cache is bounded in entries and in path length so that paths
 * built from data cannot make it hold much.
 */
const SPLIT_PATHS = new Map<string, readonly string[]>();
const MAX_CACHED_PATHS = 4096;
const MAX_CACHED_PATH_CHARS = 256;

function splitPath(path: string): readonly string[] {
  let keys = SPLIT_PATHS.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    if (SPLIT_PATHS.size < MAX_CACHED_PATHS && path.length <= MAX_CACHED_PATH_CHARS) SPLIT_PATHS.set(path, keys);
  }
  return keys;
}

/** Reads a dotted path (`a.b.c`); undefined when any step is missing or not an object. */
export function getPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of splitPath(path)) {
    if (!isPlainObject(current) || !hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Writes a dotted path, creating intermediate objects; undefined values are not written. */
export function setPath(target: JsonObject, path: string, value: unknown): void {
  if (value === undefined) return;
  watchWrite(value);
  const keys = splitPath(path);
  let current = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    const next = hasOwn(current, key) ? current[key] : undefined;
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created = newObject();
      defineOwn(current, key, created);
      current = created;
    }
  }
  defineOwn(current, keys[keys.length - 1]!, value);
}

/** Removes a dotted path; empty parents are left for removeEmpty() to collect. */
export function deletePath(target: JsonObject, path: string): void {
  const keys = splitPath(path);
  let parent: unknown = target;
  for (let i = 0; i < keys.length - 1; i++) {
    if (!isPlainObject(parent) || !hasOwn(parent, keys[i]!)) return;
    parent = parent[keys[i]!];
  }
  const last = keys[keys.length - 1]!;
  if (isPlainObject(parent) && hasOwn(parent, last)) delete parent[last];
}

/**
 * Elastic's `append` with `allow_duplicates: false`: the field becomes an array (a scalar already
 * there is kept as its first element) and each value is added unless already present.
 */
export function appendUnique(target: JsonObject, path: string, ...values: unknown[]): void {
  for (const value of values) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      appendUnique(target, path, ...value);
      continue;
    }
    const existing = getPath(target, path);
    if (existing === undefined) {
      setPath(target, path, [value]);
    } else if (Array.isArray(existing)) {
      if (!existing.includes(value)) existing.push(value);
    } else if (existing !== value) {
      setPath(target, path, [existing, value]);
    }
  }
}

/**
 * Elastic's final clean-up: drops null, empty strings, empty arrays and empty objects, recursively.
 * Returns undefined when the value itself is empty. Objects are cleaned in place; an array is
 * replaced only when one of its items changes, and nothing is written back when nothing changes
 * (re-assigning every key was a tenth of the event stream's time for documents that are nearly
 * always clean already).
 */
export function removeEmpty(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'object') return value;
  return Array.isArray(value) ? cleanArray(value) : cleanObject(value as JsonObject);
}

function cleanArray(items: readonly unknown[]): unknown[] | undefined {
  let cleaned: unknown[] | undefined; // a copy, from the first item that changes on
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const kept = removeEmpty(item);
    if (cleaned === undefined) {
      if (kept === item && kept !== undefined) continue;
      cleaned = items.slice(0, i);
    }
    if (kept !== undefined) cleaned.push(kept);
  }
  const result = cleaned ?? (items as unknown[]);
  return result.length === 0 ? undefined : result;
}

function cleanObject(value: JsonObject): JsonObject | undefined {
  let empty = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const kept = removeEmpty(item);
    if (kept === undefined) delete value[key];
    else {
      if (kept !== item) defineOwn(value, key, kept);
      empty = false;
    }
  }
  return empty ? undefined : value;
}
