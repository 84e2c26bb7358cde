import type { SinkConfig, SourceConfig, RetryConfig } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import type { BackoffPolicy } from '../core/retry.js';
import type { Sink } from '../core/sink.js';
import type { Source } from '../core/source.js';
import { FileSink } from '../sinks/file.js';
import { StdoutSink } from '../sinks/stdout.js';
import { FileSource } from '../sources/file.js';
import { GraphAlertsSource } from '../sources/graph/alerts.js';
import { GraphIncidentsSource } from '../sources/graph/incidents.js';
import { MdeAlertsSource } from '../sources/mde/alerts.js';
import { MdeVulnerabilitiesSource } from '../sources/mde/vulnerabilities.js';
import type { Metrics } from '../telemetry/metrics.js';
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
}

export interface TenantApis {
  readonly tenantId: string;
  readonly graph: ApiClient;
  readonly mde: ApiClient | undefined;
}

/** Components are built by a plain switch on `type`: the switch is the registry. */
export function buildSource(config: SourceConfig, context: SourceBuildContext): Source {
  const { log, clock } = context;
  if (config.type === 'file') {
    return new FileSource({ name: config.name, stream: config.stream, path: config.path, batchMaxRecords: config.batch_max_records }, log);
  }
  const status = new SourceStatus(config.name, clock);
  context.metrics.sourceStatuses.set(config.name, status);
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
