import type { SinkDocument } from '../core/sink.js';
import type { Stream } from '../core/stream.js';
import type { BatchRow } from './batch-table.js';
import { documentBodies, utf8Text } from './document-batch.js';

/**
 * A document held in a sink's buffer. `seq` is its batch row and `index` its place in that batch:
 * together they order it and name it for ack/nack. The body stays UTF-8 bytes (a view into the
 * row read from SQLite) until a sink asks for the text.
 */
export class BufferedDocument implements SinkDocument {
  #body: string | undefined;

  constructor(
    readonly seq: number,
    readonly index: number,
    readonly id: string,
    readonly stream: Stream,
    readonly utf8: Uint8Array,
  ) {}

  get bytes(): number {
    return this.utf8.byteLength;
  }

  get body(): string {
    return (this.#body ??= utf8Text(this.utf8));
  }
}

/** Buffer order: by batch row, then by place in the batch. */
export function bufferOrder(a: BufferedDocument, b: BufferedDocument): number {
  return a.seq - b.seq || a.index - b.index;
}

/** The documents of a batch row; throws if its ids and bodies do not match its count (a damaged file). */
export function rowDocuments(row: BatchRow): BufferedDocument[] {
  const ids = JSON.parse(row.ids) as string[];
  const bodies = documentBodies(row.bodies);
  if (ids.length !== row.documents || bodies.length !== row.documents) {
    throw new Error(`buffer row ${row.seq} is damaged: ${row.documents} documents announced, ${ids.length} ids and ${bodies.length} bodies found`);
  }
  return batchDocuments(row.seq, row.stream as Stream, ids, row.bodies, bodies);
}

/** The documents of a batch, as views into its bytes. */
export function batchDocuments(seq: number, stream: Stream, ids: readonly string[], ndjson: Uint8Array, bodies = documentBodies(ndjson)): BufferedDocument[] {
  return bodies.map((body, index) => new BufferedDocument(seq, index, ids[index]!, stream, body));
}

/** Documents by their batch row, in the order given. */
export function groupByRow(docs: readonly BufferedDocument[]): Map<number, BufferedDocument[]> {
  const rows = new Map<number, BufferedDocument[]>();
  for (const doc of docs) {
    const row = rows.get(doc.seq);
    if (row === undefined) rows.set(doc.seq, [doc]);
    else row.push(doc);
  }
  return rows;
}
