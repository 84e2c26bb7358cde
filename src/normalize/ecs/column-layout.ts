import { childObjectSource, literal } from './codegen.js';
import { columnId, type ColumnRule, type ColumnTable, type Promotion } from './column-map.js';
import { INVALID, describeValue, keyword, type Converter } from './convert.js';
import { exactIntegerText } from './integer-text.js';
import { removeEmpty, type JsonObject } from './object.js';
import { compilePromoter, type Promoter } from './promotion-code.js';

/**
 * A table's code for one order of record columns. Records of one Advanced Hunting table arrive
 * with the same columns in the same order (Microsoft's schema order), so the general loops of
 * ColumnValues — a Map lookup per column name, a converter call through a shared site, a keyed
 * write per vendor field — can be replaced by straight-line code written for that order, with the
 * column and field names in the source (see codegen.ts for why that is faster).
 *
 * The generated code does what the general code does, step for step, for every record whose keys
 * are exactly `keys` (checked per record); test/normalize/generated-code.test.ts runs both over
 * generated and mutated records. Any other order, a table with more orders than
 * MAX_LAYOUTS_PER_TABLE, or a Node run with code generation from strings disallowed, takes the
 * general path. What is kept is code per column order, never anything computed from a record.
 */
export interface ColumnLayout {
  readonly keys: readonly string[];
  /**
   * The table restricted to the record's known columns, slots and vendor path slots numbered in
   * the record's order: what ColumnValues indexes its per-record arrays by.
   */
  readonly shape: ColumnTable;
  /** The constructor loop of ColumnValues: converts the known columns, in the record's order. */
  readonly read: LayoutReader;
  /** writeVendor() without overrides' bookkeeping; undefined when two columns share a vendor path. */
  readonly writeVendor: VendorWriter | undefined;
  /** promote() of a promotion list for this layout, compiled on first use (undefined: not available). */
  promoter(promotions: readonly Promotion[]): Promoter | undefined;
}

export type LayoutReader = (source: JsonObject, values: unknown[], present: number[], errors: string[], original: string | undefined) => void;

/** Writes the vendor fields; returns the vendor object if it wrote one (undefined otherwise). */
export type VendorWriter = (
  doc: JsonObject,
  values: readonly unknown[],
  duplicatePaths: readonly boolean[],
  overrides: readonly unknown[] | undefined,
  keepDuplicates: boolean,
) => JsonObject | undefined;

const MAX_LAYOUTS_PER_TABLE = 64;

/** A table's layouts by column count; the few of one count are told apart by their keys. */
interface TableLayouts {
  count: number;
  readonly byLength: Map<number, ColumnLayout[]>;
}

const LAYOUTS = new WeakMap<ColumnTable, TableLayouts>();

/** False once `new Function` has failed (node --disallow-code-generation-from-strings). */
let codeGeneration = true;

function attempt<T>(compile: () => T): T | undefined {
  try {
    return compile();
  } catch {
    codeGeneration = false;
    return undefined;
  }
}

/** The layout for a record's keys, compiled the first time they are seen; undefined past the bound. */
export function layoutFor(table: ColumnTable, keys: readonly string[]): ColumnLayout | undefined {
  let layouts = LAYOUTS.get(table);
  if (layouts === undefined) {
    layouts = { count: 0, byLength: new Map() };
    LAYOUTS.set(table, layouts);
  }
  let sameLength = layouts.byLength.get(keys.length);
  if (sameLength !== undefined) {
    for (let i = 0; i < sameLength.length; i++) {
      const layout = sameLength[i]!;
      if (sameKeys(layout.keys, keys)) return layout;
    }
  }
  if (layouts.count >= MAX_LAYOUTS_PER_TABLE || !codeGeneration) return undefined;
  const layout = attempt(() => compileLayout(table, keys));
  if (layout === undefined) return undefined;
  if (sameLength === undefined) {
    sameLength = [];
    layouts.byLength.set(keys.length, sameLength);
  }
  sameLength.push(layout);
  layouts.count++;
  return layout;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function compileLayout(table: ColumnTable, keys: readonly string[]): ColumnLayout {
  const shape = layoutShape(table, keys);
  // The general writeVendor(), for layouts with shared paths, needs the order of present columns.
  const sharedPaths = shape.rules.some((rule) => rule.sharedPath);
  const promoters = new Map<readonly Promotion[], Promoter | undefined>();
  return {
    keys: [...keys],
    shape,
    read: compileReader(shape.rules, sharedPaths),
    writeVendor: sharedPaths ? undefined : compileVendorWriter(shape),
    promoter(promotions) {
      if (!promoters.has(promotions)) promoters.set(promotions, attempt(() => compilePromoter(promotions, shape)));
      return promoters.get(promotions);
    },
  };
}

/**
 * The table's rules for the record's known columns, renumbered. A path is shared only if two of
 * these columns write it: with one of them, ColumnValues's answer is that column's value either
 * way. Group numbers and the prefix stay the table's.
 */
function layoutShape(table: ColumnTable, keys: readonly string[]): ColumnTable {
  const known = keys.map((key) => table.byName.get(key)).filter((rule): rule is ColumnRule => rule !== undefined);
  const pathSlots = new Map<number, number>();
  for (const rule of known) if (!pathSlots.has(rule.pathSlot)) pathSlots.set(rule.pathSlot, pathSlots.size);
  const writers = new Map<number, number>();
  for (const rule of known) writers.set(rule.pathSlot, (writers.get(rule.pathSlot) ?? 0) + 1);
  const rules = known.map((rule, slot): ColumnRule => ({ ...rule, slot, pathSlot: pathSlots.get(rule.pathSlot)!, sharedPath: writers.get(rule.pathSlot)! > 1 }));
  const slotById: (number | undefined)[] = [];
  for (const rule of rules) slotById[columnId(rule.column)] = rule.slot;
  return { prefix: table.prefix, byName: new Map(rules.map((rule) => [rule.column, rule])), slotById, rules, pathCount: pathSlots.size, groupKeys: table.groupKeys };
}

/**
 * The ColumnValues constructor's loop, unrolled: for each known column in the record's order,
 * skip null/undefined/"", convert (a string keyword is its own value), keep every digit of an
 * integer beyond 2^53 made a keyword, report INVALID, else record the value (and its order, for
 * the general writeVendor() only). Everything but a string keyword goes through convertColumn():
 * the code of one column stays a few instructions, which matters when a stream interleaves
 * tables and each one's code must be fetched again.
 */
function compileReader(rules: readonly ColumnRule[], keepOrder: boolean): LayoutReader {
  const converters: Converter[] = [];
  const lines: string[] = ['let raw;'];
  const order = keepOrder ? 'present' : 'undefined';
  rules.forEach((rule, index) => {
    converters.push(rule.converter);
    const convert = `convertColumn(values, ${order}, errors, original, ${rule.slot}, ${literal(rule.column)}, c${index}, raw);`;
    lines.push(`raw = source[${literal(rule.column)}];`);
    if (rule.converter === keyword) {
      lines.push(`if (typeof raw === "string") { if (raw !== "") { values[${rule.slot}] = raw;${keepOrder ? ` present.push(${rule.slot});` : ''} } } else if (raw !== null && raw !== undefined) ${convert}`);
    } else {
      lines.push(`if (raw !== null && raw !== undefined && raw !== "") ${convert}`);
    }
  });
  const head = converters.map((_, index) => `const c${index} = converters[${index}];`).join('\n');
  const factory = new Function('converters', 'convertColumn', `${head}\nreturn function read(source, values, present, errors, original) {\n${lines.join('\n')}\n};`);
  return factory(converters, convertColumn) as LayoutReader;
}

/** One column that is not a string keyword: converted, its error reported, or its value kept. */
function convertColumn(values: unknown[], present: number[] | undefined, errors: string[], original: string | undefined, slot: number, column: string, converter: Converter, raw: unknown): void {
  let value = converter.convert(raw);
  if (original !== undefined && typeof value === 'string' && typeof raw === 'number' && !Number.isSafeInteger(raw) && Number.isInteger(raw)) {
    value = exactIntegerText(original, column, raw) ?? value;
  }
  if (value === INVALID) errors.push(`${column}: cannot convert ${describeValue(raw)} to ${converter.type}`);
  else if (value !== undefined) {
    values[slot] = value;
    present?.push(slot);
  }
}

/**
 * ColumnValues.writeVendor() unrolled for the record's column order, when no two of its columns
 * write the same vendor path. A column writes its value (a step's override, cleaned as the final
 * clean-up would) unless it is absent, or a duplicate of an ECS field that is not kept, or empty
 * once cleaned. An object below the prefix exists if one of its columns writes, and is created
 * where its first present column appears, so whether it lives is decided before the writes.
 * (For an object column that means cleaning it twice, which changes nothing the second time.)
 */
function compileVendorWriter(table: ColumnTable): VendorWriter {
  const rules = table.rules;
  const groups = [...new Set(rules.filter((rule) => rule.group >= 0).map((rule) => rule.group))];
  const lines: string[] = [`let v, root${groups.map((group) => `, live${group}, g${group}`).join('')};`];
  const kept = (rule: ColumnRule) => `kept(values[${rule.slot}], duplicatePaths, overrides, keepDuplicates, ${rule.pathSlot})`;
  for (const group of groups) {
    lines.push(`live${group} = ${rules.filter((rule) => rule.group === group).map((rule) => `${kept(rule)} !== undefined`).join(' || ')};`);
  }
  for (const rule of rules) {
    const leaf = literal(rule.keys[rule.keys.length - 1]!);
    if (rule.group < 0) {
      lines.push(`if ((v = ${kept(rule)}) !== undefined) { if (root === undefined) root = rootOf(doc); root[${leaf}] = v; }`);
    } else {
      const g = `g${rule.group}`;
      lines.push(
        `if (live${rule.group} && values[${rule.slot}] !== undefined) {`,
        `  if (root === undefined) root = rootOf(doc);`,
        `  if (${g} === undefined) { ${childObjectSource('root', rule.keys[0]!, g)} }`,
        `  if ((v = ${kept(rule)}) !== undefined) ${g}[${leaf}] = v;`,
        `}`,
      );
    }
  }
  lines.push('return root;');
  const rootOf = new Function('doc', `let root${table.prefix.keys.map((_, level) => `, n${level}`).join('')};\n${prefixSource(table.prefix.keys)}\nreturn root;`);
  const factory = new Function('kept', 'rootOf', `return function writeVendor(doc, values, duplicatePaths, overrides, keepDuplicates) {\n${lines.join('\n')}\n};`);
  return factory(keptValue, rootOf) as VendorWriter;
}

/** What a present column writes into the vendor namespace, or undefined. */
function keptValue(value: unknown, duplicatePaths: readonly boolean[], overrides: readonly unknown[] | undefined, keepDuplicates: boolean, pathSlot: number): unknown {
  if (value === undefined || (!keepDuplicates && duplicatePaths[pathSlot])) return undefined;
  const written = overrides !== undefined && overrides[pathSlot] !== undefined ? overrides[pathSlot] : value;
  return typeof written === 'object' || written === '' ? removeEmpty(written) : written;
}

/** Statements that leave the object at the table's prefix (`m365_defender.event`) in `root`. */
function prefixSource(keys: readonly string[]): string {
  const statements = keys.map((key, level) => childObjectSource(level === 0 ? 'doc' : `n${level - 1}`, key, `n${level}`));
  return `${statements.join(' ')} root = n${keys.length - 1};`;
}
