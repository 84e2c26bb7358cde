import type { SinkDocument } from '../core/sink.js';
import type { Stream } from '../core/stream.js';

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
    return (this.#body ??= Buffer.from(this.utf8.buffer, this.utf8.byteOffset, this.utf8.byteLength).toString('utf8'));
  }
}

/** Buffer order: by batch row, then by place in the batch. */
export function bufferOrder(a: BufferedDocument, b: BufferedDocument): number {
  return a.seq - b.seq || a.index - b.index;
}
