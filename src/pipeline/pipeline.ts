import { availableParallelism } from 'node:os';
import type { Depth } from '../buffer/durable-buffer.js';
import { openBuffer } from '../buffer/open-buffer.js';
import type { Config } from '../config/schema.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { BackoffPolicy } from '../core/retry.js';
import { openTenants, type OpenTenants } from './tenants.js';
import type { Stream } from '../core/stream.js';
import { NormalizerPool, normalizeOptionsOf, type NormalizerSettings } from './normalizer-pool.js';
import type { Logger } from '../telemetry/log.js';
import type { Metrics } from '../telemetry/metrics.js';
import { backoffPolicy, buildSink, buildSource } from './build.js';
import { runSink } from './sink-runner.js';
import { Shutdown } from './shutdown.js';
import { openLeadership, runSources } from './leadership/run-sources.js';
import { runSource, type SourceOutcome } from './source-runner.js';

export interface PipelineOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Stop once every source is exhausted and every buffer drained, instead of running until stopped. */
  readonly exitWhenDone: boolean;
  /** Aborted on SIGTERM/SIGINT: stop reading, commit, deliver what is buffered within shutdown_timeout_ms. */
  readonly stop: AbortSignal;
  /** Aborted on a second signal: stop delivering now (undelivered documents stay buffered). */
  readonly abandon: AbortSignal;
  /** The time the API sources see (a benchmark scales it); default the system clock. */
  readonly clock?: Clock | undefined;
}

export interface PipelineReport {
  readonly sources: ReadonlyArray<{ readonly name: string; readonly outcome: SourceOutcome }>;
  readonly sinks: ReadonlyArray<{ readonly name: string; readonly destination: string; readonly remaining: Depth }>;
  readonly orphans: ReadonlyArray<{ readonly sink: string } & Depth>;
  readonly database: string;
}

/** Sources retry transient read errors on their own schedule (sinks have theirs in the config). */
const SOURCE_BACKOFF: BackoffPolicy = { initialIntervalMs: 1_000, maxIntervalMs: 60_000, multiplier: 2, randomizationFactor: 0.5, maxElapsedMs: 0 };

/**
 * Runs sources → normalize → buffers → sinks until stopped (or done, with `exitWhenDone`). Opens
 * the database first and closes it last, after every sink runner has returned, so every commit
 * and ack made during the run is in it.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineReport> {
  const { config, log, metrics } = options;
  // The effective configuration, secrets redacted (Secret prints [REDACTED]; pino redacts by key too).
  log.info({ config, exit_when_done: options.exitWhenDone }, 'starting');
  const storage = openBuffer(config.storage.path, {
    sinks: config.sinks.map((sink) => sink.name),
    maxBytesPerSink: config.storage.buffer_max_bytes,
    durability: config.storage.durability,
  });
  const sinks: Array<Awaited<ReturnType<typeof buildSink>>> = [];
  const clock = options.clock ?? systemClock;
  let tenants: OpenTenants | undefined;
  let normalizers: NormalizerPool | undefined;
  try {
    // Only what the configuration uses is loaded: the Microsoft clients with tenants, the Storage
    // SDK with a storage_account source, blob checkpoints or a leadership: section.
    tenants = await openTenants(config.tenants, clock, log);
    const { buffer, state } = storage;
    for (const orphan of buffer.orphans) {
      log.warn(orphan, 'the buffer holds documents of a sink that is no longer configured; they stay until it is configured again');
    }
    for (const sinkConfig of config.sinks) sinks.push(await buildSink(sinkConfig, log));
    // Built before anything runs: a source that cannot be built is a startup error, not a half-started pipeline.
    const sources: Array<Awaited<ReturnType<typeof buildSource>>> = [];
    for (const sourceConfig of config.sources) sources.push(await buildSource(sourceConfig, { log, clock, metrics, tenantClients: tenants.apis, tenantCredential: tenants.credential, storage }));
    const leadership = await openLeadership(config.leadership, { tenantClients: tenants.apis, log });
    metrics.observeBuffers(() => config.sinks.map(({ name }) => ({ sink: name, ...buffer.depth(name) })));
    const settings = normalizerSettings(config);
    const normalize = normalizeOptionsOf(settings);
    const threads = normalizerThreads(config);
    normalizers = threads === 0 ? undefined : new NormalizerPool(threads, settings, log);
    const sinksFor = (stream: Stream) => config.sinks.filter((sink) => sink.streams.includes(stream)).map((sink) => sink.name);

    const shutdown = new Shutdown(options.stop, options.abandon, config.shutdown_timeout_ms);
    const sinkRuns = config.sinks.map((sinkConfig, index) =>
      runSink(
        {
          sink: sinks[index]!,
          component: { kind: 'sink', id: sinkConfig.name, type: sinkConfig.type },
          buffer,
          backoff: backoffPolicy(sinkConfig.retry),
          timeoutMs: sinkConfig.timeout_ms,
          limits: { maxDocuments: sinkConfig.batch_max_documents, maxBytes: sinkConfig.batch_max_bytes },
          metrics,
          log,
        },
        { stop: shutdown.stopDelivery, drain: shutdown.drain },
      ).catch((error: unknown) => shutdown.fail(error)),
    );
    const runOne = (index: number, signal: AbortSignal) => {
      const sourceConfig = config.sources[index]!;
      return runSource(
        {
          source: sources[index]!,
          component: { kind: 'source', id: sourceConfig.name, type: sourceConfig.type },
          sinksFor,
          buffer,
          state,
          normalize,
          normalizers,
          backoff: SOURCE_BACKOFF,
          metrics,
          log,
        },
        signal,
      ).catch((error: unknown): SourceOutcome => {
        shutdown.fail(error);
        return 'failed';
      });
    };
    // With a leadership: section, the polling sources run only while this instance holds the lease.
    const outcomes = await runSources(config.sources, runOne, leadership, { state, log }, shutdown.stopReading);
    log.info({ sources: Object.fromEntries(config.sources.map((source, index) => [source.name, outcomes[index]])) }, 'sources finished');
    if (!options.exitWhenDone) await untilAborted(shutdown.stopReading);
    shutdown.startDraining();
    await Promise.all(sinkRuns);
    shutdown.dispose();
    return {
      sources: config.sources.map((source, index) => ({ name: source.name, outcome: outcomes[index]! })),
      sinks: config.sinks.map((sink, index) => ({ name: sink.name, destination: sinks[index]!.destination, remaining: buffer.depth(sink.name) })),
      orphans: buffer.orphans,
      database: config.storage.path,
    };
  } finally {
    await normalizers?.close();
    for (const sink of sinks) await sink.close().catch((error: unknown) => log.error({ sink: sink.name, err: error }, 'cannot close the sink'));
    await tenants?.close().catch((error: unknown) => log.error({ err: error }, 'cannot close the Microsoft API clients'));
    storage.close();
  }
}

/**
 * worker_threads, or by default one thread per core (at most 4). The main thread only receives,
 * buffers and delivers (about a quarter of a core at 25,000 records/s, since batches are stored
 * and handed over as single byte arrays), so a thread on every core is the fastest on small
 * machines too: 26,500–28,000 records/s against ~24,500 with one thread on 2 cores, for ~70 MiB
 * more (BENCHMARKS.md).
 */
export function normalizerThreads(config: Config): number {
  return config.normalize.worker_threads ?? Math.min(4, availableParallelism());
}

function normalizerSettings(config: Config): NormalizerSettings {
  const { normalize } = config;
  return {
    preserveOriginal: normalize.preserve_original_event,
    preserveDuplicateCustomFields: normalize.preserve_duplicate_custom_fields,
    incidentOutput: normalize.incident_output,
    geoipDir: normalize.geoip_dir,
  };
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
