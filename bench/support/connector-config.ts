import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long the source waits for a partition's batch to fill. */
export const MAX_WAIT_MS = 1_000;

/**
 * The connector's configuration: the eventhub source with SQLite checkpoints from the earliest
 * event, its defaults unless STREAMING_BENCH_MAX_BATCH_SIZE / _PREFETCH / _WORKER_THREADS say
 * otherwise, and a file sink: the streaming bench's, which the start-up bench also runs. In
 * `dir`: config.yaml, the database state.db, the output event.ndjson.
 */
export function writeConnectorConfig(dir: string, connectionString: string): string {
  const secretFile = join(dir, 'eventhub-connection-string.txt');
  writeFileSync(secretFile, connectionString, { mode: 0o600 });
  const { STREAMING_BENCH_MAX_BATCH_SIZE: batch, STREAMING_BENCH_PREFETCH: prefetch, STREAMING_BENCH_WORKER_THREADS: threads } = process.env;
  const tuning = `${batch ? `, max_batch_size: ${batch}` : ''}${prefetch ? `, prefetch_count: ${prefetch}` : ''}`;
  const config = join(dir, 'config.yaml');
  writeFileSync(config, [
    `storage: { path: ${join(dir, 'state.db')} }`,
    `log: { level: info, path: ${join(dir, 'defender-siem.log')} }`,
    ...(threads ? [`normalize: { worker_threads: ${threads} }`] : []),
    'sources:',
    `  - { name: events, type: eventhub, connection_string_file: ${secretFile}, consumer_group: defender-siem, start_position: earliest, max_wait_time_ms: ${MAX_WAIT_MS}, checkpoint_store: { type: sqlite }${tuning} }`,
    'sinks:',
    `  - { name: event-file, type: file, streams: [event], path: ${join(dir, 'event.ndjson')}, rotate_max_bytes: 0 }`,
    '',
  ].join('\n'));
  return config;
}
