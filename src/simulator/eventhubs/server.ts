import type { AddressInfo, Socket } from 'node:net';
import type { Server } from 'node:net';
import type { EventContext, Receiver } from 'rhea';
import { parseAddress, covers, type LinkAddress } from './addresses.js';
import { acceptLink, amqp, amqpError, CONDITION, desiredCapabilities, refuseLink, remoteProperties, type AmqpError, type Connection, type Link, type Sender } from './amqp.js';
import { handleCbs } from './cbs.js';
import { OwnershipRegistry } from './epoch.js';
import { FilterError, parseStartPosition, resolveStart } from './filters.js';
import { EventHub, MAX_CONSUMER_GROUPS } from './hub.js';
import type { LinkHandler } from './link-handler.js';
import { handleManagement } from './management.js';
import { encodeBody } from './message-codec.js';
import { openConsumerLink } from './receiver-link.js';
import { readRequest, ReplyRouter } from './request-response.js';
import { openPublisherLink } from './sender-link.js';

export interface EventHubEmulatorOptions {
  /** 0 (default) = any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly hubs: readonly { readonly name: string; readonly partitions: number }[];
  /** Retention: events kept per partition, the oldest dropped first (default 100,000). */
  readonly maxEventsPerPartition?: number;
  /** Largest publication (a batch counts whole) the emulator accepts (default 1 MB, the Standard tier's). */
  readonly maxMessageBytes?: number;
}

export interface PartitionInfo {
  readonly partitionId: string;
  readonly beginningSequenceNumber: number;
  /** -1 while the partition has never held an event. */
  readonly lastEnqueuedSequenceNumber: number;
  readonly lastEnqueuedOffset: string;
  readonly lastEnqueuedOnUtc: Date;
  readonly isEmpty: boolean;
  /** Events currently retained. */
  readonly retained: number;
}

export interface PublishResult {
  readonly partitionId: string;
  readonly firstSequenceNumber: number;
  readonly count: number;
}

export interface RunningEventHubEmulator {
  readonly port: number;
  /** The SDK connection string for one hub (plain AMQP on the port: `UseDevelopmentEmulator=true`). */
  connectionString(hub: string): string;
  /** Appends events as if a producer had sent them (one publication: same partition, consecutive). */
  publish(hub: string, bodies: readonly Buffer[] | readonly string[], partitionKey?: string): PublishResult;
  partitionInfo(hub: string): PartitionInfo[];
  close(): Promise<void>;
}

const MAX_HUBS = 10;
const MAX_PARTITIONS = 32;

/**
 * An Azure Event Hubs emulator in-process: AMQP 1.0 on rhea, enough of the service for the
 * unmodified @azure/event-hubs SDK (producer and consumer clients) to publish, read and balance
 * partitions. Nothing persists; retention is a per-partition event count.
 */
export async function startEventHubEmulator(options: EventHubEmulatorOptions): Promise<RunningEventHubEmulator> {
  const settings = resolve(options);
  const hubs = new Map(settings.hubs.map((hub) => [hub.name.toLowerCase(), new EventHub(hub.name, hub.partitions, settings.maxEventsPerPartition, Date.now())]));
  const ownership = new OwnershipRegistry();
  const replies = new ReplyRouter();
  const handlers = new WeakMap<Link, LinkHandler>();
  const connections = new Map<Connection, { readonly granted: Set<string>; readonly links: Set<Link> }>();
  const now = () => Date.now();

  const stateOf = (connection: Connection) => {
    let state = connections.get(connection);
    if (!state) connections.set(connection, (state = { granted: new Set(), links: new Set() }));
    return state;
  };
  const track = (link: Link, handler: LinkHandler) => {
    handlers.set(link, handler);
    stateOf(link.connection).links.add(link);
  };
  const closeLink = (link: Link | undefined) => {
    if (!link) return;
    handlers.get(link)?.onClosed();
    handlers.delete(link);
    connections.get(link.connection)?.links.delete(link);
  };
  const dropConnection = (connection: Connection | undefined) => {
    const state = connection ? connections.get(connection) : undefined;
    if (!connection || !state) return;
    for (const link of state.links) handlers.get(link)?.onClosed();
    connections.delete(connection);
  };

  /** Attach checks common to every entity link; the error to refuse with, or the hub. */
  const entityFor = (link: Link, address: Exclude<LinkAddress, { kind: 'cbs' | 'management' }>, raw: string): EventHub | AmqpError => {
    const hub = hubs.get(address.hub.toLowerCase());
    if (!hub) return amqpError(CONDITION.notFound, `The messaging entity 'sb://${settings.host}:${port}/${address.hub}' could not be found.`);
    if (![...stateOf(link.connection).granted].some((granted) => covers(granted, raw))) {
      return amqpError(CONDITION.unauthorized, `Unauthorized access to '${raw}': put a token for it on $cbs first.`);
    }
    return hub;
  };

  const openSenderSide = (link: Receiver) => {
    const raw = link.target?.address;
    const address = parseAddress(raw);
    if (address?.kind === 'cbs' || address?.kind === 'management') {
      acceptLink(link);
      track(link, { onMessage: (context) => answer(context, address.kind), onClosed: () => undefined });
      return;
    }
    if (!address || address.kind === 'consumer' || typeof raw !== 'string') {
      refuseLink(link, amqpError(CONDITION.notFound, `The messaging entity '${String(raw).slice(0, 200)}' cannot be sent to.`));
      return;
    }
    const hub = entityFor(link, address, raw);
    if (!(hub instanceof EventHub)) return refuseLink(link, hub);
    const partition = address.kind === 'partition' ? hub.partition(address.partitionId) : undefined;
    if (address.kind === 'partition' && !partition) return refuseLink(link, partitionMissing(hub, address.partitionId));
    track(link, openPublisherLink(link, { hub, partition, maxMessageBytes: settings.maxMessageBytes, now }));
  };

  const openReceiverSide = (link: Sender) => {
    const source = link.source;
    const raw = source?.address;
    const address = parseAddress(raw);
    if (address?.kind === 'cbs' || address?.kind === 'management') {
      // The reply half of a request-response pair; replies are routed to it by name.
      acceptLink(link);
      track(link, { onSendable: () => replies.flush(link), onClosed: () => undefined });
      return;
    }
    if (!address || address.kind !== 'consumer' || typeof raw !== 'string') {
      refuseLink(link, amqpError(CONDITION.notFound, `The messaging entity '${String(raw).slice(0, 200)}' cannot be received from.`));
      return;
    }
    const hub = entityFor(link, address, raw);
    if (!(hub instanceof EventHub)) return refuseLink(link, hub);
    const log = hub.partition(address.partitionId);
    if (!log) return refuseLink(link, partitionMissing(hub, address.partitionId));
    if (address.consumerGroup.length > 50) return refuseLink(link, amqpError(CONDITION.argumentError, 'A consumer group name has at most 50 characters.'));
    if (!hub.useConsumerGroup(address.consumerGroup)) {
      return refuseLink(link, amqpError(CONDITION.resourceLimit, `The event hub '${hub.name}' already has ${MAX_CONSUMER_GROUPS} consumer groups; '${address.consumerGroup}' cannot be created.`));
    }
    let start: number;
    try {
      start = resolveStart(parseStartPosition(source?.filter), log);
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      return refuseLink(link, amqpError(CONDITION.argumentError, error.message));
    }
    const epoch = epochOf(remoteProperties(link)['com.microsoft:epoch']);
    if (epoch instanceof FilterError) return refuseLink(link, amqpError(CONDITION.argumentError, epoch.message));
    const key = `${hub.name.toLowerCase()}/${address.consumerGroup.toLowerCase()}/${log.id}`;
    const runtimeMetric = desiredCapabilities(link).includes('com.microsoft:enable-receiver-runtime-metric');
    const { handler, claimant } = openConsumerLink(link, { log, start, epoch, runtimeMetric, release: (who) => ownership.release(key, who), now });
    const refused = ownership.claim(key, claimant);
    if (refused) {
      handler.onClosed();
      return refuseLink(link, refused);
    }
    acceptLink(link);
    track(link, handler);
  };

  const answer = (context: EventContext, node: 'cbs' | 'management') => {
    const request = readRequest(context.message);
    context.delivery?.accept();
    if (!request) return;
    const reply = node === 'cbs' ? handleCbs(request, (path) => stateOf(context.connection).granted.add(path)) : handleManagement(request, hubs);
    replies.send(context.connection, request, reply);
  };

  const container = amqp.create_container({
    id: 'defender-siem-eventhubs-emulator',
    // Settling is ours: a publication is accepted only once it is in a partition, or rejected.
    receiver_options: { autoaccept: false, credit_window: 100 },
  });
  container.on('receiver_open', (context: EventContext) => guarded(context.receiver, () => openSenderSide(context.receiver!)));
  container.on('sender_open', (context: EventContext) => guarded(context.sender, () => openReceiverSide(context.sender!)));
  container.on('message', (context: EventContext) => guarded(context.receiver, () => handlers.get(context.receiver!)?.onMessage?.(context)));
  container.on('sendable', (context: EventContext) => guarded(context.sender, () => handlers.get(context.sender!)?.onSendable?.()));
  for (const event of ['sender_close', 'receiver_close', 'sender_error', 'receiver_error']) {
    container.on(event, (context: EventContext) => closeLink(context.sender ?? context.receiver));
  }
  for (const event of ['connection_close', 'connection_error', 'disconnected']) {
    container.on(event, (context: EventContext) => dropConnection(context.connection));
  }
  // A peer's protocol error or garbage on the socket ends that connection only (rhea has already
  // closed it); without these listeners the EventEmitter would throw.
  container.on('error', () => undefined);
  container.on('protocol_error', () => undefined);
  for (const event of ['session_error', 'session_close']) container.on(event, () => undefined);

  const server: Server = container.listen({ port: settings.port, host: settings.host });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const clientHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;

  const hubNamed = (name: string): EventHub => {
    const hub = hubs.get(name.toLowerCase());
    if (!hub) throw new RangeError(`the emulator has no event hub named '${name}'`);
    return hub;
  };

  return {
    port,
    connectionString: (hub) =>
      `Endpoint=sb://${clientHost}:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;EntityPath=${hubNamed(hub).name};UseDevelopmentEmulator=true`,
    publish(hubName, bodies, partitionKey) {
      const hub = hubNamed(hubName);
      const messages = bodies.map((body: Buffer | string) => encodeBody(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, partitionKey));
      const bytes = messages.reduce((sum, message) => sum + message.length, 0);
      if (messages.length === 0) throw new RangeError('publish needs at least one body');
      if (bytes > settings.maxMessageBytes) throw new RangeError(`a publication of ${bytes} bytes exceeds the ${settings.maxMessageBytes}-byte limit`);
      const partition = hub.route(partitionKey);
      const firstSequenceNumber = partition.endSequenceNumber;
      partition.append(messages, partitionKey, now());
      return { partitionId: partition.id, firstSequenceNumber, count: messages.length };
    },
    partitionInfo: (hubName) =>
      hubNamed(hubName).partitions.map((log) => {
        const state = log.snapshot();
        return {
          partitionId: log.id,
          beginningSequenceNumber: state.beginSequenceNumber,
          lastEnqueuedSequenceNumber: state.lastSequenceNumber,
          lastEnqueuedOffset: state.lastOffset,
          lastEnqueuedOnUtc: new Date(state.lastEnqueuedTimeMs),
          isEmpty: state.isEmpty,
          retained: log.size,
        };
      }),
    async close() {
      for (const connection of [...connections.keys()]) dropConnection(connection);
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * Runs an attach or transfer handler so that a bug or an input we did not foresee costs the
 * client its link (detached with amqp:internal-error), never the emulator its process.
 */
function guarded(link: Link | undefined, run: () => void): void {
  try {
    run();
  } catch (error) {
    link?.close(amqpError('amqp:internal-error', `The emulator could not handle this: ${(error as Error).message}`));
  }
}

function partitionMissing(hub: EventHub, partitionId: string): AmqpError {
  return amqpError(CONDITION.argumentOutOfRange, `The specified partition '${partitionId.slice(0, 40)}' is invalid for event hub '${hub.name}'; valid ids are 0 to ${hub.partitions.length - 1}.`);
}

/** The owner level from the attach properties: absent, or a whole number (rhea decodes a long to a number). */
function epochOf(value: unknown): number | undefined | FilterError {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return new FilterError(`com.microsoft:epoch must be a long, got ${typeof value}`);
}

interface Settings {
  readonly port: number;
  readonly host: string;
  readonly hubs: readonly { readonly name: string; readonly partitions: number }[];
  readonly maxEventsPerPartition: number;
  readonly maxMessageBytes: number;
}

function resolve(options: EventHubEmulatorOptions): Settings {
  const whole = (name: string, value: number | undefined, fallback: number, min: number, max: number): number => {
    const result = value ?? fallback;
    if (!Number.isSafeInteger(result) || result < min || result > max) throw new RangeError(`event hub emulator option ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
    return result;
  };
  if (options.hubs.length === 0 || options.hubs.length > MAX_HUBS) throw new RangeError(`the event hub emulator needs 1 to ${MAX_HUBS} hubs`);
  const names = new Set<string>();
  for (const hub of options.hubs) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/.test(hub.name)) throw new RangeError(`'${hub.name}' is not a valid event hub name`);
    if (names.has(hub.name.toLowerCase())) throw new RangeError(`the event hub '${hub.name}' is configured twice`);
    names.add(hub.name.toLowerCase());
    whole(`partitions of ${hub.name}`, hub.partitions, 1, 1, MAX_PARTITIONS);
  }
  return {
    port: whole('port', options.port, 0, 0, 65_535),
    host: options.host ?? '127.0.0.1',
    hubs: options.hubs,
    maxEventsPerPartition: whole('maxEventsPerPartition', options.maxEventsPerPartition, 100_000, 1, 100_000_000),
    maxMessageBytes: whole('maxMessageBytes', options.maxMessageBytes, 1_048_576, 1_024, 64 * 1_048_576),
  };
}
