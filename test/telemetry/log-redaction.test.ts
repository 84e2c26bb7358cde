import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger } from '../../src/telemetry/log.js';
import { runCli } from '../support/cli.js';
import { alertLines, writeLines } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';

const SECRET = 'Zx9-very-secret-client-secret-Qw7';

test('a run at trace level never writes the secret to its log, standard error or standard output', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  writeLines(join(dir, 'alerts.ndjson'), alertLines(20));
  const config = join(dir, 'config.yaml');
  for (const logTo of ['path: run.log', '']) {
    writeFileSync(
      config,
      `storage: { path: state/db }
log: { level: trace, ${logTo} }
tenants: [{ name: t1, tenant_id: t, client_id: c, client_secret: "\${CLIENT_SECRET}" }]
sources: [{ name: a, type: file, stream: alert, path: alerts.ndjson }]
sinks: [{ name: o, type: file, path: out/alert.ndjson }, { name: missing, type: file, path: out/missing.ndjson, streams: [incident] }]
`,
    );
    const result = await runCli(['run', '--config', config, '--exit-when-done'], { CLIENT_SECRET: SECRET });
    assert.equal(result.code, 0, result.stderr);
    const log = logTo ? readFileSync(join(dir, 'run.log'), 'utf8') : result.stderr;
    assert.match(log, /"client_secret":"\[REDACTED\]"/, 'the configuration, secret included, was logged: redaction did its job');
    for (const text of [log, result.stderr, result.stdout]) assert.ok(!text.includes(SECRET));
  }
});

test('the logger redacts secret keys given as plain strings, at any usual depth', (t) => {
  const path = join(tempDir(t), 'log.ndjson');
  const log = createLogger({ level: 'info', path });
  log.info({ client_secret: 'plain-1', microsoft: { client_secret: 'plain-2' }, config: { sinks: [{ password: 'plain-4' }] } }, 'hello');
  log.flush();
  const text = readFileSync(path, 'utf8');
  for (const value of ['plain-1', 'plain-2', 'plain-4']) assert.ok(!text.includes(value), `${value} in ${text}`);
  assert.match(text, /"msg":"hello"/);
});
