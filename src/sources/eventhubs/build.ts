import { earliestEventPosition, EventHubConsumerClient, latestEventPosition, parseEventHubConnectionString, type CheckpointStore, type EventHubConsumerClientOptions, type EventPosition, type TokenCredential } from '@azure/event-hubs';
import type { SqliteDatabase } from '../../buffer/database.js';
import type { PartitionCheckpoint } from '../../checkpoint/checkpoint.js';
import { SqliteCheckpointStore } from '../../checkpoint/sqlite-checkpoint-store.js';
import type { SourceConfig } from '../../config/schema.js';
import { ConfigError } from '../../core/errors.js';
import { lazyImport } from '../../core/lazy-import.js';
import type { StateStore } from '../../state/state-store.js';
import type { EventHubStatus } from '../../telemetry/eventhub-status.js';
import type { Logger } from '../../telemetry/log.js';
import { STORAGE_SCOPE } from '../storage-account/token-credential.js';
import { EventHubSource, type ConsumerClient } from './source.js';

export type EventHubSourceConfig = Extract<SourceConfig, { type: 'eventhub' }>;

export const EVENT_HUBS_SCOPE = 'https://eventhubs.azure.net/.default';

export interface EventHubBuildContext {
  readonly log: Logger;
  /** The database and state store: the SQLite checkpoint store lives there. */
  readonly storage: { readonly db: SqliteDatabase; readonly state: StateStore };
  /** A configured tenant's credential for an Azure resource scope. */
  readonly credential: (tenant: string, scope: string) => TokenCredential;
  /** Counts an error the SDK retries by itself. */
  readonly onError: (error: unknown) => void;
  /** Where the partitions' positions and lag are reported. */
  readonly status?: EventHubStatus | undefined;
}

/** The eventhub source from its configuration: its checkpoint store, how to connect, the subscription's tuning. */
export async function buildEventHubSource(config: EventHubSourceConfig, context: EventHubBuildContext): Promise<EventHubSource> {
  const log = context.log.child({ source: config.name });
  checkConnectionString(config);
  const checkpoint = await buildCheckpointing(config, context, log);
  const clientOptions: EventHubConsumerClientOptions = {
    // Single instance: a fixed owner id (claims left by a previous run are released before each
    // read, so a crash does not leave partitions claimed by nobody alive); greedy takes every
    // partition at once instead of one per interval.
    ...(checkpoint.kind === 'sqlite'
      ? { identifier: `defender-siem:${config.name}`, loadBalancingOptions: { strategy: 'greedy' } }
      : {
          loadBalancingOptions: {
            strategy: checkpoint.loadBalancing.load_balancing,
            updateIntervalInMs: checkpoint.loadBalancing.load_balancing_interval_ms,
            partitionOwnershipExpirationIntervalInMs: checkpoint.loadBalancing.partition_ownership_expiration_interval_ms,
          },
        }),
    userAgent: 'defender-siem',
    ...(config.endpoint === undefined ? {} : { customEndpointAddress: config.endpoint }),
  };
  // Made now, so an unreadable certificate or key fails at start-up rather than on each retry.
  const credential = config.connection_string === undefined ? context.credential(config.tenant!, EVENT_HUBS_SCOPE) : undefined;
  const connect = (): ConsumerClient => {
    if (credential !== undefined) {
      return new EventHubConsumerClient(config.consumer_group, config.fully_qualified_namespace!, config.event_hub_name!, credential, checkpoint.store, clientOptions);
    }
    const connectionString = config.connection_string!.reveal();
    return config.event_hub_name === undefined
      ? new EventHubConsumerClient(config.consumer_group, connectionString, checkpoint.store, clientOptions)
      : new EventHubConsumerClient(config.consumer_group, connectionString, config.event_hub_name, checkpoint.store, clientOptions);
  };
  return new EventHubSource({
    name: config.name,
    connect,
    prepare: checkpoint.prepare,
    acknowledge: checkpoint.acknowledge,
    subscribe: {
      maxBatchSize: config.max_batch_size,
      maxWaitTimeInSeconds: config.max_wait_time_ms / 1000,
      prefetchCount: prefetchCount(config),
      startPosition: startPosition(config.start_position),
      // The service then sends each partition's newest sequence number with the events: the lag gauges.
      trackLastEnqueuedEventProperties: true,
    },
    onError: context.onError,
    status: context.status,
    log,
  });
}

/** Events the SDK fetches ahead per partition: prefetch_count, by default 3 × max_batch_size. */
export function prefetchCount(config: Pick<EventHubSourceConfig, 'prefetch_count' | 'max_batch_size'>): number {
  return config.prefetch_count ?? config.max_batch_size * 3;
}

export type Checkpointing =
  | { readonly kind: 'sqlite'; readonly store: CheckpointStore; readonly prepare: () => Promise<void>; readonly acknowledge?: undefined }
  | {
      readonly kind: 'blob';
      readonly store: CheckpointStore;
      readonly prepare: () => Promise<void>;
      readonly acknowledge: (checkpoint: PartitionCheckpoint) => Promise<void>;
      readonly loadBalancing: Extract<EventHubSourceConfig['checkpoint_store'], { type: 'blob' }>;
    };

/**
 * The source's checkpoint store and, for the blob store, how it prepares and acknowledges. The
 * blob store (@azure/eventhubs-checkpointstore-blob, @azure/storage-blob) is loaded only for it.
 */
export async function buildCheckpointing(config: EventHubSourceConfig, context: EventHubBuildContext, log: Logger = context.log): Promise<Checkpointing> {
  const settings = config.checkpoint_store;
  if (settings.type === 'sqlite') {
    const store = new SqliteCheckpointStore({ db: context.storage.db, state: context.storage.state, source: config.name, log });
    // Each read starts with no claim held: see SqliteCheckpointStore.releaseClaims.
    return { kind: 'sqlite', store, prepare: async () => store.releaseClaims() };
  }
  const access =
    settings.connection_string !== undefined
      ? { connectionString: settings.connection_string }
      : { accountUrl: settings.account_url!, credential: context.credential(settings.tenant!, STORAGE_SCOPE) };
  const { openBlobCheckpointStore } = await lazyImport('the blob checkpoint store', () => import('../../checkpoint/blob-checkpoint-store.js'));
  const blob = openBlobCheckpointStore(access, settings.container, log);
  return { kind: 'blob', store: blob.store, prepare: blob.ensureContainer, acknowledge: (checkpoint) => blob.store.updateCheckpoint(checkpoint), loadBalancing: settings };
}

function startPosition(setting: string): EventPosition {
  if (setting === 'earliest') return earliestEventPosition;
  if (setting === 'latest') return latestEventPosition;
  return { enqueuedOn: new Date(setting) };
}

/** A malformed connection string is a configuration error at start-up (the message never holds the secret). */
function checkConnectionString(config: EventHubSourceConfig): void {
  if (config.connection_string === undefined) return;
  try {
    parseEventHubConnectionString(config.connection_string.reveal());
  } catch {
    throw new ConfigError([`sources.${config.name}.connection_string: not an Event Hubs connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=…])`]);
  }
}
