import type { SourceBatch } from '../../core/source.js';

/** A batch waiting to be committed, and how to tell its partition's handler the outcome. */
export interface Offer {
  readonly batch: SourceBatch;
  /** `true`: taken on by the runner. `false`: the source stopped first (it will be read again). */
  settle(committed: boolean): void;
}

/**
 * Hands batches from the SDK's per-partition handlers (concurrent pushes) to the source's async
 * iterable (one pull at a time, by the runner). A handler's promise settles only when the runner
 * has taken its batch on (asked for the next one: it committed it, or, reading ahead, holds it
 * among its bounded few in normalization), and the SDK does not deliver that partition's next
 * batch before, so the queue holds at most one batch per partition: the runner's backpressure
 * reaches Event Hubs.
 */
export class BatchHandoff {
  #queue: Offer[] = [];
  #wake: (() => void) | undefined;
  #open = true;

  /** Resolves once the runner took the batch on (`true`) or the source stopped first (`false`). */
  offer(batch: SourceBatch): Promise<boolean> {
    if (!this.#open) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.#queue.push({ batch, settle: resolve });
      this.#notify();
    });
  }

  /** The next batch, oldest first; undefined once `signal` aborts and nothing is queued. */
  async take(signal: AbortSignal): Promise<Offer | undefined> {
    while (this.#queue.length === 0) {
      if (signal.aborted || !this.#open) return undefined;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          this.#wake = undefined;
          resolve();
        };
        this.#wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return this.#queue.shift();
  }

  /** Refuses new batches and releases every waiting handler uncommitted: nothing hangs on a stopped source. */
  close(): void {
    this.#open = false;
    const pending = this.#queue;
    this.#queue = [];
    for (const offer of pending) offer.settle(false);
    this.#notify();
  }

  #notify(): void {
    this.#wake?.();
  }
}
