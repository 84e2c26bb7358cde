import type { Sender } from 'rhea';
import { localAttach, type AmqpError } from './amqp.js';
import type { Claimant } from './epoch.js';
import type { LinkHandler } from './link-handler.js';
import { runtimeAnnotations } from './message-codec.js';
import type { PartitionLog, StoredEvent } from './partition-log.js';

export interface ConsumerLinkOptions {
  readonly log: PartitionLog;
  /** Sequence number of the first event to deliver (filters.ts resolved the source filter). */
  readonly start: number;
  readonly epoch: number | undefined;
  /** The client asked for `com.microsoft:enable-receiver-runtime-metric`. */
  readonly runtimeMetric: boolean;
  /** Gives up the partition claim (epoch.ts) when the link goes. */
  readonly release: (claimant: Claimant) => void;
  readonly now: () => number;
}

/**
 * A client's receiver on `HUB/ConsumerGroups/CG/Partitions/N` (our sending end). Events go out
 * pre-settled, in sequence order, only while the client has granted credit: the SDK grants its
 * prefetch count and tops it up as its batches are consumed, and nothing beyond that is pushed.
 * The returned claimant is what the ownership registry detaches when a higher epoch arrives;
 * the caller accepts or refuses the attach depending on its claim.
 */
export function openConsumerLink(link: Sender, options: ConsumerLinkOptions): { handler: LinkHandler; claimant: Claimant } {
  // Pre-settled deliveries: reading is not consuming in Event Hubs, there is nothing to acknowledge.
  localAttach(link).snd_settle_mode = 1;
  const { log } = options;
  let next = options.start;
  let closed = false;

  const pump = (): void => {
    while (!closed && link.sendable()) {
      // Retention may have dropped events the consumer had not reached; it resumes at the oldest.
      if (next < log.beginSequenceNumber) next = log.beginSequenceNumber;
      const event = log.at(next);
      if (!event) return;
      link.send(options.runtimeMetric ? withRuntimeInformation(event, log, options.now()) : event.wire, undefined, 0);
      next += 1;
    }
  };
  const unsubscribe = log.onAppend(pump);

  const claimant: Claimant = {
    epoch: options.epoch,
    disconnect(error: AmqpError) {
      if (closed) return;
      shutdown();
      link.close(error);
    },
  };
  const shutdown = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    options.release(claimant);
  };
  return { handler: { onSendable: pump, onClosed: shutdown }, claimant };
}

function withRuntimeInformation(event: StoredEvent, log: PartitionLog, nowMs: number): Buffer {
  const last = log.snapshot();
  const annotations = runtimeAnnotations({ sequenceNumber: last.lastSequenceNumber, offset: last.lastOffset, enqueuedTimeMs: last.lastEnqueuedTimeMs }, nowMs);
  return Buffer.concat([event.wire.subarray(0, event.headerLength), annotations, event.wire.subarray(event.headerLength)]);
}
