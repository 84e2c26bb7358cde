import type { SinkDocument } from '../core/sink.js';

/**
 * One NDJSON line per document: the ECS document with its deterministic id first, as `_id` (the
 * name Elasticsearch gives it and that Filebeat/Logstash/Vector can lift into metadata), so a
 * consumer overwrites on replay instead of duplicating. The stored JSON is spliced, not re-parsed:
 * `{"_id":"…",` and the body after its opening brace.
 */
export function ndjsonLines(docs: readonly SinkDocument[]): Buffer {
  const heads: Buffer[] = [];
  const bodies: Uint8Array[] = [];
  let size = 0;
  for (const doc of docs) {
    const body = doc.utf8 ?? Buffer.from(doc.body, 'utf8');
    const rest = afterOpeningBrace(body);
    const head = Buffer.from(`{"_id":${JSON.stringify(doc.id)}${body[rest] === CLOSE_BRACE ? '' : ','}`, 'utf8');
    heads.push(head);
    bodies.push(body.subarray(rest));
    size += head.length + body.length - rest + 1;
  }
  const lines = Buffer.allocUnsafe(size);
  let at = 0;
  for (let index = 0; index < heads.length; index += 1) {
    at += heads[index]!.copy(lines, at);
    lines.set(bodies[index]!, at);
    at += bodies[index]!.length;
    lines[at++] = NEWLINE;
  }
  return lines;
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
const NEWLINE = 0x0a;
