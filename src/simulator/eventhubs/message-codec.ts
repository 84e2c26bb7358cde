import { AmqpReader, AmqpWriter, amqpMessage, amqpTypes, type Typed } from './amqp.js';

/** The message format of a batch: one AMQP message whose data sections each hold an encoded message. */
export const BATCH_FORMAT = 0x80013700;

/** Section descriptors (AMQP 1.0 §3.2). */
const HEADER = 0x70;
const DELIVERY_ANNOTATIONS = 0x71;
const MESSAGE_ANNOTATIONS = 0x72;
const DATA = 0x75;
const SECTION_CODES = new Set([0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78]);

export class CodecError extends Error {
  override readonly name = 'CodecError';
}

interface Section {
  readonly code: number;
  readonly start: number;
  readonly end: number;
  readonly value: Typed;
}

/**
 * An event as the partition keeps it: the publisher's message with the broker's annotations
 * already merged in, ready to go out to any consumer group unchanged.
 */
export interface EncodedEvent {
  readonly wire: Buffer;
  /** Bytes of the header section at the start of `wire`: delivery annotations go right after it. */
  readonly headerLength: number;
}

export interface BrokerAnnotations {
  readonly sequenceNumber: number;
  readonly offset: string;
  readonly enqueuedTimeMs: number;
  readonly partitionKey: string | undefined;
}

/**
 * Splits an encoded message into its sections without unwrapping them, so typed values survive
 * a round trip. Throws CodecError on anything that is not a sequence of described sections.
 */
function sections(encoded: Buffer): Section[] {
  const reader = new AmqpReader(encoded);
  const found: Section[] = [];
  try {
    while (reader.remaining() > 0) {
      const start = reader.position;
      const value = reader.read();
      // rhea's reader slices past the end of a short buffer instead of failing.
      if (reader.position > encoded.length) throw new CodecError('truncated AMQP section');
      const code = descriptorCode(value);
      if (code === undefined || !SECTION_CODES.has(code)) throw new CodecError('not an AMQP message section');
      found.push({ code, start, end: reader.position, value });
    }
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError(`malformed AMQP message: ${(error as Error).message}`);
  }
  if (found.length === 0) throw new CodecError('empty AMQP message');
  return found;
}

const SYMBOLIC_SECTIONS: Record<string, number> = {
  'amqp:header:list': 0x70,
  'amqp:delivery-annotations:map': 0x71,
  'amqp:message-annotations:map': 0x72,
  'amqp:properties:list': 0x73,
  'amqp:application-properties:map': 0x74,
  'amqp:data:binary': 0x75,
  'amqp:amqp-sequence:list': 0x76,
  'amqp:value:*': 0x77,
  'amqp:footer:map': 0x78,
};

function descriptorCode(value: Typed): number | undefined {
  const descriptor: unknown = value.descriptor;
  if (!(descriptor instanceof Object) || !('value' in descriptor)) return undefined;
  const raw: unknown = descriptor.value;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') return SYMBOLIC_SECTIONS[raw];
  return undefined;
}

/** The encoded messages inside a batch (format 0x80013700), and the key the batch envelope names. */
export function decodeBatch(payload: Buffer): { messages: Buffer[]; partitionKey: string | undefined } {
  const envelope = sections(payload);
  const messages: Buffer[] = [];
  for (const section of envelope) {
    if (section.code !== DATA) continue;
    const content: unknown = section.value.value;
    if (!Buffer.isBuffer(content)) throw new CodecError('batch data section does not hold binary');
    sections(content); // each must be a message itself
    messages.push(content);
  }
  if (messages.length === 0) throw new CodecError('batch without messages');
  return { messages, partitionKey: partitionKeyIn(envelope) };
}

/** Validates a single encoded message and returns the partition key it carries. */
export function inspectMessage(encoded: Buffer): { partitionKey: string | undefined } {
  return { partitionKey: partitionKeyIn(sections(encoded)) };
}

function annotationEntries(all: readonly Section[]): Typed[] {
  const annotations = all.find((section) => section.code === MESSAGE_ANNOTATIONS);
  const entries: unknown = annotations?.value.value;
  return Array.isArray(entries) ? (entries as Typed[]) : [];
}

function partitionKeyIn(all: readonly Section[]): string | undefined {
  const entries = annotationEntries(all);
  for (let index = 0; index + 1 < entries.length; index += 2) {
    if (entries[index]?.value === PARTITION_KEY) {
      const key: unknown = entries[index + 1]?.value;
      return typeof key === 'string' ? key : undefined;
    }
  }
  return undefined;
}

const SEQUENCE_NUMBER = 'x-opt-sequence-number';
const OFFSET = 'x-opt-offset';
const ENQUEUED_TIME = 'x-opt-enqueued-time';
const PARTITION_KEY = 'x-opt-partition-key';
const BROKER_KEYS = new Set([SEQUENCE_NUMBER, OFFSET, ENQUEUED_TIME, PARTITION_KEY]);

/**
 * The message as a consumer receives it: the publisher's own sections byte for byte, delivery
 * annotations dropped (they are per hop), message annotations extended with what the broker
 * assigns (the publisher's other annotations keep their AMQP types).
 */
export function stampEvent(encoded: Buffer, broker: BrokerAnnotations): EncodedEvent {
  const all = sections(encoded);
  const original = annotationEntries(all);
  const entries: Typed[] = [];
  for (let index = 0; index + 1 < original.length; index += 2) {
    const [key, value] = [original[index]!, original[index + 1]!];
    if (!BROKER_KEYS.has(String(key.value))) entries.push(key, value);
  }
  entries.push(
    amqpTypes.wrap_symbol(SEQUENCE_NUMBER), amqpTypes.wrap_long(broker.sequenceNumber),
    amqpTypes.wrap_symbol(OFFSET), amqpTypes.wrap_string(broker.offset),
    amqpTypes.wrap_symbol(ENQUEUED_TIME), amqpTypes.wrap_timestamp(broker.enqueuedTimeMs),
  );
  if (broker.partitionKey !== undefined) entries.push(amqpTypes.wrap_symbol(PARTITION_KEY), amqpTypes.wrap_string(broker.partitionKey));
  const header = all.filter((section) => section.code === HEADER);
  const rest = all.filter((section) => section.code !== HEADER && section.code !== DELIVERY_ANNOTATIONS && section.code !== MESSAGE_ANNOTATIONS);
  const headerBytes = header.map((section) => encoded.subarray(section.start, section.end));
  const annotations = encodeMap(MESSAGE_ANNOTATIONS, entries);
  const wire = Buffer.concat([...headerBytes, annotations, ...rest.map((section) => encoded.subarray(section.start, section.end))]);
  return { wire, headerLength: headerBytes.reduce((sum, bytes) => sum + bytes.length, 0) };
}

/** A described map section (0x71/0x72) from already-typed key/value entries. */
export function encodeMap(code: number, entries: Typed[]): Buffer {
  const map = amqpTypes.wrap_map({});
  map.value = entries;
  const writer = new AmqpWriter();
  writer.write(amqpTypes.described(amqpTypes.wrap_ulong(code), map) as Typed);
  return writer.toBuffer();
}

/** Delivery annotations with the partition's runtime information (`enable-receiver-runtime-metric`). */
export function runtimeAnnotations(last: { sequenceNumber: number; offset: string; enqueuedTimeMs: number }, nowMs: number): Buffer {
  return encodeMap(DELIVERY_ANNOTATIONS, [
    amqpTypes.wrap_symbol('last_enqueued_sequence_number'), amqpTypes.wrap_long(last.sequenceNumber),
    amqpTypes.wrap_symbol('last_enqueued_offset'), amqpTypes.wrap_string(last.offset),
    amqpTypes.wrap_symbol('last_enqueued_time_utc'), amqpTypes.wrap_timestamp(last.enqueuedTimeMs),
    amqpTypes.wrap_symbol('runtime_info_retrieval_time_utc'), amqpTypes.wrap_timestamp(nowMs),
  ]);
}

/** A body as the SDK sends it by default: one data section (the SDK JSON-parses it on receipt). */
export function encodeBody(body: Buffer, partitionKey: string | undefined): Buffer {
  const message: Record<string, unknown> = { body: amqpMessage.data_section(body) };
  if (partitionKey !== undefined) message.message_annotations = { [PARTITION_KEY]: partitionKey };
  return amqpMessage.encode(message as never);
}

/** Re-encodes a message rhea already decoded (format 0 transfers reach us decoded). */
export function encodeDecoded(message: object): Buffer {
  try {
    return amqpMessage.encode(message as never);
  } catch (error) {
    throw new CodecError(`cannot re-encode message: ${(error as Error).message}`);
  }
}
