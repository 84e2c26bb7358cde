import type { DocumentBatch } from './document-batch.js';

export interface HeldBatch {
  readonly seq: number;
  readonly docs: DocumentBatch;
}

/**
 * The batches a sink has not read yet, as they were appended, so that a sink keeping up reads
 * them from memory instead of reading back from SQLite what was just written there (a copy of
 * every document, and the CPU to make it). Only while every batch of the sink above its read
 * cursor is held here: once a batch does not fit (the sink lags), they are all let go and the
 * sink reads the table until it has caught up again. The table always has every batch: this is
 * a cache, never the record.
 */
export class RecentBatches {
  #held: HeldBatch[] = [];
  #bytes = 0;
  /** Every batch above the cursor is in #held. Unknown at open: the table is read first. */
  #complete = false;

  constructor(private readonly maxBytes: number) {}

  /** A batch committed to the table for this sink. */
  add(seq: number, docs: DocumentBatch): void {
    if (!this.#complete) return;
    if (this.#bytes + docs.ndjson.byteLength > this.maxBytes) {
      this.#complete = false;
      this.#held = [];
      this.#bytes = 0;
      return;
    }
    this.#held.push({ seq, docs });
    this.#bytes += docs.ndjson.byteLength;
  }

  /** The next batch above the cursor: held, none (undefined), or 'table' when only the table can tell. */
  next(): HeldBatch | undefined | 'table' {
    if (!this.#complete) return 'table';
    const batch = this.#held.shift();
    if (batch !== undefined) this.#bytes -= batch.docs.ndjson.byteLength;
    return batch;
  }

  /** The table has no batch above the cursor: from now on every new batch is held. */
  caughtUp(): void {
    this.#complete = true;
  }
}
