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

/** Where a writer was, to go back to it (DocumentBatchWriter.rollback). */
export interface WriterMark {
  readonly documents: number;
  readonly length: number;
  readonly nextRank: number;
  readonly inOrder: boolean;
}

/**
 * Builds a DocumentBatch text by text. Each text is encoded once, straight into a scratch buffer
 * that the next writer reuses (joining the texts first, measuring and encoding would go over them
 * three times); the batch then gets an exact copy of its own. `body` must be a JSON.stringify
 * result, which never holds a raw newline.
 *
 * Documents may be added out of order: each has a rank (by default, after every document before
 * it), and the batch holds them by rank, documents of equal rank in the order added. A caller
 * that maps records table by table then need not hold the texts to put them back in order.
 */
export class DocumentBatchWriter {
  /** The scratch buffer of the last finished writer, unless it grew beyond what is worth keeping. */
  static #spare: Buffer | undefined;
  #scratch = DocumentBatchWriter.#takeSpare();
  readonly #ids: string[] = [];
  /** Where each document's text ends in the scratch buffer (it starts where the one before ends). */
  readonly #ends: number[] = [];
  readonly #ranks: number[] = [];
  #length = 0;
  #nextRank = 0;
  #inOrder = true;

  /** Reserves `count` consecutive ranks for documents to come, and returns the first. */
  reserveRanks(count: number): number {
    const first = this.#nextRank;
    this.#nextRank += count;
    return first;
  }

  add(id: string, body: string, rank = this.reserveRanks(1)): void {
    const room = body.length * MAX_BYTES_PER_UNIT + 1;
    if (this.#scratch.length - this.#length < room) {
      const larger = Buffer.allocUnsafeSlow(Math.max(this.#scratch.length * 2, this.#length + room));
      this.#scratch.copy(larger, 0, 0, this.#length);
      this.#scratch = larger;
    }
    this.#length += this.#scratch.write(body, this.#length, 'utf8');
    this.#scratch[this.#length++] = NEWLINE;
    if (this.#ranks.length > 0 && rank < this.#ranks[this.#ranks.length - 1]!) this.#inOrder = false;
    this.#ids.push(id);
    this.#ends.push(this.#length);
    this.#ranks.push(rank);
  }

  mark(): WriterMark {
    return { documents: this.#ids.length, length: this.#length, nextRank: this.#nextRank, inOrder: this.#inOrder };
  }

  /** Forgets every document added and rank reserved since `mark`. */
  rollback(mark: WriterMark): void {
    for (const list of [this.#ids, this.#ends, this.#ranks]) list.length = mark.documents;
    this.#length = mark.length;
    this.#nextRank = mark.nextRank;
    this.#inOrder = mark.inOrder;
  }

  finish(stream: Stream): DocumentBatch {
    const ndjson = new Uint8Array(this.#length);
    let ids = this.#ids;
    if (this.#inOrder) ndjson.set(this.#scratch.subarray(0, this.#length));
    else {
      // Array#sort is stable: documents of equal rank keep the order they were added in.
      const order = this.#ids.map((_, index) => index).sort((a, b) => this.#ranks[a]! - this.#ranks[b]!);
      let at = 0;
      for (const index of order) {
        const start = index === 0 ? 0 : this.#ends[index - 1]!;
        ndjson.set(this.#scratch.subarray(start, this.#ends[index]), at);
        at += this.#ends[index]! - start;
      }
      ids = order.map((index) => this.#ids[index]!);
    }
    if (this.#scratch.length <= MAX_SPARE_BYTES) DocumentBatchWriter.#spare = this.#scratch;
    return { stream, ids, ndjson };
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
