import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
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

export async function writeTruthFile(world: World, file: string): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let chunk = '';
  for (const line of truthLines(world)) {
    chunk += `${JSON.stringify(line)}\n`;
    if (chunk.length >= 65_536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}
