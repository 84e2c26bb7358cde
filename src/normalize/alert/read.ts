import { parseTimestamp } from '../ecs/date.js';
import { isPlainObject } from '../ecs/object.js';
import { keyword, keywordList, own } from '../ecs/scalar.js';

/**
 * Typed reads of alert and incident properties. A value of a type the index mapping would reject
 * (an object where a keyword belongs, text that is not a date) is not mapped and is reported in
 * `errors`, so the document keeps event.original and says why. `where` prefixes the property name
 * in messages (`alerts.` inside an incident).
 */
export function readKeyword(source: unknown, key: string, where: string, errors: string[]): string | undefined {
  const value = own(source, key);
  if (value === undefined || value === null) return undefined;
  const text = keyword(value);
  if (text === undefined) errors.push(`${where}${key} is not a single value: ${describe(value)}`);
  return text;
}

export function readKeywords(source: unknown, key: string, where: string, errors: string[]): string[] {
  const value = own(source, key);
  if (value === undefined || value === null) return [];
  if (isPlainObject(value)) {
    errors.push(`${where}${key} is not a list of values: ${describe(value)}`);
    return [];
  }
  return keywordList(value);
}

export function readDate(source: unknown, key: string, where: string, errors: string[]): string | undefined {
  const value = own(source, key);
  if (value === undefined || value === null || value === '') return undefined;
  const date = parseTimestamp(value);
  if (date === undefined) errors.push(`${where}${key} is not a date: ${describe(value)}`);
  return date;
}

function describe(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 120);
}
