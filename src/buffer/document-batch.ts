import type { Stream } from '../core/stream.js';

/**
 * Documents of one stream as the buffer stores them and a normalizer thread hands them over: the
 * ids, and the JSON bodies' UTF-8 end to end, each followed by a newline (JSON.stringify never
 * writes a raw newline). One byte array instead of a string per document: it moves between
 * threads without a copy, goes into SQLite as one value, and a byte sink writes it as it is.
 */
export interface DocumentBatch {
  readonly stream: Stream;
  readonly ids: readonly string[];
  /** Owns its whole ArrayBuffer, so that it can be transferred to another thread. */
  readonly ndjson: Uint8Array;
}

export interface DocumentText {
  readonly id: string;
  readonly body: string;
}

const NEWLINE = 0x0a;
/** The most UTF-8 bytes one UTF-16 code unit can take (a surrogate pair takes 4 for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

/** Serializes documents (their JSON texts) into a DocumentBatch, refusing texts JSON.stringify cannot have written. */
export function encodeDocuments(stream: Stream, docs: readonly DocumentText[]): DocumentBatch {
  const writer = new DocumentBatchWriter();
  for (const doc of docs) {
    if (doc.body.includes('\n')) throw new RangeError(`document ${doc.id} holds a raw newline: not a JSON.stringify text`);
    writer.add(doc.id, doc.body);
  }
  return writer.finish(stream);
}

/**
 * Builds a DocumentBatch text by text. Each text is encoded once, straight into a scratch buffer
 * that the next writer reuses (joining the texts first, measuring and encoding would go over them
 * three times); the batch then gets an exact copy of its own. `body` must be a JSON.stringify
 * result, which never holds a raw newline.
 */
export class DocumentBatchWriter {
  /** The scratch buffer of the last finished writer, unless it grew beyond what is worth keeping. */
  static #spare: Buffer | undefined;
  #scratch = DocumentBatchWriter.#takeSpare();
  readonly #ids: string[] = [];
  #length = 0;

  add(id: string, body: string): void {
    const room = body.length * MAX_BYTES_PER_UNIT + 1;
    if (this.#scratch.length - this.#length < room) {
      const larger = Buffer.allocUnsafeSlow(Math.max(this.#scratch.length * 2, this.#length + room));
      this.#scratch.copy(larger, 0, 0, this.#length);
      this.#scratch = larger;
    }
    this.#length += this.#scratch.write(body, this.#length, 'utf8');
    this.#scratch[this.#length++] = NEWLINE;
    this.#ids.push(id);
  }

  finish(stream: Stream): DocumentBatch {
    const ndjson = new Uint8Array(this.#length);
    ndjson.set(this.#scratch.subarray(0, this.#length));
    if (this.#scratch.length <= MAX_SPARE_BYTES) DocumentBatchWriter.#spare = this.#scratch;
    return { stream, ids: this.#ids, ndjson };
  }

  static #takeSpare(): Buffer {
    const spare = DocumentBatchWriter.#spare ?? Buffer.allocUnsafeSlow(1 << 20);
    DocumentBatchWriter.#spare = undefined;
    return spare;
  }
}

const MAX_SPARE_BYTES = 16 * 1024 * 1024;

/** UTF-8 bytes as text (a view's own range of its ArrayBuffer, not the whole of it). */
export function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Each document's body, as views into `ndjson` (without its newline), in order. */
export function documentBodies(ndjson: Uint8Array): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (let at = 0; at < ndjson.length; ) {
    let end = ndjson.indexOf(NEWLINE, at);
    if (end === -1) end = ndjson.length;
    bodies.push(ndjson.subarray(at, end));
    at = end + 1;
  }
  return bodies;
}
