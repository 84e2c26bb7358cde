import type { ColumnId, ColumnRule, ColumnTable, Promotion } from './column-map.js';
import { INVALID, describeValue, keyword } from './convert.js';
import { watchWrite } from './empty-watch.js';
import { ensureObject, setField, type FieldPath } from './field-path.js';
import { generatedCodeEnabled } from './codegen.js';
import { layoutFor, type ColumnLayout, type VendorWriter } from './column-layout.js';
import { appendable, appendInto, lowerCase } from './promotion-code.js';
import { exactIntegerText } from './integer-text.js';
import { removeEmpty, type JsonObject } from './object.js';

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
  /**
   * Slots of the converted columns, in the record's order: the order of the vendor fields, for
   * the general writeVendor() (generated writers know the order and leave this empty).
   */
  private readonly present: number[] = [];
  /** By vendor path slot: a column writing this path duplicates an ECS field. */
  private readonly duplicatePaths: boolean[];
  /** By vendor path slot: what a step wrote there instead of the column's value (rare). */
  private overrides: unknown[] | undefined;
  /** Vendor fields added by steps after the columns (rare), as [path below the prefix, value]. */
  private extras: [FieldPath, unknown][] | undefined;
  /** promote()'s last parent object and its path (null: none yet; undefined: the document). */
  private parentPath: FieldPath | undefined | null = null;
  private parent: JsonObject;
  /** The generated code for the record's column order (column-layout.ts), if any. */
  private readonly layout: ColumnLayout | undefined;
  private readonly writer: VendorWriter | undefined;

  /**
   * The columns' rules: the table's, or, for a record read by generated code, the table's
   * restricted to the record's columns and numbered in its order (some 60 slots, not the Device
   * table's 170: two arrays of those per record were a sixth of the reading time).
   */
  private readonly table: ColumnTable;

  constructor(
    table: ColumnTable,
    source: JsonObject,
    private readonly doc: JsonObject,
    errors: string[],
    /** The record's raw text, when known: keywords of integers beyond 2^53 keep every digit. */
    original?: string,
  ) {
    this.parent = doc;
    const columns = Object.keys(source);
    const layout = generatedCodeEnabled() ? layoutFor(table, columns) : undefined;
    this.layout = layout;
    this.table = layout?.shape ?? table;
    // Holes read as undefined (absent, not a duplicate); filling them cost more than the reads.
    this.values = new Array<unknown>(this.table.rules.length);
    this.duplicatePaths = new Array<boolean>(this.table.pathCount);
    if (layout !== undefined) {
      layout.read(source, this.values, this.present, errors, original);
      this.writer = layout.writeVendor;
      return;
    }
    // Object.values lists the values in Object.keys order; a keyed read per column of a record
    // (a megamorphic load) took twice as long as both lists.
    const raws = Object.values(source);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const raw = raws[i];
      const rule = table.byName.get(column);
      if (rule === undefined || raw === null || raw === undefined || raw === '') continue;
      // A string keyword is its own value: most columns, without the converter call.
      let value = typeof raw === 'string' && rule.converter === keyword ? raw : rule.converter.convert(raw);
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
    const promoter = this.layout?.promoter(promotions);
    if (promoter !== undefined) {
      promoter(this.values, this.duplicatePaths, this.doc);
      return;
    }
    this.parentPath = null;
    for (const promotion of promotions) {
      const slot = this.table.slotById[promotion.column];
      if (slot === undefined) continue;
      const value = this.values[slot];
      if (value === undefined) continue;
      const written = promotion.lower ? lowerCase(value) : value;
      if (written === undefined) continue;
      if (promotion.append) this.append(promotion, written);
      else {
        watchWrite(written);
        this.parentOf(promotion)[promotion.leaf] = written;
      }
      if (promotion.duplicate) this.duplicatePaths[this.table.rules[slot]!.pathSlot] = true;
    }
  }

  /** The object a promotion writes into, created where missing; found again only when it changes. */
  private parentOf(promotion: Promotion): JsonObject {
    if (promotion.parent !== this.parentPath) {
      const keys = promotion.parent?.keys;
      this.parent = keys === undefined ? this.doc : ensureObject(this.doc, keys, keys.length);
      this.parentPath = promotion.parent;
    }
    return this.parent;
  }

  /** appendUnique() (ecs/object.ts) into the promotion's target: nested lists flattened, "" and null skipped. */
  private append(promotion: Promotion, value: unknown): void {
    // The parent is made only when something lands in it, as the generated promoter does.
    if (appendable(value)) appendInto(this.parentOf(promotion), promotion.leaf, value);
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
   * unless they are kept, each value cleaned as its final clean-up would (JSON columns hold nulls,
   * an AdditionalFields left without its `direction` is `{}`). Called once, after the steps.
   */
  writeVendor(keepDuplicates: boolean): void {
    if (this.writer !== undefined) {
      this.writeExtras(this.writer(this.doc, this.values, this.duplicatePaths, this.overrides, keepDuplicates));
      return;
    }
    const { present, table } = this;
    // What each column writes (undefined: nothing), and which objects below the prefix keep a
    // field: an object exists only if one does, and it is created where its first column (kept
    // or not) appears, which is where writing everything would have put it.
    const written = new Array<unknown>(present.length);
    const live = new Array<boolean>(table.groupKeys.length);
    for (let i = 0; i < present.length; i++) {
      const rule = table.rules[present[i]!]!;
      if (!keepDuplicates && this.duplicatePaths[rule.pathSlot]) continue;
      let value = this.overrides === undefined && !rule.sharedPath ? this.values[present[i]!] : this.finalValue(i, rule);
      // Scalars other than "" are clean; only JSON columns and rewrites can hold empty values.
      if (typeof value === 'object' || value === '') value = removeEmpty(value);
      if (value === undefined) continue;
      written[i] = value;
      if (rule.group >= 0) live[rule.group] = true;
    }
    let root: JsonObject | undefined;
    const groups = new Array<JsonObject | undefined>(table.groupKeys.length);
    for (let i = 0; i < present.length; i++) {
      const rule = table.rules[present[i]!]!;
      const value = written[i];
      if (rule.group < 0 ? value === undefined : !live[rule.group]) continue;
      root ??= ensureObject(this.doc, table.prefix.keys, table.prefix.keys.length);
      const parent = rule.group < 0 ? root : (groups[rule.group] ??= ensureObject(root, rule.keys, 1));
      if (value !== undefined) parent[rule.keys[rule.keys.length - 1]!] = value;
    }
    this.writeExtras(root);
  }

  /** The steps' own vendor fields, after the columns' (`root`: the vendor object, if written yet). */
  private writeExtras(root: JsonObject | undefined): void {
    for (const [path, value] of this.extras ?? []) {
      const cleaned = removeEmpty(value);
      if (cleaned === undefined) continue;
      root ??= ensureObject(this.doc, this.table.prefix.keys, this.table.prefix.keys.length);
      setField(root, path, cleaned);
    }
  }

  /**
   * The value a vendor path ends with, written at its first column: a step's rewrite, else the
   * last of the columns writing it (ISP then Isp). Undefined for the later columns of a path.
   */
  private finalValue(index: number, rule: ColumnRule): unknown {
    const override = this.overrides?.[rule.pathSlot];
    if (!rule.sharedPath) return override === undefined ? this.values[this.present[index]!] : override;
    const samePath = (slot: number) => this.table.rules[slot]!.pathSlot === rule.pathSlot;
    if (this.present.slice(0, index).some(samePath)) return undefined;
    if (override !== undefined) return override;
    const last = this.present.findLast(samePath)!;
    return this.values[last];
  }
}
