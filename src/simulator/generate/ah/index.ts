import type { Rng } from '../rng.js';
import type { Tenant } from '../tenant.js';
import { DEFAULT_START_MS } from '../time.js';
import { envelope, type AhRecord } from './record.js';
import { DEFAULT_EVENT_MIX, EVENT_TABLES, TABLE_BUILDERS, type EventMix, type EventTable } from './tables.js';

export interface GenerateEventsOptions {
  /** Relative weight per table (tables left out or at 0 are not generated). Default: DEFAULT_EVENT_MIX. */
  readonly mix?: EventMix;
  /** Time of the first event (epoch ms). Default: a fixed date, never the clock. */
  readonly startMs?: number;
  /** Mean gap between consecutive events. Default 3 s (about 1,200 events an hour). */
  readonly meanGapMs?: number;
  /**
   * Emit every table of the mix at least once when count allows, so small samples still cover all
   * tables (default true). The remaining records are drawn by weight.
   */
  readonly everyTable?: boolean;
}

/**
 * `count` Advanced Hunting records in time order, in Event Hub record form
 * `{"time","tenantId","category","operationName","properties"}`. Deterministic for a given tenant,
 * rng state and options.
 */
export function generateEvents(tenant: Tenant, count: number, rng: Rng, options: GenerateEventsOptions = {}): AhRecord[] {
  const records: AhRecord[] = [];
  forEachEvent(tenant, count, rng, options, (record) => records.push(record));
  return records;
}

/**
 * The same records as NDJSON lines (no trailing newline): the fast path for benchmarks and samples.
 * Each record is serialised as soon as it is built, so only the strings stay in memory.
 */
export function generateEventLines(tenant: Tenant, count: number, rng: Rng, options: GenerateEventsOptions = {}): string[] {
  const lines: string[] = [];
  forEachEvent(tenant, count, rng, options, (record) => lines.push(JSON.stringify(record)));
  return lines;
}

function forEachEvent(tenant: Tenant, count: number, rng: Rng, options: GenerateEventsOptions, emit: (record: AhRecord) => void): void {
  let timeMs = options.startMs ?? DEFAULT_START_MS;
  const meanGapMs = options.meanGapMs ?? 3_000;
  for (const table of tableSchedule(count, rng, options)) {
    timeMs += Math.floor(rng.next() * 2 * meanGapMs);
    const context = { tenant, rng, timeMs };
    emit(envelope(table, context, TABLE_BUILDERS[table](context)));
  }
}

function tableSchedule(count: number, rng: Rng, options: GenerateEventsOptions): EventTable[] {
  const mix = options.mix ?? DEFAULT_EVENT_MIX;
  const weights = EVENT_TABLES.map((table) => [table, mix[table] ?? 0] as const).filter(([, weight]) => weight > 0);
  if (weights.length === 0 || count <= 0) return [];
  const schedule: EventTable[] = options.everyTable === false || count < weights.length ? [] : weights.map(([table]) => table);
  while (schedule.length < count) schedule.push(rng.weighted(weights));
  return rng.sample(schedule, schedule.length);
}
