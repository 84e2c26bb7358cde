import { z } from 'zod';
import { checkStorageAccess, containerName, credentialChoice, integer, section, storageAccess, type CommonTypes } from './primitives.js';

/** The Streaming API's two destinations: an Azure Storage account and Azure Event Hubs. */
export function streamingSourceSchemas(types: CommonTypes) {
  const { name, secret } = types;

  // The Streaming API's export to a storage account (Advanced Hunting events, one container per
  // table, one append blob per hour). Auth: the account's connection string, or its URL and an
  // Entra app from tenants: (role Storage Blob Data Reader on the account).
  const storageAccount = section({
    type: z.literal('storage_account'),
    name,
    ...storageAccess(types),
    // Containers to read; default every container named with container_prefix (tables added later are found).
    containers: z.array(containerName).min(1).optional(),
    container_prefix: z.string().min(1).default('insights-logs-advancedhunting-'),
    poll_interval_ms: integer(1_000).default(60_000),
    // A first run reads the blobs of this many past hours (the current one always).
    lookback_hours: integer(0, 24 * 366).default(24),
    // An hour's blob may still be appended to this long after the hour ended (export lag); then
    // it is read a last time and forgotten.
    close_after_ms: integer(0).default(60 * 60 * 1000),
    batch_max_records: integer(1).default(1_000),
    read_chunk_bytes: integer(64 * 1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  }).superRefine(checkStorageAccess);

  // Azure Event Hubs, where the Defender XDR Streaming API sends Advanced Hunting events
  // (docs/configuration.md). Authentication: a SAS connection string, or a tenant's app
  // registration (Entra, role "Azure Event Hubs Data Receiver").
  const sqliteCheckpointStore = section({ type: z.literal('sqlite') });
  const blobCheckpointStore = section({
    type: z.literal('blob'),
    ...storageAccess(types),
    container: containerName,
    // balanced: claim one partition per interval until the instances hold equal shares; greedy: at once.
    load_balancing: z.enum(['balanced', 'greedy']).default('balanced'),
    partition_ownership_expiration_interval_ms: integer(1_000).default(60_000),
    load_balancing_interval_ms: integer(1_000).default(10_000),
  }).superRefine((store, ctx) => {
    checkStorageAccess(store, ctx);
    if (store.load_balancing_interval_ms >= store.partition_ownership_expiration_interval_ms) {
      ctx.addIssue({ code: 'custom', path: ['load_balancing_interval_ms'], message: 'must be shorter than partition_ownership_expiration_interval_ms: an owner renews its claims once per interval' });
    }
  });
  const eventHub = section({
    type: z.literal('eventhub'),
    name,
    connection_string: secret.optional(),
    fully_qualified_namespace: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*(:\d+)?$/, 'must be a host name such as <namespace>.servicebus.windows.net (no scheme, no path)').optional(),
    tenant: name.optional(),
    event_hub_name: z.string().min(1).max(256).optional(),
    // Connect here instead of the namespace's own address (a private endpoint, a TLS-inspecting
    // relay, the simulator's emulator): amqps://host[:port]. The namespace still names the hub in
    // tokens; the connection is TLS (trust a private CA through NODE_EXTRA_CA_CERTS).
    endpoint: z.string().regex(/^(amqps|sb|https):\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/, 'must be amqps://host or amqps://host:port (no path)').optional(),
    // Give each independent reader its own consumer group: readers of one group share partitions.
    consumer_group: z.string().min(1).max(50).default('$Default'),
    // Where a partition without a checkpoint starts: the oldest retained event, new events only, or a time.
    start_position: z.union([z.enum(['earliest', 'latest']), z.iso.datetime({ offset: true, error: 'must be earliest, latest or an ISO 8601 time with a zone (2026-01-05T07:00:00Z)' })]).default('earliest'),
    // Events (messages) per partition per commit. A Defender message packs up to ~1 MB of records
    // (the simulator's ~100 records, ~170 KB): 3 keeps a batch to ~300 records, and what is in
    // flight (prefetched, in normalization, waiting for its commit) to ~30 MiB less than 5 does,
    // at the same throughput within noise (BENCHMARKS.md); 2 is slower, and the SDK's default of
    // 1 per call several times slower.
    max_batch_size: integer(1, 10_000).default(3),
    // How long a quiet partition waits before the client returns an empty batch (events arriving end the wait at once).
    max_wait_time_ms: integer(100).default(10_000),
    // Events the client fetches ahead per partition; default 3 × max_batch_size.
    prefetch_count: integer(1).optional(),
    checkpoint_store: z.discriminatedUnion('type', [sqliteCheckpointStore, blobCheckpointStore]).default({ type: 'sqlite' }),
  }).superRefine((source, ctx) => {
    credentialChoice(source.connection_string, { host: source.fully_qualified_namespace, hostKey: 'fully_qualified_namespace', tenant: source.tenant }, ctx);
    if (source.event_hub_name === undefined && (source.connection_string === undefined || !/(^|;)\s*EntityPath\s*=\s*[^;\s]/i.test(source.connection_string.reveal()))) {
      ctx.addIssue({ code: 'custom', path: ['event_hub_name'], message: 'give event_hub_name (or a connection string with EntityPath=)' });
    }
    if (source.prefetch_count !== undefined && source.prefetch_count < source.max_batch_size) {
      ctx.addIssue({ code: 'custom', path: ['prefetch_count'], message: `must be at least max_batch_size (${source.max_batch_size})` });
    }
  });

  return [storageAccount, eventHub] as const;
}
