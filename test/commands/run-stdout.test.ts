import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { alertLines, expectedIds, writeLines } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';

test('with a stdout sink, standard output holds only documents; logs and the summary go to standard error', async (t) => {
  const dir = tempDir(t);
  const lines = alertLines(30);
  writeLines(join(dir, 'alerts.ndjson'), lines);
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'storage: { path: state/db }\nsources: [{ name: a, type: file, stream: alert, path: alerts.ndjson }]\nsinks: [{ name: console, type: stdout }]\n');
  const result = await runCli(['run', '--config', config, '--exit-when-done']);
  assert.equal(result.code, 0, result.stderr);
  const ids = result.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { _id: string })._id);
  assert.deepEqual(ids, expectedIds('alert', lines));
  assert.match(result.stderr, /delivered +30\n/);
  assert.match(result.stderr, /"msg":"starting"/);
});

test('a source whose file is missing makes run exit 1 after delivering the others', async (t) => {
  const dir = tempDir(t);
  writeLines(join(dir, 'alerts.ndjson'), alertLines(5));
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `storage: { path: state/db }
log: { level: fatal }
sources:
  - { name: a, type: file, stream: alert, path: alerts.ndjson }
  - { name: b, type: file, stream: alert, path: missing.ndjson }
sinks: [{ name: o, type: file, path: out/alert.ndjson }]
`,
  );
  const result = await runCli(['run', '--config', config, '--exit-when-done']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /source\(s\) failed: b/);
  assert.match(result.stdout, /delivered +5\n/);
});
