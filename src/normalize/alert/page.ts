import { isPlainObject } from '../ecs/object.js';
import { own } from '../ecs/scalar.js';

/**
 * The items of a Graph collection page `{"@odata.context", "value": [...]}` (or of a bare JSON
 * array), or undefined when the value is a single object. Elastic's httpjson input splits pages
 * itself; accepting them here lets a raw API response be replayed as one line.
 */
export function pageItems(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  const value = own(json, 'value');
  return isPlainObject(json) && Array.isArray(value) ? value : undefined;
}
