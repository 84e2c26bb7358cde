import { getPath, setPath, type JsonObject } from './object.js';

/**
 * Elastic's `set` where several sources may feed one field: the first value is stored as a scalar
 * (what Elastic's documents show), a different later value turns the field into a list of the
 * distinct values instead of silently overwriting the first.
 */
export function addDistinct(target: JsonObject, path: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const existing = getPath(target, path);
  if (existing === undefined) setPath(target, path, value);
  else if (Array.isArray(existing)) {
    if (!existing.includes(value)) existing.push(value);
  } else if (existing !== value) setPath(target, path, [existing, value]);
}
