import { parseTimestamp } from './date.js';
import { validIp } from './ip.js';
import { isPlainObject } from './object.js';
import { keyword as scalarText } from './scalar.js';

/**
 * The value conversions Elastic's pipelines apply to a column before it is indexed (`convert`,
 * `date`, `json`, `lowercase` processors), as small named converters that a column table can
 * reference. A converter returns the value to write, `undefined` when there is nothing to write,
 * or INVALID when the input cannot be represented in the field's type (the caller reports it, so
 * the document keeps its original instead of being rejected by the index mapping).
 */
export const INVALID: unique symbol = Symbol('invalid');
export type Converted = unknown;

export interface Converter {
  /** The Elasticsearch type, for error messages. */
  readonly type: string;
  convert(value: unknown): Converted;
}

const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;

/** Whole JSON documents in a column are bounded; beyond this a string is not parsed. */
const MAX_JSON_CHARS = 4 * 1024 * 1024;

/**
 * `keyword`: strings as sent; numbers and booleans as their text (Elastic converts ids such as
 * ApplicationId). A list of scalars is a multi-valued keyword, as Elasticsearch indexes it.
 */
export const keyword: Converter = {
  type: 'keyword',
  convert: (value) => (Array.isArray(value) ? scalarList(value) : (scalarText(value) ?? INVALID)),
};

/** A keyword lowercased (`Severity: Medium` → `medium`). */
export const lowercaseKeyword: Converter = {
  type: 'keyword',
  convert: (value) => (typeof value === 'string' ? value.toLowerCase() : INVALID),
};

/** A keyword list: an array of scalars, a JSON array in a string, or one scalar. */
export const keywordList: Converter = {
  type: 'keyword[]',
  convert(value) {
    const list = typeof value === 'string' && value.trimStart().startsWith('[') ? parseJson(value) : value;
    if (list === INVALID) return INVALID;
    return scalarList(Array.isArray(list) ? list : [list]);
  },
};

/** The texts of a list of scalars (nulls and empty strings skipped); INVALID if an item is not a scalar. */
function scalarList(items: readonly unknown[]): Converted {
  const texts: string[] = [];
  for (const item of items) {
    if (item === null || item === undefined || item === '') continue;
    const text = scalarText(item);
    if (text === undefined) return INVALID;
    texts.push(text);
  }
  return texts.length > 0 ? texts : undefined;
}

/** `convert type: long`: integers and integer strings. */
export const long: Converter = {
  type: 'long',
  convert(value) {
    if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : INVALID;
    if (typeof value === 'string' && value.length < 32 && INTEGER_TEXT.test(value)) return Number(value);
    return INVALID;
  },
};

/**
 * `convert type: boolean`, widened as Elastic's identity pipeline does for `IsAdminOperation`
 * (0/1, "0"/"1", "true"/"false" in any case).
 */
export const boolean: Converter = {
  type: 'boolean',
  convert(value) {
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 0) return value === 1;
    if (typeof value === 'string') {
      const lowered = value.trim().toLowerCase();
      if (lowered === 'true' || lowered === '1') return true;
      if (lowered === 'false' || lowered === '0') return false;
    }
    return INVALID;
  },
};

/** The `date` processor (ISO 8601, milliseconds). */
export const date: Converter = {
  type: 'date',
  convert: (value) => parseTimestamp(value) ?? INVALID,
};

/** `convert type: ip`: invalid addresses ("", "-", names) are dropped silently, as Elastic does. */
export const ip: Converter = {
  type: 'ip',
  convert: (value) => validIp(value),
};

/**
 * `flattened` columns (AdditionalFields, RawEventData, ActivityObjects…): Microsoft sends them as
 * objects or as JSON text. Text that looks like JSON is decoded; other text is kept as it is.
 */
export const json: Converter = {
  type: 'flattened',
  convert(value) {
    if (typeof value === 'string') {
      const trimmed = value.trimStart();
      return trimmed.startsWith('{') || trimmed.startsWith('[') ? parseJson(value) : value;
    }
    return value;
  },
};

/** A keyword that may arrive as an object (AuthenticationDetails): kept as JSON text. */
export const jsonText: Converter = {
  type: 'keyword',
  convert: (value) => (isPlainObject(value) || Array.isArray(value) ? JSON.stringify(value) : (scalarText(value) ?? INVALID)),
};

/**
 * Decoded JSON, or INVALID. JSON.parse makes ordinary objects on which every key, `__proto__`
 * included, is an own data property (it defines properties, it does not assign them), which is
 * what a safe copy would make, so the result is used as it is.
 */
export function parseJson(text: string): unknown {
  if (text.length > MAX_JSON_CHARS) return INVALID;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** A short printable form of a value for an error message. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isPlainObject(value)) return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
  return text;
}
