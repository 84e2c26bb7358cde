import { isPlainObject } from './object.js';

/**
 * Reading untrusted JSON without trusting its types: an own property only (never something
 * inherited such as `constructor`), and coercions that return undefined instead of throwing.
 */
export function own(source: unknown, key: string): unknown {
  return isPlainObject(source) && Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/** A value for a keyword field: strings as they are, numbers and booleans as text. */
export function keyword(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** A value for a long field: integers, or strings holding one (Elasticsearch coerces those). */
export function long(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d{1,16}\s*$/.test(value)) {
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Scalars of a value that should be a list; a lone scalar counts as a list of one. */
export function keywordList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    const text = keyword(item);
    if (text !== undefined && text !== '') out.push(text);
  }
  return out;
}
