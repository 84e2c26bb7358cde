import { WakeList } from '../buffer/wake-list.js';

/** `take` is not abortable: the queue's `end` is what releases its consumer. */
const NEVER = new AbortController().signal;

/**
 * A bounded first-in first-out queue between one producer and one consumer that run concurrently
 * (the read-ahead of source-runner.ts): `put` waits while it is full, `take` while it is empty,
 * and `end` tells the consumer nothing more will come.
 */
export class OrderedQueue<T> {
  readonly #items: T[] = [];
  #ended = false;
  readonly #added = new WakeList();
  readonly #taken = new WakeList();

  constructor(private readonly capacity: number) {}

  /** False if the queue was ended or `signal` aborted before there was room (the item is not queued). */
  async put(item: T, signal: AbortSignal): Promise<boolean> {
    while (this.#items.length >= this.capacity && !this.#ended && !signal.aborted) await this.#taken.wait(signal);
    if (this.#ended || signal.aborted) return false;
    this.#items.push(item);
    this.#added.wakeAll();
    return true;
  }

  /** The oldest item; undefined once the queue has ended and is empty. */
  async take(): Promise<T | undefined> {
    while (this.#items.length === 0 && !this.#ended) await this.#added.wait(NEVER);
    const item = this.#items.shift();
    this.#taken.wakeAll();
    return item;
  }

  /** No more items: `take` returns what is queued, then undefined; `put` refuses. */
  end(): void {
    this.#ended = true;
    this.#added.wakeAll();
    this.#taken.wakeAll();
  }

  /** Ends the queue and drops what it holds. */
  clear(): void {
    this.end();
    this.#items.length = 0;
  }
}
