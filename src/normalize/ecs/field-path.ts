import { childObjectSource, generatedCodeEnabled, literal } from './codegen.js';
import { watchWrite } from './empty-watch.js';
import { isPlainObject, type JsonObject } from './object.js';

/**
 * A dotted path of the mappers (`process.parent.name`), split once when a table or a step is
 * defined instead of on every write. setPath() looks its split form up in a Map on each call;
 * the event stream writes some 80 fields per record, and that lookup with the per-level
 * `__proto__` test was a seventh of its time.
 *
 * Only constant paths become FieldPaths, and none of their keys may be a member of
 * Object.prototype (checked here, at module load), so plain assignment is safe on every level:
 * it cannot reach a prototype. Reads still check own properties, as everywhere in this code.
 */
export interface FieldPath {
  readonly text: string;
  readonly keys: readonly string[];
  /** setField()'s generated code for this path (see below), made on its first write. */
  writer: FieldWriter | undefined;
}

type FieldWriter = (target: JsonObject, value: unknown) => void;

export function fieldPath(text: string): FieldPath {
  const keys = text.split('.');
  for (const key of keys) {
    if (key.length === 0 || key in Object.prototype) throw new Error(`field path ${JSON.stringify(text)}: key ${JSON.stringify(key)} cannot be a constant path key`);
  }
  return { text, keys, writer: undefined };
}

const hasOwn = (target: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);

/** The object at `keys[0..end)` below `target`, created (or replacing a non-object) where missing. */
export function ensureObject(target: JsonObject, keys: readonly string[], end: number): JsonObject {
  let current = target;
  for (let i = 0; i < end; i++) {
    const key = keys[i]!;
    const next = current[key];
    if (isPlainObject(next) && hasOwn(current, key)) {
      current = next;
    } else {
      const created: JsonObject = {};
      current[key] = created;
      current = created;
    }
  }
  return current;
}

/** setPath() for a FieldPath: undefined is not written, intermediate objects are created. */
export function setField(target: JsonObject, path: FieldPath, value: unknown): void {
  if (value === undefined) return;
  watchWrite(value);
  if (generatedCodeEnabled()) (path.writer ??= fieldWriter(path))(target, value);
  else writeByKeys(target, path.keys, value);
}

function writeByKeys(target: JsonObject, keys: readonly string[], value: unknown): void {
  const last = keys.length - 1;
  ensureObject(target, keys, last)[keys[last]!] = value;
}

/**
 * writeByKeys() as code with the path's keys in the source: each path gets its own inline caches,
 * where the loop shares one megamorphic keyed access among all paths (see codegen.ts). Without
 * code generation from strings, the loop.
 */
function fieldWriter(path: FieldPath): FieldWriter {
  const keys = path.keys;
  const last = keys.length - 1;
  const levels = keys.slice(0, last).map((_, level) => `n${level}`);
  const statements = keys.slice(0, last).map((key, level) => childObjectSource(level === 0 ? 'target' : `n${level - 1}`, key, `n${level}`));
  const parent = last === 0 ? 'target' : `n${last - 1}`;
  const body = `${levels.length > 0 ? `let ${levels.join(', ')};\n` : ''}${statements.join('\n')}\n${parent}[${literal(keys[last]!)}] = value;`;
  try {
    return new Function('target', 'value', body) as FieldWriter;
  } catch {
    return (target, value) => writeByKeys(target, keys, value);
  }
}

/** getPath() for a FieldPath: undefined when any step is missing or not an object. */
export function getField(source: JsonObject, path: FieldPath): unknown {
  let current: unknown = source;
  for (const key of path.keys) {
    if (!isPlainObject(current) || !hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * appendUnique() for a FieldPath and one value (an array appends each of its items): Elastic's
 * `append` with allow_duplicates false, without the rest-parameter array per call.
 */
export function appendField(target: JsonObject, path: FieldPath, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) appendField(target, path, item);
    return;
  }
  if (value === undefined || value === null || value === '') return;
  const existing = getField(target, path);
  if (existing === undefined) setField(target, path, [value]);
  else if (Array.isArray(existing)) {
    if (!existing.includes(value)) existing.push(value);
  } else if (existing !== value) setField(target, path, [existing, value]);
}
