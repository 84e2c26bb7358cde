import type { ColumnValues } from '../../ecs/column-values.js';
import type { JsonObject } from '../../ecs/object.js';
import type { EventRecordContext } from '../context.js';

/**
 * One Device* record while it is mapped: the router's context, its converted columns (written to
 * `m365_defender.event.*` once the steps are done) and what earlier steps learnt that later steps need.
 */
export interface DeviceRecord {
  readonly context: EventRecordContext;
  readonly doc: JsonObject;
  readonly columns: ColumnValues;
  /** The record comes from a Linux/macOS sensor (Posix fields): no PE metadata applies. */
  readonly unix: boolean;
}

export type DeviceStep = (record: DeviceRecord) => void;
