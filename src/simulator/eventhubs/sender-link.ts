import type { EventContext, Receiver } from 'rhea';
import { acceptLink, amqpError, CONDITION, localAttach, type AmqpError } from './amqp.js';
import type { EventHub } from './hub.js';
import type { LinkHandler } from './link-handler.js';
import { BATCH_FORMAT, CodecError, decodeBatch, encodeDecoded, inspectMessage } from './message-codec.js';
import type { PartitionLog } from './partition-log.js';

export interface PublisherLinkOptions {
  readonly hub: EventHub;
  /** Set for `HUB/Partitions/N` links; a hub link routes each publication itself. */
  readonly partition: PartitionLog | undefined;
  readonly maxMessageBytes: number;
  readonly now: () => number;
}

interface Publication {
  readonly messages: Buffer[];
  readonly partitionKey: string | undefined;
  readonly bytes: number;
}

/**
 * A client's sender (our receiving end): accepts the attach, advertising the size limit the
 * SDK sizes its batches by, and appends each publication (a batch or a single message) to a
 * partition. Every delivery is settled: accepted, or rejected with the condition the SDK maps to
 * its error (MessageTooLargeError for oversize). A transfer that is not an AMQP message detaches
 * the link with `amqp:decode-error` rather than taking the emulator down.
 */
export function openPublisherLink(link: Receiver, options: PublisherLinkOptions): LinkHandler {
  localAttach(link).max_message_size = options.maxMessageBytes;
  acceptLink(link);
  let closed = false;
  return {
    onMessage(context) {
      const delivery = context.delivery;
      if (closed || !delivery) return;
      let publication: Publication;
      try {
        publication = readPublication(context, options.maxMessageBytes);
      } catch (error) {
        if (!(error instanceof CodecError)) throw error;
        const failure = amqpError(CONDITION.decodeError, `The message could not be decoded: ${error.message}`);
        delivery.reject(failure);
        closed = true;
        link.close(failure);
        return;
      }
      if (publication.bytes > options.maxMessageBytes) {
        delivery.reject(tooLarge(delivery.id, publication.bytes, options.maxMessageBytes));
        return;
      }
      const partition = options.partition ?? options.hub.route(publication.partitionKey);
      partition.append(publication.messages, publication.partitionKey, options.now());
      delivery.accept();
    },
    onClosed() {
      closed = true;
    },
  };
}

function readPublication(context: EventContext, maxMessageBytes: number): Publication {
  const format = context.delivery?.format ?? 0;
  const payload: unknown = context.message;
  if (format === BATCH_FORMAT) {
    if (!Buffer.isBuffer(payload)) throw new CodecError('batch transfer without a payload');
    // Decoding an oversized batch only to refuse it would be wasted work.
    if (payload.length > maxMessageBytes) return { messages: [], partitionKey: undefined, bytes: payload.length };
    const { messages, partitionKey } = decodeBatch(payload);
    return { messages, partitionKey: partitionKey ?? inspectMessage(messages[0]!).partitionKey, bytes: payload.length };
  }
  if (format !== 0) throw new CodecError(`message format ${format} is not supported`);
  // rhea decodes format-0 transfers itself; the stored copy is its re-encoding.
  if (typeof payload !== 'object' || payload === null) throw new CodecError('transfer without a message');
  const encoded = encodeDecoded(payload);
  return { messages: [encoded], partitionKey: inspectMessage(encoded).partitionKey, bytes: encoded.length };
}

function tooLarge(deliveryId: number, bytes: number, limit: number): AmqpError {
  return amqpError(CONDITION.messageSizeExceeded, `The received message (delivery-id:${deliveryId}, size:${bytes} bytes) exceeds the limit (${limit} bytes) currently allowed on the link.`);
}
