import type { SinkDocument } from '../core/sink.js';

/** NDJSON lines as the pieces to write, in order, and their total size. */
export interface NdjsonParts {
  readonly parts: Uint8Array[];
  readonly bytes: number;
}

/**
 * One NDJSON line per document: the ECS document with its deterministic id first, as `_id` (the
 * name Elasticsearch gives it and that Filebeat/Logstash/Vector can lift into metadata), so a
 * consumer overwrites on replay instead of duplicating. The stored JSON is spliced, not re-parsed:
 * `{"_id":"…",` and the body after its opening brace. The bodies are not copied: the pieces are
 * views of them, for a gathering write (writev).
 */
export function ndjsonParts(docs: readonly SinkDocument[]): NdjsonParts {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (const [index, doc] of docs.entries()) {
    const body = doc.utf8 ?? Buffer.from(doc.body, 'utf8');
    const rest = afterOpeningBrace(body);
    // The previous line's newline goes with this line's head: one piece fewer per document.
    const head = Buffer.from(`${index === 0 ? '' : '\n'}{"_id":${JSON.stringify(doc.id)}${body[rest] === CLOSE_BRACE ? '' : ','}`, 'utf8');
    const tail = body.subarray(rest);
    parts.push(head, tail);
    bytes += head.length + tail.length;
  }
  if (docs.length > 0) {
    parts.push(NEWLINE);
    bytes += 1;
  }
  return { parts, bytes };
}

/** The lines as one buffer (for a stream that writes one chunk). */
export function ndjsonLines(docs: readonly SinkDocument[]): Buffer {
  const { parts, bytes } = ndjsonParts(docs);
  return Buffer.concat(parts, bytes);
}

/** The index after the body's `{` and any whitespace following it. */
function afterOpeningBrace(body: Uint8Array): number {
  let at = body.indexOf(OPEN_BRACE) + 1;
  while (at < body.length && isSpace(body[at]!)) at += 1;
  return at;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NEWLINE = new Uint8Array([0x0a]);
