import rhea from 'rhea';
import type { AmqpError, Connection, Sender, Typed, link as Link } from 'rhea';

/**
 * The one place the emulator touches rhea's loosely typed surface. rhea is CommonJS whose
 * module.exports is a container instance, so only its default import works under ESM.
 */
export const amqp = rhea;
export const amqpTypes = rhea.types;

/** rhea's raw codec; its typings declare the classes but leave them off the `types` object. */
interface AmqpReader {
  position: number;
  read(): Typed;
  remaining(): number;
}
interface AmqpWriter {
  write(value: Typed): void;
  toBuffer(): Buffer;
}
const codec = rhea.types as unknown as { Reader: new (buffer: Buffer) => AmqpReader; Writer: new () => AmqpWriter };
export const AmqpReader = codec.Reader;
export const AmqpWriter = codec.Writer;
export const amqpMessage = rhea.message;
export type { AmqpError, Connection, Link, Sender, Typed };

/** The conditions the Event Hubs service uses and @azure/core-amqp maps to error names. */
export const CONDITION = {
  /** → MessagingEntityNotFoundError */
  notFound: 'amqp:not-found',
  /** → UnauthorizedError */
  unauthorized: 'amqp:unauthorized-access',
  /** → ReceiverDisconnectedError: what a receiver gets when a higher owner level takes its partition. */
  stolen: 'amqp:link:stolen',
  /** → MessageTooLargeError */
  messageSizeExceeded: 'amqp:link:message-size-exceeded',
  /** → ArgumentError */
  argumentError: 'com.microsoft:argument-error',
  /** → ArgumentOutOfRangeError */
  argumentOutOfRange: 'com.microsoft:argument-out-of-range',
  /** → QuotaExceededError */
  resourceLimit: 'amqp:resource-limit-exceeded',
  /** → DecodeError */
  decodeError: 'amqp:decode-error',
  /** → NotImplementedError */
  notImplemented: 'amqp:not-implemented',
} as const;

export function amqpError(condition: string, description: string): AmqpError {
  return { condition, description };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of our own attach frame we set before rhea writes it (rhea's typings leave `local` out). */
interface LocalAttach {
  max_message_size?: number;
  snd_settle_mode?: number;
}

/**
 * Our side of a link's attach. rhea answers a peer's attach on the next tick, so anything set
 * here from the `*_open` handler goes out in the reply.
 */
export function localAttach(link: Link): LocalAttach {
  const local: unknown = (link as unknown as { local?: unknown }).local;
  const attach = isRecord(local) ? local.attach : undefined;
  if (!isRecord(attach)) throw new Error('rhea link without a local attach frame');
  return attach as LocalAttach;
}

/** The peer's attach properties (`com.microsoft:epoch` …), or an empty object. */
export function remoteProperties(link: Link): Record<string, unknown> {
  const properties: unknown = link.properties;
  return isRecord(properties) ? properties : {};
}

/** The peer's desired capabilities as a list of symbols. */
export function desiredCapabilities(link: Link): string[] {
  const value: unknown = link.desired_capabilities;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Echo the peer's terminus (the service does, filters included), then detach with `error` if
 * given: refusing a link in AMQP is an attach followed at once by a detach carrying the error.
 */
export function acceptLink(link: Link): void {
  const { source, target } = link;
  if (source) link.set_source(source);
  if (target) link.set_target(target);
}

export function refuseLink(link: Link, error: AmqpError): void {
  acceptLink(link);
  link.close(error);
}
