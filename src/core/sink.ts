import type { Stream } from './stream.js';

/** A normalized document as it leaves the buffer: its deterministic id and its JSON text. */
export interface SinkDocument {
  readonly id: string;
  readonly stream: Stream;
  /** The ECS document serialized as JSON (stored that way, so a text sink never re-serializes). */
  readonly body: string;
  /**
   * The same text as UTF-8, when the buffer has it so (documents pulled from the buffer always
   * do): a sink that writes bytes copies them instead of decoding `body` and encoding it again.
   */
  readonly utf8?: Uint8Array;
}

/**
 * One document of a batch a sink did not accept. `retryable: false` sends it to the dead-letter
 * with `reason`; `retryable: true` makes the shared delivery helper push it again after backoff.
 */
export interface Rejection {
  readonly index: number;
  readonly reason: string;
  readonly retryable: boolean;
}

/** Documents of the batch not listed in `rejected` are accepted and leave the buffer. */
export interface WriteResult {
  readonly rejected: readonly Rejection[];
}

export const ACCEPTED_ALL: WriteResult = Object.freeze({ rejected: [] });

/**
 * A sink only pushes one batch: the pipeline adds the buffer, retries with backoff, timeouts,
 * dead-lettering and metrics (see docs/components.md). `write` resolves only once the documents
 * are durably accepted (fsynced, acknowledged by the server …); it throws for a whole-batch
 * failure, which is retried unless it is a PermanentError. It must honour `signal`.
 */
export interface Sink {
  readonly name: string;
  /** Where the documents go, for people: a path, "stdout", a URL without credentials. */
  readonly destination: string;
  write(docs: readonly SinkDocument[], signal: AbortSignal): Promise<WriteResult>;
  close(): Promise<void>;
}
