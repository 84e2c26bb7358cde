import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Stream } from '../../src/core/stream.js';
import { normalizeLine } from '../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../src/normalize/types.js';

/**
 * Distinct raw alert records (Graph alerts_v2 shape: id + lastUpdateDateTime identify them) padded
 * to about `bytes` each, one per line.
 */
export function alertLines(count: number, bytes = 300): string[] {
  return Array.from({ length: count }, (_, index) => {
    const head = { id: `da${String(index).padStart(10, '0')}`, lastUpdateDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(), title: '' };
    const base = JSON.stringify(head).length;
    return JSON.stringify({ ...head, title: `alert ${index} `.padEnd(Math.max(0, bytes - base), 'x') });
  });
}

export function writeLines(path: string, lines: readonly string[]): void {
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
}

/** The document ids the pipeline must deliver for these raw lines, computed by the normalizer itself. */
export function expectedIds(stream: Stream, lines: readonly string[]): string[] {
  return lines.flatMap((line) => normalizeLine(stream, line, DEFAULT_NORMALIZE_OPTIONS).map((doc) => doc.id));
}

/**
 * Every `_id` found in the NDJSON output files of a folder (rotated `.gz` ones included), in file
 * order. Every line must be a whole JSON document: a torn line fails here.
 */
export function outputIds(dir: string): string[] {
  const ids: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ndjson(\.gz)?$/.test(name)) continue;
    const raw = readFileSync(join(dir, name));
    const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let doc: { _id?: unknown };
      try {
        doc = JSON.parse(line) as { _id?: unknown };
      } catch {
        throw new Error(`${name}: a line is not a whole JSON document: ${line.slice(0, 120)}…`);
      }
      if (typeof doc._id !== 'string') throw new Error(`${name}: a line has no _id`);
      ids.push(doc._id);
    }
  }
  return ids;
}

/**
 * `outputIds` while a process may still be writing the folder (a line half written, a rotated
 * file being gzipped): what can be read whole now, or nothing. For polling only; the final
 * check uses `outputIds`, which fails on any torn line.
 */
export function outputIdsSoFar(dir: string): string[] {
  try {
    return outputIds(dir);
  } catch {
    return [];
  }
}
