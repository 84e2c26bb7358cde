import { literal } from './codegen.js';
import type { ColumnTable, Promotion } from './column-map.js';
import { watchWrite } from './empty-watch.js';
import type { JsonObject } from './object.js';

/**
 * ColumnValues.promote() for one promotion list and one record layout (column-layout.ts), as
 * straight-line code with the target names in the source: the loop's keyed writes into `host`,
 * `process.parent`, `related`… were its main cost (see codegen.ts).
 *
 * Same effects, in the same order: a promotion whose column is absent, empty or lowercases to
 * nothing writes nothing; its parent objects are created when it first writes (which fixes the
 * key order); a set reports its value to the empty watch; an append adds each non-empty item
 * unless already there; a duplicate marks the column's vendor path. Parents are looked up once
 * per call: promotionList() rejects lists in which one target is, or holds, another's parent, so
 * no write of the list can replace a parent it found.
 */
export type Promoter = (values: readonly unknown[], duplicatePaths: boolean[], doc: JsonObject) => void;

export function compilePromoter(promotions: readonly Promotion[], shape: ColumnTable): Promoter {
  const parents = new Map<string, string>(); // parent path text → local variable
  const lines: string[] = [];
  for (const promotion of promotions) {
    const slot = shape.slotById[promotion.column];
    if (slot === undefined) continue;
    let parent = 'doc';
    if (promotion.parent !== undefined) {
      const text = promotion.parent.text;
      parent = parents.get(text) ?? `p${parents.size}`;
      parents.set(text, parent);
    }
    const ensure = parent === 'doc' ? '' : `if (${parent} === undefined) { ${walkSource(promotion.parent!.keys, parent)} } `;
    const leaf = literal(promotion.leaf);
    const lower = promotion.lower ? `typeof v === "string" ? v.toLowerCase() : lowerCase(v)` : 'v';
    lines.push(`v = values[${slot}];`, `if (v !== undefined) {`, `  w = ${lower};`, `  if (w !== undefined) {`);
    if (promotion.append) {
      lines.push(
        `    if (typeof w === "string" ? w !== "" : w !== null && typeof w !== "object") {`,
        `      ${ensure}e = ${parent}[${leaf}];`,
        `      if (e === undefined) ${parent}[${leaf}] = [w];`,
        `      else if (Array.isArray(e)) { if (!e.includes(w)) e.push(w); }`,
        `      else if (e !== w) { e = [e, w]; watchWrite(e); ${parent}[${leaf}] = e; }`,
        `    } else if (appendable(w)) { ${ensure}appendInto(${parent}, ${leaf}, w); }`,
      );
    } else {
      lines.push(`    if (typeof w === "object" || w === "") watchWrite(w);`, `    ${ensure}${parent}[${leaf}] = w;`);
    }
    if (promotion.duplicate) lines.push(`    duplicatePaths[${shape.rules[slot]!.pathSlot}] = true;`);
    lines.push('  }', '}');
  }
  const locals = ['v', 'w', 'e', 't', 'n', ...parents.values()].join(', ');
  const factory = new Function('watchWrite', 'lowerCase', 'appendable', 'appendInto', `return function promote(values, duplicatePaths, doc) {\nlet ${locals};\n${lines.join('\n')}\n};`);
  return factory(watchWrite, lowerCase, appendable, appendInto) as Promoter;
}

/** Statements that leave in `result` the object at `keys` below the document, as ensureObject() would. */
function walkSource(keys: readonly string[], result: string): string {
  const steps = keys.map((key) => {
    const k = literal(key);
    return `n = t[${k}]; if (typeof n !== "object" || n === null || Array.isArray(n)) { n = {}; t[${k}] = n; } t = n;`;
  });
  return `t = doc; ${steps.join(' ')} ${result} = t;`;
}

/** What `lower` promotions write: the string or the strings of a list lower-cased, else nothing. */
export function lowerCase(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item.toLowerCase() : item));
  return undefined;
}

/** Whether an append of the value adds anything: it is, or a list holds, something besides null and "". */
export function appendable(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(appendable);
  return value !== undefined && value !== null && value !== '';
}

/** ColumnValues' append into a known parent: nested lists flattened, "" and null skipped, no duplicates. */
export function appendInto(parent: JsonObject, leaf: string, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) appendInto(parent, leaf, item);
    return;
  }
  if (value === undefined || value === null || value === '') return;
  const existing = Object.prototype.hasOwnProperty.call(parent, leaf) ? parent[leaf] : undefined;
  if (existing === undefined) parent[leaf] = [value];
  else if (Array.isArray(existing)) {
    if (!existing.includes(value)) existing.push(value);
  } else if (existing !== value) {
    const pair = [existing, value];
    watchWrite(pair);
    parent[leaf] = pair;
  }
}
