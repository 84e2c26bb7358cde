import type { SinkConfig, SourceConfig, RetryConfig } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import type { BackoffPolicy } from '../core/retry.js';
import type { Sink } from '../core/sink.js';
import type { Source } from '../core/source.js';
import { FileSink } from '../sinks/file.js';
import { StdoutSink } from '../sinks/stdout.js';
import type { TokenCredential } from '@azure/event-hubs';
import type { SqliteDatabase } from '../buffer/database.js';
import { FileSource } from '../sources/file.js';
import { buildEventHubSource } from '../sources/eventhubs/build.js';
import type { StateStore } from '../state/state-store.js';
import { componentLabels } from '../telemetry/metrics.js';
import { GraphAlertsSource } from '../sources/graph/alerts.js';
import { GraphIncidentsSource } from '../sources/graph/incidents.js';
import { MdeAlertsSource } from '../sources/mde/alerts.js';
import { MdeVulnerabilitiesSource } from '../sources/mde/vulnerabilities.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Secret } from '../config/redact.js';
import type { TokenProvider } from '../microsoft/auth/token-provider.js';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { StorageAuth } from '../sources/storage-account/service-client.js';
import { StorageAccountSource } from '../sources/storage-account/storage-account.js';
import { lazyImport } from '../core/lazy-import.js';
import { STORAGE_SCOPE, TenantTokenCredential } from '../sources/storage-account/token-credential.js';
import { EventHubStatus } from '../telemetry/eventhub-status.js';
import { SourceStatus } from '../telemetry/source-status.js';
import type { Clock } from '../core/clock.js';
import type { ApiClient } from '../microsoft/api.js';
import type { Logger } from '../telemetry/log.js';

/** What API sources need besides their own config: the tenant's clients, the clock, status. */
export interface SourceBuildContext {
  readonly log: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  /** The Graph and MDE clients of a configured tenant (shared by its sources: one budget). */
  readonly tenantClients: (tenant: string) => TenantApis;
  /** An Azure SDK credential of a configured tenant for one resource scope (Event Hubs, Blob Storage). Needed by eventhub. */
  readonly tenantCredential?: ((tenant: string, scope: string) => TokenCredential) | undefined;
  /** The database and its state store (the eventhub source's SQLite checkpoint store lives there). Needed by eventhub. */
  readonly storage?: { readonly db: SqliteDatabase; readonly state: StateStore } | undefined;
}

export interface TenantApis {
  readonly tenantId: string;
  readonly graph: ApiClient;
  readonly mde: ApiClient | undefined;
  readonly tokens: (scope: string) => TokenProvider;
}

/**
 * Components are built by a plain switch on `type`: the switch is the registry. What only one
 * type needs (@azure/storage-blob, the blob checkpoint store) is loaded when a source of that type
 * is built; the tenants' clients come from the context, opened only when there are tenants.
 */
export async function buildSource(config: SourceConfig, context: SourceBuildContext): Promise<Source> {
  const { log, clock } = context;
  if (config.type === 'file') {
    return new FileSource({ name: config.name, stream: config.stream, path: config.path, batchMaxRecords: config.batch_max_records }, log);
  }
  if (config.type === 'eventhub') {
    const labels = { ...componentLabels({ kind: 'source', id: config.name, type: config.type }), error_type: 'read' };
    const { storage, tenantCredential } = context;
    // Benchmarks build API sources without a database; the pipeline always passes both.
    if (storage === undefined || tenantCredential === undefined) throw new Error('the eventhub source needs the database and the tenants\' credentials');
    const status = new EventHubStatus(config.name);
    context.metrics.eventHubStatuses.set(config.name, status);
    return buildEventHubSource(config, { log, storage, credential: tenantCredential, onError: () => context.metrics.errors.inc(labels), status });
  }
  const status = new SourceStatus(config.name, clock);
  context.metrics.sourceStatuses.set(config.name, status);
  if (config.type === 'storage_account') return buildStorageAccountSource(config, context, status);
  const apis = context.tenantClients(config.tenant);
  const mde = () => {
    if (apis.mde === undefined) throw new ConfigError([`sources.${config.name}: tenant "${config.tenant}" has no Defender for Endpoint API in its cloud; set mde_host if you have one`]);
    return apis.mde;
  };
  switch (config.type) {
    case 'graph_incidents':
      return new GraphIncidentsSource({ ...pollSettings(config, clock, status), name: config.name, tenantId: apis.tenantId, graph: apis.graph, log, pageSize: config.page_size, expandFailuresBeforeFallback: config.expand_failures_before_fallback });
    case 'graph_alerts':
      return new GraphAlertsSource({ ...pollSettings(config, clock, status), name: config.name, tenantId: apis.tenantId, graph: apis.graph, pageSize: config.page_size });
    case 'mde_alerts':
      return new MdeAlertsSource({ ...pollSettings(config, clock, status), name: config.name, tenantId: apis.tenantId, mde: mde(), pageSize: config.page_size });
    case 'mde_vulnerabilities':
      return new MdeVulnerabilitiesSource({ name: config.name, tenantId: apis.tenantId, mde: mde(), clock, status, log, mode: config.mode, snapshotIntervalMs: config.snapshot_interval_ms, batchMaxRecords: config.batch_max_records });
  }
}

async function buildStorageAccountSource(config: Extract<SourceConfig, { type: 'storage_account' }>, context: SourceBuildContext, status: SourceStatus): Promise<Source> {
  return new StorageAccountSource({
    name: config.name,
    service: await storageService(config, context, 'the storage_account source'),
    containers: config.containers === undefined ? { prefix: config.container_prefix } : { names: config.containers },
    clock: context.clock,
    status,
    log: context.log,
    pollIntervalMs: config.poll_interval_ms,
    lookbackHours: config.lookback_hours,
    closeAfterMs: config.close_after_ms,
    batchMaxRecords: config.batch_max_records,
    chunkBytes: config.read_chunk_bytes,
  });
}

/** How a section reaches a storage account (a storage_account source, leadership:). */
interface StorageAccountSettings {
  readonly connection_string?: Secret | undefined;
  readonly account_url?: string | undefined;
  readonly tenant?: string | undefined;
}

/** A storage account's blob service; @azure/storage-blob is loaded here, once one is configured (`what` says for what). */
export async function storageService(config: StorageAccountSettings, context: Pick<SourceBuildContext, 'tenantClients'>, what: string): Promise<BlobServiceClient> {
  const { blobService } = await lazyImport(`${what} (@azure/storage-blob)`, () => import('../sources/storage-account/service-client.js'));
  return blobService(storageAuth(config, context));
}

/** A storage account's credentials: its connection string, or a tenant's Entra app (the schema allows only these two). */
function storageAuth(config: StorageAccountSettings, context: Pick<SourceBuildContext, 'tenantClients'>): StorageAuth {
  if (config.connection_string !== undefined) return { connectionString: config.connection_string };
  if (config.account_url === undefined || config.tenant === undefined) throw new ConfigError(['a storage account needs connection_string or account_url + tenant']);
  return { accountUrl: config.account_url, credential: new TenantTokenCredential(context.tenantClients(config.tenant).tokens(STORAGE_SCOPE)) };
}

function pollSettings(config: { poll_interval_ms: number; initial_lookback_ms: number; overlap_ms: number }, clock: Clock, status: SourceStatus) {
  return { clock, status, pollIntervalMs: config.poll_interval_ms, initialLookbackMs: config.initial_lookback_ms, overlapMs: config.overlap_ms };
}

export async function buildSink(config: SinkConfig, log: Logger): Promise<Sink> {
  switch (config.type) {
    case 'file':
      return FileSink.open({ name: config.name, path: config.path, rotateMaxBytes: config.rotate_max_bytes, rotateGzip: config.rotate_gzip, fsync: config.fsync }, log);
    case 'stdout':
      return new StdoutSink(config.name);
  }
}

export function backoffPolicy(retry: RetryConfig): BackoffPolicy {
  return {
    initialIntervalMs: retry.initial_interval_ms,
    maxIntervalMs: retry.max_interval_ms,
    multiplier: retry.multiplier,
    randomizationFactor: retry.randomization_factor,
    maxElapsedMs: retry.max_elapsed_ms,
  };
}
