/**
 * A bounded first-in first-out queue between one producer and one consumer that run concurrently
 * (the read-ahead of source-runner.ts): `put` waits while it is full, `take` while it is empty,
 * and `end` tells the consumer nothing more will come.
 */
export class OrderedQueue<T> {
  readonly #items: T[] = [];
  #ended = false;
  #wakeTaker: (() => void) | undefined;
  #wakePutter: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  /** False if the queue was ended or `signal` aborted before there was room (the item is not queued). */
  async put(item: T, signal: AbortSignal): Promise<boolean> {
    while (this.#items.length >= this.capacity && !this.#ended && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          this.#wakePutter = undefined;
          resolve();
        };
        this.#wakePutter = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    if (this.#ended || signal.aborted) return false;
    this.#items.push(item);
    this.#wakeTaker?.();
    return true;
  }

  /** The oldest item; undefined once the queue has ended and is empty. */
  async take(): Promise<T | undefined> {
    while (this.#items.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => {
        this.#wakeTaker = () => {
          this.#wakeTaker = undefined;
          resolve();
        };
      });
    }
    const item = this.#items.shift();
    this.#wakePutter?.();
    return item;
  }

  /** No more items: `take` returns what is queued, then undefined; `put` refuses. */
  end(): void {
    this.#ended = true;
    this.#wakeTaker?.();
    this.#wakePutter?.();
  }

  /** Ends the queue and drops what it holds. */
  clear(): T[] {
    this.end();
    return this.#items.splice(0);
  }
}
