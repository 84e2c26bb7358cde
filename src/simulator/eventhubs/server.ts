import type { AddressInfo, Server, Socket } from 'node:net';
import type { JwtVerifier } from './cbs.js';
import type { EventContext } from 'rhea';
import { amqp, amqpError, type Link } from './amqp.js';
import { attachRouter } from './attach.js';
import { OwnershipRegistry } from './epoch.js';
import { EventHub } from './hub.js';
import { LinkTable } from './link-table.js';
import { encodeBody } from './message-codec.js';
import { ReplyRouter } from './request-response.js';

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
  /**
   * Also listen for AMQP over TLS (what the SDK speaks with an Entra credential), with this
   * certificate, on `port` (0 = any free port), next to the plain listener.
   */
  readonly tls?: { readonly port?: number; readonly certificatePem: string; readonly privateKeyPem: string };
  /** Checks the JWTs clients put on `$cbs` (Entra ID authentication); without it any token passes. */
  readonly verifyJwt?: JwtVerifier;
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
  /** `amqps://host:port` of the TLS listener (with `tls`): the SDK's `customEndpointAddress`. */
  readonly tlsEndpoint?: string;
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
  const links = new LinkTable();
  let endpoint = '';
  const route = attachRouter({
    hubs,
    links,
    ownership: new OwnershipRegistry(),
    replies: new ReplyRouter(),
    maxMessageBytes: settings.maxMessageBytes,
    endpoint: () => endpoint,
    now: () => Date.now(),
    verifyJwt: options.verifyJwt,
  });

  const container = amqp.create_container({
    id: 'defender-siem-eventhubs-emulator',
    // Settling is ours: a publication is accepted only once it is in a partition, or rejected.
    receiver_options: { autoaccept: false, credit_window: 100 },
  });
  container.on('receiver_open', (context: EventContext) => guarded(context.receiver, () => route.clientSender(context.receiver!)));
  container.on('sender_open', (context: EventContext) => guarded(context.sender, () => route.clientReceiver(context.sender!)));
  container.on('message', (context: EventContext) => guarded(context.receiver, () => links.handler(context.receiver)?.onMessage?.(context)));
  container.on('sendable', (context: EventContext) => guarded(context.sender, () => links.handler(context.sender)?.onSendable?.()));
  for (const event of ['sender_close', 'receiver_close', 'sender_error', 'receiver_error']) {
    container.on(event, (context: EventContext) => links.closed(context.sender ?? context.receiver));
  }
  // Open AMQP connections: closed on `close()` before their sockets go, since rhea hears of a
  // destroyed socket only through 'end' or 'error' and would otherwise keep answering the client's
  // idle timeout with heartbeat timers that keep the process alive.
  const connections = new Set<EventContext['connection']>();
  container.on('connection_open', (context: EventContext) => connections.add(context.connection));
  for (const event of ['connection_close', 'connection_error', 'disconnected']) {
    container.on(event, (context: EventContext) => {
      connections.delete(context.connection);
      links.dropped(context.connection);
    });
  }
  // A peer's protocol error or garbage on the socket ends that connection only (rhea has already
  // closed it); without these listeners the EventEmitter would throw.
  container.on('error', () => undefined);
  container.on('protocol_error', () => undefined);
  for (const event of ['session_error', 'session_close']) container.on(event, () => undefined);

  const sockets = new Set<Socket>();
  let closing = false;
  const listen = async (server: Server): Promise<Server> => {
    // The TCP socket, before any TLS handshake: a client still shaking hands when the emulator
    // closes is cut off too, instead of holding the close open.
    server.on('connection', (socket: Socket) => {
      if (closing) {
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolveListen, reject) => {
      server.once('listening', resolveListen);
      server.once('error', reject);
    });
    return server;
  };
  const servers = [await listen(container.listen({ port: settings.port, host: settings.host }))];
  const { tls } = options;
  if (tls) {
    try {
      servers.push(await listen(container.listen({ transport: 'tls', port: tls.port ?? 0, host: settings.host, cert: tls.certificatePem, key: tls.privateKeyPem })));
    } catch (error) {
      servers[0]!.close();
      throw error;
    }
  }
  const port = (servers[0]!.address() as AddressInfo).port;
  const clientHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
  endpoint = `sb://${clientHost}:${port}`;
  const tlsEndpoint = servers[1] === undefined ? undefined : `amqps://${clientHost}:${(servers[1].address() as AddressInfo).port}`;

  const hubNamed = (name: string): EventHub => {
    const hub = hubs.get(name.toLowerCase());
    if (!hub) throw new RangeError(`the emulator has no event hub named '${name}'`);
    return hub;
  };

  return {
    port,
    ...(tlsEndpoint === undefined ? {} : { tlsEndpoint }),
    connectionString: (hub) =>
      `Endpoint=${endpoint};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;EntityPath=${hubNamed(hub).name};UseDevelopmentEmulator=true`,
    publish(hubName, bodies, partitionKey) {
      const hub = hubNamed(hubName);
      const messages = bodies.map((body: Buffer | string) => encodeBody(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, partitionKey));
      const bytes = messages.reduce((sum, message) => sum + message.length, 0);
      if (messages.length === 0) throw new RangeError('publish needs at least one body');
      if (bytes > settings.maxMessageBytes) throw new RangeError(`a publication of ${bytes} bytes exceeds the ${settings.maxMessageBytes}-byte limit`);
      const partition = hub.route(partitionKey);
      const firstSequenceNumber = partition.endSequenceNumber;
      partition.append(messages, partitionKey, Date.now());
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
      closing = true;
      links.dropAll();
      for (const connection of connections) {
        try {
          connection.close();
        } catch {
          // Already gone: its socket is destroyed below anyway.
        }
      }
      connections.clear();
      const closed = Promise.all(servers.map((server) => new Promise<void>((resolveClose) => server.close(() => resolveClose()))));
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
