import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../../src/config/load.js';
import { runPipeline } from '../../../src/pipeline/pipeline.js';
import { StorageExportWriter } from '../../../src/simulator/storage/export-writer.js';
import { Metrics } from '../../../src/telemetry/metrics.js';
import { startAzurite } from '../../support/azurite.js';
import { tempDir } from '../../support/temp-dir.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('run: two instances share a storage_account source through the lease; the successor continues where the leader stopped', async (t) => {
  const azurite = await startAzurite(t);
  const dir = tempDir(t);
  const writer = new StorageExportWriter({ connectionString: azurite.connectionString, startMs: Date.now() - 10 * 60 * 1000, meanGapMs: 200 });
  const truth = await writer.append(300);

  const start = (name: string) => {
    mkdirSync(join(dir, name));
    const file = join(dir, name, 'config.yaml');
    writeFileSync(
      file,
      `storage: { path: state.db }
normalize: { preserve_original_event: true }
leadership: { connection_string: "\${AZURITE}", lease_duration_ms: 15000 }
sources:
  - { name: export, type: storage_account, connection_string: "\${AZURITE}", poll_interval_ms: 1000, batch_max_records: 50 }
sinks:
  - { name: out, type: file, path: out.ndjson, streams: [event] }
`,
    );
    const config = loadConfig(file, { AZURITE: azurite.connectionString });
    const stop = new AbortController();
    t.after(() => stop.abort());
    const never = new AbortController().signal;
    const run = runPipeline({ config, log: pino({ level: 'silent' }), metrics: new Metrics(), exitWhenDone: false, stop: stop.signal, abandon: never });
    return { stop, run, out: join(dir, name, 'out.ndjson') };
  };
  const originals = (file: string): string[] => {
    try {
      return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { event: { original: string } }).event.original);
    } catch {
      return [];
    }
  };

  const a = start('a');
  await tick(500);
  const b = start('b');
  const deadline = Date.now() + 20_000;
  while (originals(a.out).length + originals(b.out).length < 300 && Date.now() < deadline) await tick(100);
  // Only the leader read (a started first and took the lease).
  assert.equal(originals(a.out).length, 300);
  assert.equal(originals(b.out).length, 0);

  // The leader stops (SIGTERM); more events arrive; the other instance takes over.
  a.stop.abort();
  await a.run;
  truth.push(...(await writer.append(200)));
  while (originals(b.out).length < 200 && Date.now() < deadline + 20_000) await tick(100);
  b.stop.abort();
  await b.run;

  const all = [...originals(a.out), ...originals(b.out)];
  assert.equal(new Set(all).size, truth.length, 'every record delivered');
  assert.equal(all.length, truth.length, 'and none twice: the leader mirrored its last positions before releasing');
});
