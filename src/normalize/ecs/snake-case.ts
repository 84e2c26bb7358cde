import { defineOwn, isPlainObject, newObject } from './object.js';

/**
 * Elastic's m365_defender pipelines keep vendor fields snake_cased (`lastExternalIpAddress` →
 * `last_external_ip_address`). Acronyms stay one word (`OSPlatform` → `os_platform`,
 * `EPSS` → `epss`), so the PascalCase and camelCase spellings of one column meet on one name.
 * A single linear pass: keys come from untrusted records, and a regex with backtracking would be
 * quadratic on a long run of capitals.
 */
export function snakeCase(key: string): string {
  // Records of one stream repeat the same few hundred column names millions of times.
  const known = converted.get(key);
  if (known !== undefined) return known;
  const result = convert(key);
  // Keys come from untrusted records: the memory stays bounded whatever they hold.
  if (converted.size >= MAX_REMEMBERED) converted.clear();
  converted.set(key, result);
  return result;
}

const MAX_REMEMBERED = 10_000;
const converted = new Map<string, string>();

function convert(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const char = key[i]!;
    if (isUpper(char) && i > 0) {
      const previous = key[i - 1]!;
      const next = key[i + 1];
      // A word starts after a lower-case letter or digit, or at the last capital of an acronym.
      if (isLowerOrDigit(previous) || (isUpper(previous) && next !== undefined && isLower(next))) out += '_';
    }
    out += char;
  }
  return out.toLowerCase();
}

function isUpper(char: string): boolean {
  return char >= 'A' && char <= 'Z';
}

function isLower(char: string): boolean {
  return char >= 'a' && char <= 'z';
}

function isLowerOrDigit(char: string): boolean {
  return isLower(char) || (char >= '0' && char <= '9');
}

/** Deep copy of a JSON value with every object key snake_cased, into null-prototype objects. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (isPlainObject(value)) {
    const out = newObject();
    for (const key of Object.keys(value)) defineOwn(out, snakeCase(key), snakeKeys(value[key]));
    return out;
  }
  return value;
}
