import type { JsonObject } from '../ecs/object.js';
import type { NormalizeOptions } from '../types.js';

/**
 * What a table-family normalizer works on: one Advanced Hunting record and the document being
 * built from it. Handlers only add to `doc` and `errors`; the router does the envelope before and
 * the clean-up after (removeEmpty, tags, pipeline_error), once for every table. Handlers write
 * through setPath()/setField() or ColumnValues, never by plain assignment: the clean-up walk runs
 * only when one of those writes saw an empty value (ecs/empty-watch.ts).
 */
export interface EventRecordContext {
  /** The Advanced Hunting table, e.g. `DeviceProcessEvents` (category without `AdvancedHunting-`). */
  readonly table: string;
  /** The whole Event Hub record (`time`, `tenantId`, `category`, `properties`, `Tenant`). */
  readonly record: JsonObject;
  /** `record.properties`: the table's columns (an empty object when missing). */
  readonly properties: JsonObject;
  readonly doc: JsonObject;
  readonly options: NormalizeOptions;
  /** Messages for `error.message`; any entry turns the document into `event.kind: pipeline_error`. */
  readonly errors: string[];
  /** The record's raw text (for integers beyond 2^53, which JSON.parse rounds). */
  readonly original?: string;
}

export type TableNormalizer = (context: EventRecordContext) => void;
