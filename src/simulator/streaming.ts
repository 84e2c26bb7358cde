import type { TokenIssuer } from './entra/access-token.js';
import { startPublisher, type RunningPublisher } from './eventhubs/publisher.js';
import { startEventHubEmulator, type RunningEventHubEmulator } from './eventhubs/server.js';
import type { EventHubSettings, Settings, StorageSettings } from './options.js';
import type { ServerCertificate } from './server/https.js';
import { startStorageStream, type RunningStorageStream } from './storage/export-stream.js';
import type { World } from './world/world.js';

export interface SimulatorStorage {
  /** The blob endpoint written to (without credentials). */
  readonly url: string;
  /** Records appended so far. */
  written(): number;
  /** True once every record has been written. */
  writingDone(): boolean;
  /** Why writing stopped early, if it did. */
  failure(): Error | undefined;
}

export interface SimulatorEventHub {
  /** For @azure/event-hubs: `Endpoint=sb://HOST:PORT;…;EntityPath=HUB;UseDevelopmentEmulator=true`. */
  readonly connectionString: string;
  /** With `tlsPort`: `amqps://HOST:PORT`, the SDK's `customEndpointAddress` (the eventhub source's `endpoint`). */
  readonly tlsEndpoint?: string;
  readonly hub: string;
  readonly partitions: number;
  /** Records published so far. */
  published(): number;
  /** True once every record has been published. */
  publishingDone(): boolean;
  /** Resolves once publishing is over (every record out, or stopped early). */
  readonly whenPublishingDone: Promise<void>;
}

export interface Streaming {
  readonly emulator: RunningEventHubEmulator;
  readonly publisher: RunningPublisher;
  readonly description: SimulatorEventHub;
}

/** The Event Hubs emulator, and the publisher streaming the tenants' Advanced Hunting records into it. */
export async function startStreaming(settings: Settings, options: EventHubSettings, world: World, entra: { certificate: ServerCertificate; issuer: TokenIssuer }): Promise<Streaming> {
  const emulator = await startEventHubEmulator({
    port: options.port,
    host: settings.host,
    hubs: [{ name: options.hub, partitions: options.partitions }],
    ...(options.tlsPort === undefined
      ? {}
      : {
          tls: { port: options.tlsPort, certificatePem: entra.certificate.certificatePem, privateKeyPem: entra.certificate.privateKeyPem },
          verifyJwt: async (token: string) => (await entra.issuer.check(`Bearer ${token}`, 'eventhubs')).ok,
        }),
  });
  const publisher = startPublisher({
    publish: (hub, bodies) => emulator.publish(hub, bodies),
    hub: options.hub,
    tenants: world.tenants.map((tenant) => tenant.tenant),
    seed: settings.seed,
    eventsPerSecond: options.eventsPerSecond,
    events: options.events,
    clock: settings.clock,
  });
  return {
    emulator,
    publisher,
    description: {
      connectionString: emulator.connectionString(options.hub),
      ...(emulator.tlsEndpoint === undefined ? {} : { tlsEndpoint: emulator.tlsEndpoint }),
      hub: options.hub,
      partitions: options.partitions,
      published: () => publisher.published(),
      publishingDone: () => publisher.done(),
      whenPublishingDone: publisher.whenDone,
    },
  };
}

/** The Storage export writer for the tenants' Advanced Hunting records. */
export function startStorage(settings: Settings, options: StorageSettings, world: World): RunningStorageStream {
  return startStorageStream({
    connectionString: options.connectionString,
    tenants: world.tenants.map((tenant) => tenant.tenant),
    seed: settings.seed,
    eventsPerSecond: options.eventsPerSecond,
    events: options.events,
    clock: settings.clock,
  });
}
