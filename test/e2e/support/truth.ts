import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TruthLine {
  readonly stream: string;
  readonly id: string;
  readonly timestamp: string;
}

export interface OutputDocument {
  readonly _id: string;
  readonly [key: string]: unknown;
}

/** The documents a file sink wrote for one stream (`<dir>/<stream>.ndjson`). */
export function readOutput(dir: string, stream: string): OutputDocument[] {
  const file = join(dir, `${stream}.ndjson`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as OutputDocument);
}

export function readTruth(file: string): TruthLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as TruthLine);
}

function eventOf(doc: OutputDocument): { id: unknown; timestamp: unknown } {
  return { id: (doc.event as { id?: unknown } | undefined)?.id, timestamp: doc['@timestamp'] };
}

/**
 * Truth lines with no output document carrying that `event.id` and `@timestamp`. Streamed event
 * lines (no id: table, report_id) are not checked here.
 */
export function missingVersions(truth: Iterable<TruthLine | { readonly stream: 'event' }>, outputs: ReadonlyMap<string, readonly OutputDocument[]>): TruthLine[] {
  const present = new Set<string>();
  for (const [stream, docs] of outputs) {
    for (const doc of docs) {
      const { id, timestamp } = eventOf(doc);
      present.add(`${stream}|${String(id)}|${String(timestamp)}`);
    }
  }
  return [...truth].filter((line): line is TruthLine => 'id' in line).filter((line) => !present.has(`${line.stream}|${line.id}|${line.timestamp}`));
}

/**
 * Documents that repeat a record version under a different `_id`: a duplicate the deterministic
 * ids cannot collapse. (The same `_id` twice is a redelivery the SIEM overwrites.) Incidents
 * become one document per (incident, alert), so the alert id is part of their version key.
 */
export function uncollapsedDuplicates(stream: string, docs: readonly OutputDocument[]): string[] {
  const idsByVersion = new Map<string, Set<string>>();
  for (const doc of docs) {
    const { id, timestamp } = eventOf(doc);
    const alertId = stream === 'incident' ? String((doc.m365_defender as { incident?: { alert?: { id?: unknown } } } | undefined)?.incident?.alert?.id ?? '') : '';
    const key = `${String(id)}|${String(timestamp)}|${alertId}`;
    const ids = idsByVersion.get(key) ?? new Set<string>();
    ids.add(doc._id);
    idsByVersion.set(key, ids);
  }
  return [...idsByVersion].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${stream} ${key}: ${[...ids].join(', ')}`);
}

export interface EventTruthLine {
  readonly stream: 'event';
  readonly table: string;
  readonly report_id: unknown;
  readonly timestamp: string;
}

/**
 * Streamed events the output lacks, compared as multisets of (table, @timestamp): generated
 * ReportIds can repeat and two tables keep them in different fields, while every published
 * record must yield one document of its table at its time. A redelivered event (same `_id`) is
 * counted once.
 */
export function missingEvents(truth: Iterable<unknown>, docs: readonly OutputDocument[]): string[] {
  const expected = new Map<string, number>();
  for (const line of truth) {
    const event = line as Partial<EventTruthLine>;
    if (event.stream !== 'event' || event.table === undefined) continue;
    const key = `${event.table}|${String(event.timestamp)}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const seen = new Set<string>();
  const found = new Map<string, number>();
  for (const doc of docs) {
    if (seen.has(doc._id)) continue;
    seen.add(doc._id);
    const category = String((doc.m365_defender as { event?: { category?: unknown } } | undefined)?.event?.category ?? '');
    const key = `${category.replace(/^AdvancedHunting-/, '')}|${String(doc['@timestamp'])}`;
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  return [...expected].filter(([key, count]) => (found.get(key) ?? 0) < count).map(([key, count]) => `${key}: ${found.get(key) ?? 0} of ${count}`);
}
