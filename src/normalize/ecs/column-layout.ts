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
 * are exactly `keys` (checked per record); test/normalize/column-layout.test.ts runs both over
 * generated and mutated records. Any other order, or a table with more orders than
 * MAX_LAYOUTS_PER_TABLE, takes the general path.
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
  /** promote() of a promotion list for this layout, compiled on first use. */
  promoter(promotions: readonly Promotion[]): Promoter;
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
  if (layouts.count >= MAX_LAYOUTS_PER_TABLE) return undefined;
  const layout = compileLayout(table, keys);
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
  const promoters = new Map<readonly Promotion[], Promoter>();
  return {
    keys: [...keys],
    shape,
    read: compileReader(shape.rules),
    writeVendor: shape.rules.some((rule) => rule.sharedPath) ? undefined : compileVendorWriter(shape),
    promoter(promotions) {
      let promoter = promoters.get(promotions);
      if (promoter === undefined) {
        promoter = compilePromoter(promotions, shape);
        promoters.set(promotions, promoter);
      }
      return promoter;
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
 * integer beyond 2^53 made a keyword, report INVALID, else record the value and its order.
 */
function compileReader(rules: readonly ColumnRule[]): LayoutReader {
  const converters: Converter[] = [];
  const lines: string[] = ['let raw, value;'];
  rules.forEach((rule, index) => {
    converters.push(rule.converter);
    const column = literal(rule.column);
    const convert = rule.converter === keyword ? `typeof raw === "string" ? raw : c${index}.convert(raw)` : `c${index}.convert(raw)`;
    lines.push(
      `raw = source[${column}];`,
      `if (raw !== null && raw !== undefined && raw !== "") {`,
      `  value = ${convert};`,
      `  if (original !== undefined && typeof value === "string" && typeof raw === "number" && !Number.isSafeInteger(raw) && Number.isInteger(raw)) value = exactIntegerText(original, ${column}, raw) ?? value;`,
      `  if (value === INVALID) errors.push(invalid(${column}, raw, c${index}));`,
      `  else if (value !== undefined) { values[${rule.slot}] = value; present.push(${rule.slot}); }`,
      `}`,
    );
  });
  const head = converters.map((_, index) => `const c${index} = converters[${index}];`).join('\n');
  const factory = new Function('converters', 'INVALID', 'exactIntegerText', 'invalid', `${head}\nreturn function read(source, values, present, errors, original) {\n${lines.join('\n')}\n};`);
  return factory(converters, INVALID, exactIntegerText, invalidMessage) as LayoutReader;
}

function invalidMessage(column: string, raw: unknown, converter: Converter): string {
  return `${column}: cannot convert ${describeValue(raw)} to ${converter.type}`;
}

/**
 * ColumnValues.writeVendor() unrolled for the record's column order, when no two of its columns
 * write the same vendor path. First what each present column writes (nothing if it duplicates an
 * ECS field that is not kept, or if its cleaned value is empty) and which objects below the
 * prefix keep a field; then, in column order, the writes, each object created where its first
 * present column appears.
 */
function compileVendorWriter(table: ColumnTable): VendorWriter {
  const rules = table.rules;
  const lines: string[] = [`let value, root${table.prefix.keys.map((_, level) => `, n${level}`).join('')};`];
  const groups = [...new Set(rules.filter((rule) => rule.group >= 0).map((rule) => rule.group))];
  if (groups.length > 0) lines.push(`let ${groups.map((group) => `live${group} = false, g${group}`).join(', ')};`);
  rules.forEach((rule, index) => {
    lines.push(
      `let w${index};`,
      `value = values[${rule.slot}];`,
      `if (value !== undefined && (keepDuplicates || !duplicatePaths[${rule.pathSlot}])) {`,
      `  if (overrides !== undefined && overrides[${rule.pathSlot}] !== undefined) value = overrides[${rule.pathSlot}];`,
      `  if (typeof value === "object" || value === "") value = removeEmpty(value);`,
      `  if (value !== undefined) { w${index} = value;${rule.group >= 0 ? ` live${rule.group} = true;` : ''} }`,
      `}`,
    );
  });
  const rootSource = prefixSource(table.prefix.keys);
  rules.forEach((rule, index) => {
    const leaf = literal(rule.keys[rule.keys.length - 1]!);
    if (rule.group < 0) {
      lines.push(`if (w${index} !== undefined) { if (root === undefined) { ${rootSource} } root[${leaf}] = w${index}; }`);
    } else {
      const group = rule.group;
      lines.push(
        `if (values[${rule.slot}] !== undefined && live${group}) {`,
        `  if (root === undefined) { ${rootSource} }`,
        `  if (g${group} === undefined) { ${childObjectSource('root', rule.keys[0]!, `g${group}`)} }`,
        `  if (w${index} !== undefined) g${group}[${leaf}] = w${index};`,
        `}`,
      );
    }
  });
  lines.push('return root;');
  const factory = new Function('removeEmpty', `return function writeVendor(doc, values, duplicatePaths, overrides, keepDuplicates) {\n${lines.join('\n')}\n};`);
  return factory(removeEmpty) as VendorWriter;
}

/** Statements that leave the object at the table's prefix (`m365_defender.event`) in `root`. */
function prefixSource(keys: readonly string[]): string {
  const statements = keys.map((key, level) => childObjectSource(level === 0 ? 'doc' : `n${level - 1}`, key, `n${level}`));
  return `${statements.join(' ')} root = n${keys.length - 1};`;
}
