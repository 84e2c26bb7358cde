import type { PartitionContext, ReceivedEventData, SubscribeOptions, Subscription, SubscriptionEventHandlers } from '@azure/event-hubs';
import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import { errorMessage } from '../../core/errors.js';
import type { PartitionCheckpoint } from '../../checkpoint/checkpoint.js';
import type { EventHubStatus } from '../../telemetry/eventhub-status.js';
import type { Logger } from '../../telemetry/log.js';
import { isOwnershipLoss } from './errors.js';
import { BatchHandoff, type Offer } from './handoff.js';
import { bodyBytes } from './records.js';

/** What the source needs of `EventHubConsumerClient` (tests substitute it). */
export interface ConsumerClient {
  subscribe(handlers: SubscriptionEventHandlers, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export interface EventHubSourceOptions {
  readonly name: string;
  /** A new client for each read (after a failure the SDK state starts afresh), with its checkpoint store. */
  readonly connect: () => ConsumerClient;
  /** Once per read, before subscribing (creates the blob container if it is missing; releases the SQLite store's leftover claims). */
  readonly prepare?: (() => Promise<void>) | undefined;
  /**
   * Acknowledges a committed checkpoint outside the database (the blob store), after the commit.
   * Undefined for the SQLite store, whose checkpoints are the committed positions themselves.
   */
  readonly acknowledge?: ((checkpoint: PartitionCheckpoint) => Promise<void>) | undefined;
  /** maxBatchSize, maxWaitTimeInSeconds, prefetchCount, startPosition (first run of a partition). */
  readonly subscribe: Omit<SubscribeOptions, 'skipParsingBodyAsJson'>;
  /** Counts an error the SDK retries by itself (it never reaches the runner). */
  readonly onError: (error: unknown) => void;
  readonly log: Logger;
  /** Where the owned partitions, their committed events and their lag are reported (the gauges). */
  readonly status?: EventHubStatus | undefined;
  /** How long closing may take before the source stops waiting (default 10 s). */
  readonly closeTimeoutMs?: number | undefined;
}

/**
 * Closing the subscription gives up the partitions' ownership in the checkpoint store; with the
 * store unreachable the SDK would retry for minutes. Claims expire by themselves, so shutdown
 * does not wait that long.
 */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Azure Event Hubs (the Defender XDR Streaming API's destination), through the SDK's event
 * processor: it balances partitions between instances via the checkpoint store and resumes each
 * partition after its checkpoint. Each SDK batch of a partition becomes one SourceBatch whose
 * position is the checkpoint of its last event; the partition's handler returns only once the
 * runner has taken it on (it commits positions with their documents, in order, and holds only a
 * few batches ahead), so the checkpoint never gets ahead of the buffer and a slow sink slows the
 * partition down instead of filling memory.
 */
export class EventHubSource implements Source {
  readonly name: string;
  /** Positions are committed by the runner and checkpoints acknowledged after it (afterCommit). */
  readonly readsAhead = true;

  constructor(private readonly options: EventHubSourceOptions) {
    this.name = options.name;
  }

  /** `from` is unused: positions are per partition, read back by the SDK from the checkpoint store. */
  async *read(_from: SourcePosition | undefined, signal: AbortSignal): AsyncGenerator<SourceBatch> {
    if (signal.aborted) return;
    await this.options.prepare?.();
    const handoff = new BatchHandoff();
    const client = this.options.connect();
    let subscription: Subscription | undefined;
    let current: Offer | undefined;
    try {
      subscription = client.subscribe(this.#handlers(handoff), { ...this.options.subscribe, skipParsingBodyAsJson: true });
      for (current = await handoff.take(signal); current !== undefined; current = await handoff.take(signal)) {
        yield current.batch;
        current.settle(true);
      }
    } finally {
      // On stop or on a failed commit: release every waiting handler (its batch is not committed,
      // so it is read again from the checkpoint), then close the subscription, which waits for
      // the handlers, then the connection.
      current?.settle(false);
      handoff.close();
      if (subscription !== undefined) await this.#closing('the subscription', subscription.close());
      await this.#closing('the Event Hubs client', client.close());
    }
  }

  /** Waits for a close, bounded, and reports instead of throwing: a close never fails a shutdown. */
  async #closing(what: string, closing: Promise<void>): Promise<void> {
    const { log } = this.options;
    const timeoutMs = this.options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      closing.then(
        () => 'closed' as const,
        (error: unknown) => {
          log.warn({ source: this.name, err: error }, `cannot close ${what}: ${errorMessage(error)}`);
          return 'failed' as const;
        },
      ),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') log.warn({ source: this.name, timeout_ms: timeoutMs }, `${what} did not close within ${timeoutMs} ms: going on (partition claims expire by themselves)`);
  }

  #handlers(handoff: BatchHandoff): SubscriptionEventHandlers {
    const { log, status } = this.options;
    // Partitions this instance stopped reading (handed over): a late commit of theirs must not
    // write a blob checkpoint over the new owner's.
    const closed = new WeakSet<PartitionContext>();
    return {
      processEvents: async (events, context) => {
        // The SDK calls with no events when max_wait_time_ms passes quietly.
        if (events.length === 0) return;
        const last = events[events.length - 1]!;
        const committed = await handoff.offer(this.#batch(events, context, () => !closed.has(context)));
        if (committed && !closed.has(context)) status?.committed(context.partitionId, last.sequenceNumber, last.enqueuedTimeUtc);
      },
      processError: async (error, context) => {
        const partition = context.partitionId === '' ? undefined : context.partitionId;
        if (isOwnershipLoss(error)) {
          log.debug({ source: this.name, partition, err: error }, 'partition taken over by another reader');
          return;
        }
        this.options.onError(error);
        status?.failed();
        log.warn({ source: this.name, partition, err: error }, `Event Hubs error (the client retries): ${errorMessage(error)}`);
      },
      processInitialize: async (context) => {
        status?.opened(context.partitionId, () => context.lastEnqueuedEventProperties);
        log.debug({ source: this.name, partition: context.partitionId }, 'reading partition');
      },
      processClose: async (reason, context) => {
        closed.add(context);
        status?.closed(context.partitionId);
        log.debug({ source: this.name, partition: context.partitionId, reason }, 'stopped reading partition');
      },
    };
  }

  #batch(events: ReceivedEventData[], context: PartitionContext, stillOwned: () => boolean): SourceBatch {
    const last = events[events.length - 1]!;
    const position: PartitionCheckpoint = {
      fullyQualifiedNamespace: context.fullyQualifiedNamespace,
      eventHubName: context.eventHubName,
      consumerGroup: context.consumerGroup,
      partitionId: context.partitionId,
      offset: last.offset,
      sequenceNumber: last.sequenceNumber,
    };
    const { acknowledge } = this.options;
    return {
      stream: 'event',
      // Split into records where they are normalized (a normalizer thread), not on this one.
      records: [],
      messageBodies: events.map((event) => bodyBytes(event.body)),
      position,
      partition: context.partitionId,
      afterCommit: acknowledge === undefined ? undefined : async () => (stillOwned() ? acknowledge(position) : undefined),
    };
  }
}
