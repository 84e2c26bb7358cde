import type { SinkDocument } from '../core/sink.js';

/**
 * One NDJSON line per document: the ECS document with its deterministic id first, as `_id` (the
 * name Elasticsearch gives it and that Filebeat/Logstash/Vector can lift into metadata), so a
 * consumer overwrites on replay instead of duplicating. The stored JSON text is spliced, not
 * re-parsed.
 */
export function ndjsonLine(doc: SinkDocument): string {
  const id = `{"_id":${JSON.stringify(doc.id)}`;
  const rest = doc.body.slice(1).trimStart();
  return rest.startsWith('}') ? `${id}}\n` : `${id},${rest}\n`;
}

export function ndjsonLines(docs: readonly SinkDocument[]): string {
  let text = '';
  for (const doc of docs) text += ndjsonLine(doc);
  return text;
}
