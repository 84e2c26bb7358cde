import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A `run` configuration replaying `alerts.ndjson` of `dir` into `dir/out/alert.ndjson`, with
 * small batches and rotation so that a crash can land in any phase; `extra` is appended YAML.
 */
export function writeReplayConfig(dir: string, extra = ''): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(
    path,
    `storage: { path: state/defender-siem.db }
log: { level: info, path: run.log }
shutdown_timeout_ms: 10000
sources:
  - { name: replay, type: file, stream: alert, path: alerts.ndjson, batch_max_records: 200 }
sinks:
  - name: out
    type: file
    path: out/alert.ndjson
    rotate_max_bytes: 400000
    rotate_gzip: true
    batch_max_documents: 300
    retry: { initial_interval_ms: 10, max_interval_ms: 100 }
${extra}`,
  );
  return path;
}
