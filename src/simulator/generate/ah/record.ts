import type { Rng } from '../rng.js';
import type { Tenant } from '../tenant.js';
import { msTime } from '../time.js';

/** One Advanced Hunting record as the Streaming API puts it on Event Hubs. */
export interface AhRecord {
  readonly time: string;
  readonly tenantId: string;
  readonly category: string;
  readonly operationName: 'Publish';
  readonly properties: Record<string, unknown>;
}

/** What a table builder gets: the tenant, the PRNG and the event time (epoch ms). */
export interface EventContext {
  readonly tenant: Tenant;
  readonly rng: Rng;
  readonly timeMs: number;
}

/** Builds the `properties` (the table row) of one record. */
export type TableBuilder = (context: EventContext) => Record<string, unknown>;

/**
 * Wraps a row in the Event Hub envelope. `time` is when Defender exported the event, which trails
 * the event's own `Timestamp` by tens of seconds to a couple of minutes.
 */
export function envelope(table: string, context: EventContext, properties: Record<string, unknown>): AhRecord {
  return {
    time: msTime(context.timeMs + context.rng.int(20_000, 120_000), context.rng),
    tenantId: context.tenant.id,
    category: `AdvancedHunting-${table}`,
    operationName: 'Publish',
    properties,
  };
}
