import { INVALID, describeValue, keyword, type Converter } from './convert.js';
import { exactIntegerText } from './integer-text.js';
import { appendUnique, deletePath, setPath, type JsonObject } from './object.js';

/**
 * Table-driven column mapping, the shape of Elastic's pipelines: every known column is renamed
 * into the vendor namespace with a conversion, then some are promoted to ECS fields. Tables are
 * built once at module load; per record the work is one pass over the record's own keys.
 * Columns a table does not know are not copied, as Elastic's renames leave them in the scratch
 * object that is deleted at the end (they stay available in `event.original`).
 */
export interface ColumnRule {
  readonly column: string;
  /** Full dotted vendor path, e.g. `m365_defender.event.account.name`. */
  readonly path: string;
  readonly converter: Converter;
}

export type ColumnTable = ReadonlyMap<string, ColumnRule>;

/** `[column, vendor path below the prefix, converter (keyword by default)]`. */
export type ColumnRow = readonly [column: string, path: string, converter?: Converter];

export function columnTable(prefix: string, ...rowLists: readonly (readonly ColumnRow[])[]): ColumnTable {
  const table = new Map<string, ColumnRule>();
  for (const rows of rowLists) {
    for (const [column, path, converter = keyword] of rows) table.set(column, { column, path: `${prefix}.${path}`, converter });
  }
  return table;
}

/**
 * How a column reaches an ECS field: `set` or `append` (unique, like Elastic's append with
 * allow_duplicates false), optionally lowercased. `duplicate` marks ECS fields that carry the
 * same information as the vendor copy, which is then removed unless the user keeps duplicates
 * (Elastic's `preserve_duplicate_custom_fields`).
 */
export type PromotionMode = 'set' | 'append' | 'setLower' | 'appendLower';

export interface Promotion {
  readonly column: string;
  readonly target: string;
  readonly mode: PromotionMode;
  readonly duplicate: boolean;
}

export const DUPLICATE = 'duplicate';
export type PromotionRow = readonly [column: string, target: string, mode: PromotionMode, duplicate?: typeof DUPLICATE];

export function promotionList(...rowLists: readonly (readonly PromotionRow[])[]): readonly Promotion[] {
  return rowLists.flat().map(([column, target, mode, duplicate]) => ({ column, target, mode, duplicate: duplicate === DUPLICATE }));
}

/** The converted columns of one record, written to the vendor namespace as they are read. */
export class ColumnValues {
  private readonly values = new Map<string, unknown>();
  private readonly duplicates = new Set<string>();

  constructor(
    private readonly table: ColumnTable,
    source: JsonObject,
    private readonly doc: JsonObject,
    errors: string[],
    /** The record's raw text, when known: keywords of integers beyond 2^53 keep every digit. */
    original?: string,
  ) {
    for (const column of Object.keys(source)) {
      const rule = table.get(column);
      const raw = source[column];
      if (rule === undefined || raw === null || raw === undefined || raw === '') continue;
      let value = rule.converter.convert(raw);
      if (original !== undefined && typeof value === 'string' && typeof raw === 'number' && !Number.isSafeInteger(raw) && Number.isInteger(raw)) {
        value = exactIntegerText(original, column, raw) ?? value;
      }
      if (value === INVALID) {
        errors.push(`${column}: cannot convert ${describeValue(raw)} to ${rule.converter.type}`);
      } else if (value !== undefined) {
        this.values.set(column, value);
        setPath(doc, rule.path, value);
      }
    }
  }

  /** The converted value of a column (undefined when absent, empty or invalid). */
  get(column: string): unknown {
    return this.values.get(column);
  }

  /** The value as a non-empty string, or undefined. */
  text(column: string): string | undefined {
    const value = this.values.get(column);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  has(column: string): boolean {
    return this.values.has(column);
  }

  promote(promotions: readonly Promotion[]): void {
    for (const promotion of promotions) {
      const value = this.values.get(promotion.column);
      if (value === undefined) continue;
      const lower = promotion.mode === 'setLower' || promotion.mode === 'appendLower';
      const written = lower ? lowerCase(value) : value;
      if (written === undefined) continue;
      if (promotion.mode === 'set' || promotion.mode === 'setLower') setPath(this.doc, promotion.target, written);
      else appendUnique(this.doc, promotion.target, written);
      if (promotion.duplicate) this.duplicates.add(promotion.column);
    }
  }

  /** Records that a column's value now lives in an ECS field (for mappings done in code). */
  markDuplicate(column: string): void {
    if (this.values.has(column)) this.duplicates.add(column);
  }

  /** Elastic's final `remove` of vendor copies, skipped when duplicates are kept. */
  removeDuplicates(keep: boolean): void {
    if (keep) return;
    for (const column of this.duplicates) {
      const rule = this.table.get(column);
      if (rule) deletePath(this.doc, rule.path);
    }
  }
}

function lowerCase(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item.toLowerCase() : item));
  return undefined;
}
