import { normalizedTime } from './time-format.js';
import type { World } from './world/world.js';

/**
 * The expected outcome of a complete collection: one line per record in its final version,
 * with the id and timestamp its normalized document carries (`event.id`, `@timestamp`).
 */
export interface TruthLine {
  readonly stream: 'incident' | 'alert' | 'vulnerability';
  readonly id: string;
  readonly timestamp: string;
}

/** Lazily, so a million-row export is never listed in memory. */
export function* truthLines(world: World): Generator<TruthLine> {
  for (const tenant of world.tenants) {
    for (const record of tenant.incidents.values()) yield { stream: 'incident', id: record.id, timestamp: normalizedTime(String(record.current.doc.lastUpdateDateTime)) };
    for (const record of tenant.alerts.values()) yield { stream: 'alert', id: record.id, timestamp: normalizedTime(String(record.current.lastUpdateDateTime)) };
  }
  for (const tenant of world.tenants) {
    const plan = tenant.vulnerabilities;
    for (const row of plan.rows(0, plan.totalRows)) yield { stream: 'vulnerability', id: String(row.id), timestamp: exportTimestamp(String(row.eventTimestamp)) };
  }
}

/** Export timestamps are `yyyy-MM-dd HH:mm:ss`, UTC without a zone (§3.3). */
function exportTimestamp(text: string): string {
  return new Date(`${text.replace(' ', 'T')}Z`).toISOString();
}

