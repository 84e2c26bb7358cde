/**
 * Helpers for the per-table code that column-layout.ts and promotion-code.ts generate with
 * `new Function`. Why generate code at all: V8 makes a property access with a key written in the
 * source (`o["host"]`) a named access with its own inline cache, which stays monomorphic for one
 * table's records, while the same write through a variable key (`o[key]`), shared by every table,
 * goes megamorphic and costs 30-55 ns. The event stream writes some 80 fields per record.
 *
 * Only names from this code's own tables (column names, FieldPath keys) reach generated source,
 * always through literal(): a record decides which of those names, in which order, never what
 * they are, and no value of a record is ever part of the source.
 */
let enabled = true;

/**
 * Tests switch generated code off to compare its documents with the general path's, which stays
 * the reference (and the path of every record the generated code does not cover).
 */
export function useGeneratedCode(on: boolean): void {
  enabled = on;
}

export function generatedCodeEnabled(): boolean {
  return enabled;
}

export function literal(text: string): string {
  return JSON.stringify(text);
}

/**
 * Source of statements that leave in `result` the object under `target[key]`, as ensureObject()
 * (field-path.ts) would make it, through a named access. `result` must be a declared variable of
 * the function. No own-property test: the keys are FieldPath keys, never members of
 * Object.prototype, so a read finds an own property or nothing.
 */
export function childObjectSource(target: string, key: string, result: string): string {
  const k = literal(key);
  return `${result} = ${target}[${k}]; if (typeof ${result} !== "object" || ${result} === null || Array.isArray(${result})) { ${result} = {}; ${target}[${k}] = ${result}; }`;
}
