import { keyword, type Converter } from './convert.js';
import { fieldPath, type FieldPath } from './field-path.js';

/**
 * Table-driven column mapping, the shape of Elastic's pipelines: every known column is renamed
 * into the vendor namespace with a conversion, then some are promoted to ECS fields. Tables are
 * built once at module load, with everything a record needs precomputed (paths split, columns
 * numbered); per record the work is one pass over the record's own keys (see column-values.ts).
 * Columns a table does not know are not copied, as Elastic's renames leave them in the scratch
 * object that is deleted at the end (they stay available in `event.original`).
 */

/**
 * Column names are numbered process-wide as tables and promotions are defined, so that a record's
 * values sit in an array and a promotion finds its column by index, not by a Map lookup per use.
 */
export type ColumnId = number & { readonly __brand: 'ColumnId' };
const COLUMN_IDS = new Map<string, ColumnId>();

export function columnId(name: string): ColumnId {
  let id = COLUMN_IDS.get(name);
  if (id === undefined) {
    id = COLUMN_IDS.size as ColumnId;
    COLUMN_IDS.set(name, id);
  }
  return id;
}

export interface ColumnRule {
  readonly column: string;
  /** Where the column's value is kept for a record of this table. */
  readonly slot: number;
  /** Vendor path below the table's prefix, split (`account`, `name`). */
  readonly keys: readonly string[];
  /** Index of that path among the table's distinct vendor paths (ISP and Isp share one). */
  readonly pathSlot: number;
  /** Another column of the table writes the same vendor path. */
  readonly sharedPath: boolean;
  /** Index of the path's parent object among the table's vendor objects, or -1 for the prefix itself. */
  readonly group: number;
  readonly converter: Converter;
}

export interface ColumnTable {
  /** The vendor namespace, e.g. `m365_defender.event`. */
  readonly prefix: FieldPath;
  readonly byName: ReadonlyMap<string, ColumnRule>;
  /** The slot of each column id this table knows (holes elsewhere). */
  readonly slotById: readonly (number | undefined)[];
  readonly rules: readonly ColumnRule[];
  readonly pathCount: number;
  /** The objects below the prefix that hold vendor fields (`account` of `account.name`), by group index. */
  readonly groupKeys: readonly string[];
}

/** `[column, vendor path below the prefix, converter (keyword by default)]`. */
export type ColumnRow = readonly [column: string, path: string, converter?: Converter];

export function columnTable(prefix: string, ...rowLists: readonly (readonly ColumnRow[])[]): ColumnTable {
  const byName = new Map<string, ColumnRule>();
  const rules: ColumnRule[] = [];
  const slotById: (number | undefined)[] = [];
  const pathSlots = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const rows of rowLists) {
    for (const [column, path, converter = keyword] of rows) {
      const { keys } = fieldPath(path);
      // Nested deeper than one object below the prefix would need groups of groups; no table has that.
      if (keys.length > 2) throw new Error(`column ${column}: vendor path ${path} is nested too deeply`);
      const pathSlot = pathSlots.get(path) ?? pathSlots.size;
      pathSlots.set(path, pathSlot);
      let group = -1;
      if (keys.length === 2) {
        group = groups.get(keys[0]!) ?? groups.size;
        groups.set(keys[0]!, group);
      }
      const rule: ColumnRule = { column, slot: byName.get(column)?.slot ?? byName.size, keys, pathSlot, sharedPath: false, group, converter };
      byName.set(column, rule);
      rules[rule.slot] = rule;
      slotById[columnId(column)] = rule.slot;
    }
  }
  const writers = new Map<number, number>();
  for (const rule of rules) writers.set(rule.pathSlot, (writers.get(rule.pathSlot) ?? 0) + 1);
  for (const [slot, rule] of rules.entries()) {
    if (writers.get(rule.pathSlot)! > 1) {
      rules[slot] = { ...rule, sharedPath: true };
      byName.set(rule.column, rules[slot]);
    }
  }
  // A field and an object of the same name below the prefix would replace each other as records
  // are written; ColumnValues.writeVendor() relies on the objects it creates staying in place.
  for (const rule of rules) {
    if (rule.keys.length === 1 && groups.has(rule.keys[0]!)) throw new Error(`column ${rule.column}: ${rule.keys[0]} is also an object of other columns`);
  }
  return { prefix: fieldPath(prefix), byName, slotById, rules, pathCount: pathSlots.size, groupKeys: [...groups.keys()] };
}

/**
 * How a column reaches an ECS field: `set` or `append` (unique, like Elastic's append with
 * allow_duplicates false), optionally lowercased. `duplicate` marks ECS fields that carry the
 * same information as the vendor copy, which is then removed unless the user keeps duplicates
 * (Elastic's `preserve_duplicate_custom_fields`).
 */
export type PromotionMode = 'set' | 'append' | 'setLower' | 'appendLower';

export interface Promotion {
  readonly column: ColumnId;
  readonly target: FieldPath;
  /**
   * The object holding the target (undefined: the document itself), one shared FieldPath per
   * text, so that consecutive promotions into `process.*` or `related.*` find it once.
   */
  readonly parent: FieldPath | undefined;
  readonly leaf: string;
  readonly append: boolean;
  readonly lower: boolean;
  readonly duplicate: boolean;
}

const PARENT_PATHS = new Map<string, FieldPath>();

function parentPath(target: FieldPath): FieldPath | undefined {
  if (target.keys.length === 1) return undefined;
  const text = target.keys.slice(0, -1).join('.');
  let parent = PARENT_PATHS.get(text);
  if (parent === undefined) {
    parent = fieldPath(text);
    PARENT_PATHS.set(text, parent);
  }
  return parent;
}

export const DUPLICATE = 'duplicate';
export type PromotionRow = readonly [column: string, target: string, mode: PromotionMode, duplicate?: typeof DUPLICATE];

export function promotionList(...rowLists: readonly (readonly PromotionRow[])[]): readonly Promotion[] {
  const promotions = rowLists.flat().map(([column, target, mode, duplicate]): Promotion => {
    const path = fieldPath(target);
    return {
      column: columnId(column),
      target: path,
      parent: parentPath(path),
      leaf: path.keys[path.keys.length - 1]!,
      append: mode === 'append' || mode === 'appendLower',
      lower: mode === 'setLower' || mode === 'appendLower',
      duplicate: duplicate === DUPLICATE,
    };
  });
  // ColumnValues.promote() keeps the parent object it found while the parent stays the same; a
  // target that is, or holds, another target's parent would replace that object under it.
  for (const { target } of promotions) {
    for (const { parent } of promotions) {
      if (parent !== undefined && `${parent.text}.`.startsWith(`${target.text}.`)) throw new Error(`promotion target ${target.text} holds the target of another promotion`);
    }
  }
  return promotions;
}
