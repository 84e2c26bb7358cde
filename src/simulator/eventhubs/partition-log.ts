import type { EncodedEvent } from './message-codec.js';
import { stampEvent } from './message-codec.js';

export interface StoredEvent extends EncodedEvent {
  readonly sequenceNumber: number;
  /** Byte position of the event in the partition's stream, as Event Hubs offsets are. */
  readonly offset: number;
  readonly enqueuedTimeMs: number;
}

export interface PartitionSnapshot {
  readonly beginSequenceNumber: number;
  readonly lastSequenceNumber: number;
  readonly lastOffset: string;
  readonly lastEnqueuedTimeMs: number;
  readonly isEmpty: boolean;
}

/**
 * One partition: an append-only log of events held in memory, the oldest dropped past
 * `maxEvents` (the emulator's stand-in for time-based retention). Sequence numbers and offsets
 * keep counting across drops, so a consumer's checkpoint stays meaningful.
 */
export class PartitionLog {
  private events: StoredEvent[] = [];
  /** Index in `events` of the oldest retained event (dropping shifts this, compaction is amortised). */
  private head = 0;
  private nextSequenceNumber = 0;
  private nextOffset = 0;
  private lastEnqueuedMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly id: string,
    private readonly maxEvents: number,
  ) {}

  /**
   * Appends a publication's messages in order at one enqueued time (never earlier than the last,
   * so time-based start positions stay monotonic even if the wall clock steps back).
   */
  append(messages: readonly Buffer[], partitionKey: string | undefined, nowMs: number): void {
    const enqueuedTimeMs = Math.max(nowMs, this.lastEnqueuedMs);
    for (const encoded of messages) {
      const offset = this.nextOffset;
      const sequenceNumber = this.nextSequenceNumber;
      const stamped = stampEvent(encoded, { sequenceNumber, offset: String(offset), enqueuedTimeMs, partitionKey });
      this.events.push({ ...stamped, sequenceNumber, offset, enqueuedTimeMs });
      this.nextSequenceNumber += 1;
      this.nextOffset += stamped.wire.length;
    }
    this.lastEnqueuedMs = enqueuedTimeMs;
    this.trim();
    for (const listener of [...this.listeners]) listener();
  }

  /** Called after every append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The sequence number the next appended event will get. */
  get endSequenceNumber(): number {
    return this.nextSequenceNumber;
  }

  get beginSequenceNumber(): number {
    return this.events[this.head]?.sequenceNumber ?? this.nextSequenceNumber;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** The retained event with this sequence number, if any. */
  at(sequenceNumber: number): StoredEvent | undefined {
    const first = this.events[this.head];
    if (!first || sequenceNumber < first.sequenceNumber) return undefined;
    return this.events[this.head + (sequenceNumber - first.sequenceNumber)];
  }

  /** Sequence number of the first retained event matching `accepts` (monotonic in the log), or the end. */
  firstWhere(accepts: (event: StoredEvent) => boolean): number {
    let low = this.head;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (accepts(this.events[middle]!)) high = middle;
      else low = middle + 1;
    }
    return this.events[low]?.sequenceNumber ?? this.nextSequenceNumber;
  }

  snapshot(): PartitionSnapshot {
    const last = this.events[this.events.length - 1];
    return {
      beginSequenceNumber: this.beginSequenceNumber,
      // The service reports -1 for a partition that never held an event.
      lastSequenceNumber: this.nextSequenceNumber - 1,
      lastOffset: last ? String(last.offset) : '-1',
      lastEnqueuedTimeMs: this.lastEnqueuedMs,
      isEmpty: this.size === 0,
    };
  }

  private trim(): void {
    const excess = this.size - this.maxEvents;
    if (excess <= 0) return;
    this.head += excess;
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}
