import type { SinkConfig, SourceConfig, RetryConfig } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import type { BackoffPolicy } from '../core/retry.js';
import type { Sink } from '../core/sink.js';
import type { Source } from '../core/source.js';
import { FileSink } from '../sinks/file.js';
import { StdoutSink } from '../sinks/stdout.js';
import { FileSource } from '../sources/file.js';
import type { Logger } from '../telemetry/log.js';

/** Components are built by a plain switch on `type`: the switch is the registry. */
export function buildSource(config: SourceConfig, log: Logger): Source {
  switch (config.type) {
    case 'file':
      return new FileSource({ name: config.name, stream: config.stream, path: config.path, batchMaxRecords: config.batch_max_records }, log);
    default:
      throw new ConfigError([`sources: type ${config.type} is not built yet`]);
  }
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
