import { resolve } from 'node:path';
import { z } from 'zod';
import { STREAMS, type Stream } from '../core/stream.js';
import { CLOUDS } from '../microsoft/clouds.js';
import { Secret } from './redact.js';

/**
 * The configuration file's shape: snake_case keys, units in names (`_ms`, `_bytes`), strict
 * objects (a typo is an error that lists the allowed keys), defaults that suit a 24/7 SOC.
 * Relative paths are resolved against the configuration file's folder.
 */
export function configSchema(baseDir: string) {
  const path = z.string().min(1, 'must not be empty').transform((value) => resolve(baseDir, value));
  const secret = z.string().min(1, 'must not be empty').transform((value) => new Secret(value));
  const name = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-" (it keys stored positions and buffers: keep it stable)');

  const retry = section({
    initial_interval_ms: integer(1).default(5_000),
    max_interval_ms: integer(1).default(30_000),
    multiplier: number(1).default(1.5),
    randomization_factor: number(0, 1).default(0.5),
    max_elapsed_ms: integer(0).default(0),
  });

  const sinkCommon = {
    name,
    streams: z.array(z.enum(STREAMS)).min(1).default([...STREAMS]),
    batch_max_documents: integer(1).default(1_000),
    batch_max_bytes: integer(1).default(10 * 1024 * 1024),
    timeout_ms: integer(1).default(30_000),
    retry: retry.default(retry.parse({})),
  };

  const fileSink = section({
    type: z.literal('file'),
    ...sinkCommon,
    path,
    rotate_max_bytes: integer(0).default(100 * 1024 * 1024),
    rotate_gzip: boolean().default(true),
    fsync: boolean().default(true),
  });
  const stdoutSink = section({ type: z.literal('stdout'), ...sinkCommon });

  const fileSource = section({
    type: z.literal('file'),
    name,
    stream: z.enum(STREAMS),
    path,
    batch_max_records: integer(1).default(1_000),
  });

  const storage = section({
    path,
    durability: z.enum(['normal', 'full']).default('normal'),
    buffer_max_bytes: integer(1).default(1024 * 1024 * 1024),
  });

  const normalize = section({
    preserve_original_event: boolean().default(false),
    preserve_duplicate_custom_fields: boolean().default(false),
    // per_alert: one document per (incident, alert) pair, as Elastic; per_incident: one per incident.
    incident_output: z.enum(['per_alert', 'per_incident']).default('per_alert'),
    geoip_dir: path.optional(),
  });

  const log = section({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    path: path.optional(),
  });

  // The Entra app registrations the Microsoft sources (Graph, MDE) authenticate with, one per
  // customer tenant: an MSSP collects many tenants in one process. Hosts default to the cloud's;
  // overriding them (and trusting a CA) is how tests and the demo point at the simulator.
  const url = z.url({ protocol: /^https$/, error: 'must be an https:// URL (tokens and data never travel in clear text)' });
  const certificate = section({
    certificate_file: path.optional(),
    private_key_file: path.optional(),
    private_key_password: secret.optional(),
    pfx_file: path.optional(),
    pfx_password: secret.optional(),
    // Send the certificate chain (x5c) with each assertion: needed for subject-name/issuer auth.
    send_x5c: boolean().default(false),
  }).superRefine((cert, ctx) => {
    const pem = cert.certificate_file !== undefined || cert.private_key_file !== undefined;
    if (pem && cert.pfx_file !== undefined) ctx.addIssue({ code: 'custom', message: 'give either certificate_file + private_key_file (PEM) or pfx_file, not both' });
    else if (!pem && cert.pfx_file === undefined) ctx.addIssue({ code: 'custom', message: 'give certificate_file + private_key_file (PEM) or pfx_file' });
    else if (pem && (cert.certificate_file === undefined || cert.private_key_file === undefined)) ctx.addIssue({ code: 'custom', message: 'PEM needs both certificate_file and private_key_file (one file may hold both: name it twice)' });
  });
  const tenant = section({
    name,
    tenant_id: z.string().min(1, 'must not be empty: the directory (tenant) id GUID or a verified domain'),
    client_id: z.string().min(1, 'must not be empty: the application (client) id of the app registration'),
    client_secret: secret.optional(),
    client_certificate: certificate.optional(),
    cloud: z.enum(CLOUDS).default('global'),
    authority_host: url.optional(),
    graph_host: url.optional(),
    mde_host: url.optional(),
    mde_scope: z.string().min(1).optional(),
    // Extra certificate authorities to trust (a TLS-inspecting proxy, the simulator); the system
    // ones stay trusted and verification is never turned off.
    ca_file: path.optional(),
    // Graph /security allows 150 requests/min per app per tenant, shared by incidents and alerts.
    graph_requests_per_minute: integer(1).default(150),
    mde_requests_per_minute: integer(1).default(100),
    request_timeout_ms: integer(1).default(60_000),
  }).superRefine((tenant, ctx) => {
    const credentials = Number(tenant.client_secret !== undefined) + Number(tenant.client_certificate !== undefined);
    if (credentials !== 1) ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'give exactly one credential: client_secret (or client_secret_file) or client_certificate' });
  });

  const pollCommon = {
    name,
    tenant: name,
    poll_interval_ms: integer(1_000).default(60_000),
    // Where a first run starts: this far back from now.
    initial_lookback_ms: integer(0).default(24 * 60 * 60 * 1000),
    // Each poll re-reads this much before the cursor, for updates that land late; (id,
    // lastUpdateDateTime) pairs already committed are skipped, so nothing is doubled.
    overlap_ms: integer(0).default(5 * 60 * 1000),
  };
  const graphIncidents = section({
    type: z.literal('graph_incidents'),
    ...pollCommon,
    page_size: integer(1, 50).default(50),
    // After this many failed sweeps with $expand=alerts (each page tried twice on 5xx), read on
    // without the expansion and fetch each incident's alerts from alerts_v2: never a stall.
    expand_failures_before_fallback: integer(1).default(2),
  });
  const graphAlerts = section({ type: z.literal('graph_alerts'), ...pollCommon, page_size: integer(1, 1_000).default(100) });
  const mdeAlerts = section({ type: z.literal('mde_alerts'), ...pollCommon, page_size: integer(1, 10_000).default(1_000) });
  const mdeVulnerabilities = section({
    type: z.literal('mde_vulnerabilities'),
    name,
    tenant: name,
    // export: SoftwareVulnerabilitiesExport files (any size); join: vulnerabilities × machines ×
    // machinesVulnerabilities, one enriched record per device and CVE.
    mode: z.enum(['export', 'join']).default('export'),
    snapshot_interval_ms: integer(1_000).default(4 * 60 * 60 * 1000),
    batch_max_records: integer(1).default(1_000),
  });

  // The Streaming API's export to a storage account (Advanced Hunting events, one container per
  // table, one append blob per hour). Auth: the account's connection string, or its URL and an
  // Entra app from tenants: (role Storage Blob Data Reader on the account).
  const storageAccount = section({
    type: z.literal('storage_account'),
    name,
    connection_string: secret.optional(),
    account_url: url.optional(),
    tenant: name.optional(),
    // Containers to read; default every container named with container_prefix (tables added later are found).
    containers: z.array(z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'must be a storage container name (3-63 lower-case letters, digits, single "-")')).min(1).optional(),
    container_prefix: z.string().min(1).default('insights-logs-advancedhunting-'),
    poll_interval_ms: integer(1_000).default(60_000),
    // A first run reads the blobs of this many past hours (the current one always).
    lookback_hours: integer(0, 24 * 366).default(24),
    // An hour's blob may still be appended to this long after the hour ended (export lag); then
    // it is read a last time and forgotten.
    close_after_ms: integer(0).default(60 * 60 * 1000),
    batch_max_records: integer(1).default(1_000),
    read_chunk_bytes: integer(64 * 1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  }).superRefine((source, ctx) => {
    const byKey = source.connection_string !== undefined;
    const byEntra = source.account_url !== undefined || source.tenant !== undefined;
    if (byKey === byEntra) ctx.addIssue({ code: 'custom', path: ['connection_string'], message: 'give either connection_string (or connection_string_file) or account_url + tenant' });
    else if (byEntra && (source.account_url === undefined || source.tenant === undefined)) ctx.addIssue({ code: 'custom', path: [source.account_url === undefined ? 'account_url' : 'tenant'], message: 'Entra authentication needs both account_url and tenant' });
  });

  // Several instances sharing an Event Hub: the polling sources run on one of them at a time, the
  // holder of a blob lease. Absent: this instance always leads.
  const leadership = section({
    connection_string: secret.optional(),
    account_url: url.optional(),
    tenant: name.optional(),
    container: z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'must be a storage container name (3-63 lower-case letters, digits, single "-")').default('defender-siem-leadership'),
    blob: z.string().min(1).max(1024).default('leader.json'),
    // The service allows 15–60 s; the leader renews every third of it, a successor takes over
    // at most this long after the leader died.
    lease_duration_ms: integer(15_000, 60_000).refine((ms) => ms % 1000 === 0, 'must be whole seconds').default(30_000),
  }).superRefine((config, ctx) => {
    const byKey = config.connection_string !== undefined;
    const byEntra = config.account_url !== undefined || config.tenant !== undefined;
    if (byKey === byEntra) ctx.addIssue({ code: 'custom', path: ['connection_string'], message: 'give either connection_string (or connection_string_file) or account_url + tenant' });
    else if (byEntra && (config.account_url === undefined || config.tenant === undefined)) ctx.addIssue({ code: 'custom', path: [config.account_url === undefined ? 'account_url' : 'tenant'], message: 'Entra authentication needs both account_url and tenant' });
  });

  // Azure Event Hubs, where the Defender XDR Streaming API sends Advanced Hunting events
  // (docs/configuration.md). Authentication: a SAS connection string, or a tenant's app
  // registration (Entra, role "Azure Event Hubs Data Receiver").
  const sqliteCheckpointStore = section({ type: z.literal('sqlite') });
  const blobCheckpointStore = section({
    type: z.literal('blob'),
    connection_string: secret.optional(),
    account_url: url.optional(),
    tenant: name.optional(),
    container: z.string().regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name: 3 to 63 lowercase letters, digits and single hyphens'),
    // balanced: claim one partition per interval until the instances hold equal shares; greedy: at once.
    load_balancing: z.enum(['balanced', 'greedy']).default('balanced'),
    partition_ownership_expiration_interval_ms: integer(1_000).default(60_000),
    load_balancing_interval_ms: integer(1_000).default(10_000),
  }).superRefine((store, ctx) => {
    credentialChoice(store.connection_string, { host: store.account_url, hostKey: 'account_url', tenant: store.tenant }, ctx);
    if (store.load_balancing_interval_ms >= store.partition_ownership_expiration_interval_ms) {
      ctx.addIssue({ code: 'custom', path: ['load_balancing_interval_ms'], message: 'must be shorter than partition_ownership_expiration_interval_ms: an owner renews its claims once per interval' });
    }
  });
  const eventHubSource = section({
    type: z.literal('eventhub'),
    name,
    connection_string: secret.optional(),
    fully_qualified_namespace: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*(:\d+)?$/, 'must be a host name such as <namespace>.servicebus.windows.net (no scheme, no path)').optional(),
    tenant: name.optional(),
    event_hub_name: z.string().min(1).max(256).optional(),
    // Give each independent reader its own consumer group: readers of one group share partitions.
    consumer_group: z.string().min(1).max(50).default('$Default'),
    // Where a partition without a checkpoint starts: the oldest retained event, new events only, or a time.
    start_position: z.union([z.enum(['earliest', 'latest']), z.iso.datetime({ offset: true, error: 'must be earliest, latest or an ISO 8601 time with a zone (2026-01-05T07:00:00Z)' })]).default('earliest'),
    // The SDK's default of 1 event per call is about 100 times slower.
    max_batch_size: integer(100, 10_000).default(300),
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

  return section({
    storage,
    normalize: normalize.default(normalize.parse({})),
    log: log.default(log.parse({})),
    tenants: z.array(tenant).default([]),
    shutdown_timeout_ms: integer(1).default(30_000),
    sources: z.array(z.discriminatedUnion('type', [fileSource, graphIncidents, graphAlerts, mdeAlerts, mdeVulnerabilities, storageAccount, eventHubSource])).min(1),
    sinks: z.array(z.discriminatedUnion('type', [fileSink, stdoutSink])).min(1),
    leadership: leadership.optional(),
  }).superRefine(checkReferences);
}

export type Config = z.output<ReturnType<typeof configSchema>>;
export type SourceConfig = Config['sources'][number];
export type SinkConfig = Config['sinks'][number];
export type RetryConfig = SinkConfig['retry'];

/** The stream a source's records belong to: the file source says so, the API sources imply it. */
export function sourceStream(source: { type: string; stream?: string }): Stream {
  switch (source.type) {
    case 'graph_incidents':
      return 'incident';
    case 'graph_alerts':
    case 'mde_alerts':
      return 'alert';
    case 'mde_vulnerabilities':
      return 'vulnerability';
    case 'storage_account':
    case 'eventhub':
      return 'event';
    default:
      return source.stream as Stream;
  }
}

interface ReferenceView {
  sources: Array<{ name: string; type: string; stream?: string; path?: string; tenant?: string; checkpoint_store?: { type: string; tenant?: string } }>;
  sinks: Array<{ name: string; streams: string[]; path?: string }>;
  tenants: Array<{ name: string; cloud: string }>;
  leadership?: { tenant?: string | undefined } | undefined;
}

function knownTenants(config: ReferenceView): string {
  return config.tenants.map((candidate) => `"${candidate.name}"`).join(', ') || 'none (add a tenants: section)';
}

/** Rules across keys: unique names, every source read by some sink and its tenant defined, no file read and written. */
function checkReferences(config: ReferenceView, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const firstIndex = new Map<string, number>();
  for (const [kind, items] of [['sources', config.sources], ['sinks', config.sinks], ['tenants', config.tenants]] as const) {
    firstIndex.clear();
    items.forEach((item, index) => {
      const first = firstIndex.get(item.name);
      if (first !== undefined) issue([kind, index, 'name'], `"${item.name}" is already the name of ${kind}[${first}]; names must be unique`);
      else firstIndex.set(item.name, index);
    });
  }
  config.sources.forEach((source, index) => {
    const stream = sourceStream(source);
    if (!config.sinks.some((sink) => sink.streams.includes(stream))) {
      issue(['sources', index, source.stream === undefined ? 'type' : 'stream'], `no sink takes stream "${stream}": add it to some sink's streams (its records would be read and dropped)`);
    }
    const storeTenant = source.checkpoint_store?.tenant;
    if (storeTenant !== undefined && !config.tenants.some((candidate) => candidate.name === storeTenant)) {
      issue(['sources', index, 'checkpoint_store', 'tenant'], `no tenant named "${storeTenant}"; defined: ${knownTenants(config)}`);
    }
    if (source.tenant === undefined) return;
    const tenant = config.tenants.find((candidate) => candidate.name === source.tenant);
    if (tenant === undefined) {
      issue(['sources', index, 'tenant'], `no tenant named "${source.tenant}"; defined: ${knownTenants(config)}`);
    } else if (tenant.cloud === 'china' && source.type !== 'eventhub') {
      issue(['sources', index, 'type'], `${source.type} is not available in the China (21Vianet) cloud: Microsoft offers neither the Graph security API nor Defender for Endpoint there`);
    }
  });
  const leaderTenant = config.leadership?.tenant;
  if (leaderTenant !== undefined && !config.tenants.some((tenant) => tenant.name === leaderTenant)) {
    issue(['leadership', 'tenant'], `no tenant named "${leaderTenant}"; defined: ${config.tenants.map((tenant) => `"${tenant.name}"`).join(', ') || 'none (add a tenants: section)'}`);
  }
  const written = new Map<string, number>();
  config.sinks.forEach((sink, index) => {
    if (sink.path === undefined) return;
    const other = written.get(sink.path);
    if (other !== undefined) issue(['sinks', index, 'path'], `sinks[${other}] already writes ${sink.path}`);
    written.set(sink.path, index);
  });
  config.sources.forEach((source, index) => {
    const sink = source.path === undefined ? undefined : written.get(source.path);
    if (sink !== undefined) issue(['sources', index, 'path'], `sinks[${sink}] writes this file: a source must not read its own output`);
  });
}

/**
 * Azure SDK clients authenticate with a connection string (SAS, or an account key) or with a
 * tenant's app registration and the resource's host: exactly one of the two.
 */
function credentialChoice(connectionString: unknown, entra: { host: string | undefined; hostKey: string; tenant: string | undefined }, ctx: z.RefinementCtx): void {
  const usesEntra = entra.host !== undefined || entra.tenant !== undefined;
  if ((connectionString !== undefined) === usesEntra) {
    ctx.addIssue({ code: 'custom', path: ['connection_string'], message: `give either connection_string (or connection_string_file) or ${entra.hostKey} + tenant (Entra)` });
  } else if (usesEntra && (entra.host === undefined || entra.tenant === undefined)) {
    ctx.addIssue({ code: 'custom', path: [entra.host === undefined ? entra.hostKey : 'tenant'], message: `Entra authentication needs both ${entra.hostKey} and tenant` });
  }
}

/** A strict object whose unknown-key error lists the keys it allows. */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `allowed: ${allowed}` : undefined),
  });
}

/** Numbers may arrive as strings from `${ENV}`; a plain decimal string is read as a number. */
function fromString(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(fromString, z.number().int().min(min).max(max));
}

function number(min: number, max = Number.MAX_VALUE) {
  return z.preprocess(fromString, z.number().min(min).max(max));
}

function boolean() {
  return z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());
}
