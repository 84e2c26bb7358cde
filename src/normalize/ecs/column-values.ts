import type { ColumnId, ColumnRule, ColumnTable, Promotion } from './column-map.js';
import { INVALID, describeValue } from './convert.js';
import { appendField, ensureObject, setField, type FieldPath } from './field-path.js';
import { exactIntegerText } from './integer-text.js';
import { type JsonObject } from './object.js';

/**
 * The converted columns of one record, mapped in Elastic's order of effects but not of work:
 * columns are converted as they are read, steps promote them to ECS and say which vendor copies
 * are duplicates, and only then, in writeVendor(), is the vendor namespace written, without the
 * copies that Elastic's final `remove` would delete. Deleting them afterwards cost the deletes
 * and turned the vendor object into a dictionary-mode object, which JSON.stringify walks slowly.
 *
 * The result is the same document, key order included: vendor fields go in the record's column
 * order, and an object below the prefix (`initiating_process`, `remote`…) takes the place where
 * its first column appeared, as when the copies were written and some of them deleted.
 */
export class ColumnValues {
  /** Converted values by table slot (undefined: absent, empty or invalid). */
  private readonly values: unknown[];
  /** Slots of the converted columns, in the record's order: the order of the vendor fields. */
  private readonly present: number[] = [];
  /** By vendor path slot: a column writing this path duplicates an ECS field. */
  private readonly duplicatePaths: boolean[];
  /** By vendor path slot: what a step wrote there instead of the column's value (rare). */
  private overrides: unknown[] | undefined;
  /** Vendor fields added by steps after the columns (rare), as [path below the prefix, value]. */
  private extras: [FieldPath, unknown][] | undefined;

  constructor(
    private readonly table: ColumnTable,
    source: JsonObject,
    private readonly doc: JsonObject,
    errors: string[],
    /** The record's raw text, when known: keywords of integers beyond 2^53 keep every digit. */
    original?: string,
  ) {
    this.values = new Array<unknown>(table.rules.length);
    this.duplicatePaths = new Array<boolean>(table.pathCount).fill(false);
    for (const column of Object.keys(source)) {
      const rule = table.byName.get(column);
      const raw = source[column];
      if (rule === undefined || raw === null || raw === undefined || raw === '') continue;
      let value = rule.converter.convert(raw);
      if (original !== undefined && typeof value === 'string' && typeof raw === 'number' && !Number.isSafeInteger(raw) && Number.isInteger(raw)) {
        value = exactIntegerText(original, column, raw) ?? value;
      }
      if (value === INVALID) {
        errors.push(`${column}: cannot convert ${describeValue(raw)} to ${rule.converter.type}`);
      } else if (value !== undefined) {
        if (this.values[rule.slot] === undefined) this.present.push(rule.slot);
        this.values[rule.slot] = value;
      }
    }
  }

  /** The converted value of a column (undefined when absent, empty or invalid). */
  get(column: ColumnId): unknown {
    const slot = this.table.slotById[column];
    return slot === undefined ? undefined : this.values[slot];
  }

  /** The value as a non-empty string, or undefined. */
  text(column: ColumnId): string | undefined {
    const value = this.get(column);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  has(column: ColumnId): boolean {
    return this.get(column) !== undefined;
  }

  promote(promotions: readonly Promotion[]): void {
    for (const promotion of promotions) {
      const slot = this.table.slotById[promotion.column];
      if (slot === undefined) continue;
      const value = this.values[slot];
      if (value === undefined) continue;
      const written = promotion.lower ? lowerCase(value) : value;
      if (written === undefined) continue;
      if (promotion.append) appendField(this.doc, promotion.target, written);
      else setField(this.doc, promotion.target, written);
      if (promotion.duplicate) this.duplicatePaths[this.table.rules[slot]!.pathSlot] = true;
    }
  }

  /** Records that a column's value now lives in an ECS field (for mappings done in code). */
  markDuplicate(column: ColumnId): void {
    const slot = this.table.slotById[column];
    if (slot !== undefined && this.values[slot] !== undefined) this.duplicatePaths[this.table.rules[slot]!.pathSlot] = true;
  }

  /**
   * A step's own value for a column's vendor field (Elastic rewrites some, e.g. the registry key
   * without its hive). Reads of the column still see the converted value.
   */
  rewriteVendor(column: ColumnId, value: unknown): void {
    const slot = this.table.slotById[column];
    if (slot === undefined || this.values[slot] === undefined) return;
    (this.overrides ??= new Array<unknown>(this.table.pathCount))[this.table.rules[slot]!.pathSlot] = value;
  }

  /** A vendor field that is not a column's (e.g. `network_direction`), written after the columns. */
  addVendor(path: FieldPath, value: unknown): void {
    if (value !== undefined) (this.extras ??= []).push([path, value]);
  }

  /**
   * Elastic's renames into the vendor namespace, minus the duplicates its final `remove` deletes
   * unless they are kept. Called once, after the steps.
   */
  writeVendor(keepDuplicates: boolean): void {
    const { present, table } = this;
    if (present.length === 0 && this.extras === undefined) return;
    const root = ensureObject(this.doc, table.prefix.keys, table.prefix.keys.length);
    const kept = (rule: ColumnRule) => keepDuplicates || !this.duplicatePaths[rule.pathSlot];
    // An object below the prefix exists only if one of its fields stays; it is created where its
    // first column (kept or not) appears, which is where writing everything would have put it.
    const live = new Array<boolean>(table.groupKeys.length).fill(false);
    for (const slot of present) {
      const rule = table.rules[slot]!;
      if (rule.group >= 0 && kept(rule)) live[rule.group] = true;
    }
    const groups = new Array<JsonObject | undefined>(table.groupKeys.length);
    for (const slot of present) {
      const rule = table.rules[slot]!;
      let parent = root;
      if (rule.group >= 0) {
        if (!live[rule.group]) continue;
        parent = groups[rule.group] ??= ensureObject(root, rule.keys, 1);
      }
      if (!kept(rule)) continue;
      const override = this.overrides?.[rule.pathSlot];
      parent[rule.keys[rule.keys.length - 1]!] = override === undefined ? this.values[slot] : override;
    }
    if (this.extras) for (const [path, value] of this.extras) setField(root, path, value);
  }
}

function lowerCase(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item.toLowerCase() : item));
  return undefined;
}
