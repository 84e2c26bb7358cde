import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { tempDir } from '../support/temp-dir.js';

const MINIMAL = `
storage: { path: state/db }
sources: [{ name: a, type: file, stream: alert, path: in.ndjson }]
sinks: [{ name: o, type: file, path: out.ndjson }]
`;

function write(dir: string, text: string, name = 'config.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function issues(file: string, env: Record<string, string> = {}): string[] {
  try {
    loadConfig(file, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.issues];
  }
  assert.fail('the configuration was accepted');
}

const KEY = /^[a-z_]+(\[\d+\])?(\.[a-z_]+|\[\d+\])*: \S/;

test('every validation error names its key and what is allowed', (t) => {
  const file = write(
    tempDir(t),
    `
storage: { path: db, colour: blue }
log: { level: loud }
sources:
  - { name: a, type: file, stream: alerts, path: in.ndjson, batch_max_records: many }
  - { name: b, type: syslog }
sinks:
  - { name: o, type: kafka }
  - { name: p, type: file, rotate_max_bytes: -1 }
`,
  );
  const found = issues(file);
  for (const issue of found) assert.match(issue, KEY);
  assert.deepEqual(found.sort(), [
    'log.level: expected one of trace, debug, info, warn, error, fatal, silent',
    'sinks[0].type: expected one of file, stdout',
    'sinks[1].path: required (expected string)',
    'sinks[1].rotate_max_bytes: must be ≥ 0',
    'sources[0].batch_max_records: expected number, got string',
    'sources[0].stream: expected one of alert, incident, event, vulnerability',
    'sources[1].type: expected one of file, graph_incidents, graph_alerts, mde_alerts, mde_vulnerabilities, storage_account, eventhub',
    'storage.colour: unknown key (allowed: path, durability, buffer_max_bytes)',
  ]);
});

test('missing sections and cross-key rules are reported by key', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(issues(write(dir, 'sources: []\n')), ['storage: required (expected object)', 'sources: must have at least 1 item', 'sinks: required (expected array)']);
  const crossed = write(
    dir,
    `
storage: { path: db }
sources:
  - { name: a, type: file, stream: alert, path: in.ndjson }
  - { name: a, type: file, stream: event, path: out.ndjson }
sinks: [{ name: o, type: file, path: out.ndjson, streams: [alert] }]
`,
  );
  assert.deepEqual(issues(crossed), [
    'sources[1].name: "a" is already the name of sources[0]; names must be unique',
    'sources[1].stream: no sink takes stream "event": add it to some sink\'s streams (its records would be read and dropped)',
    'sources[1].path: sinks[0] writes this file: a source must not read its own output',
  ]);
});

test('${ENV} is interpolated in values, with defaults, $$ escapes and numbers from strings', (t) => {
  const dir = tempDir(t);
  const file = write(
    dir,
    `
storage: { path: "\${STATE_DIR}/db" }
sources: [{ name: a, type: file, stream: alert, path: "\${INPUT:-in.ndjson}", batch_max_records: "\${BATCH}" }]
sinks: [{ name: o, type: file, path: "out/\${NAME}-$$5.ndjson" }]
`,
  );
  const config = loadConfig(file, { STATE_DIR: '/var/lib/defender-siem', BATCH: '250', NAME: 'alerts' });
  assert.equal(config.storage.path, '/var/lib/defender-siem/db');
  assert.equal((config.sources[0] as { path: string }).path, join(dir, 'in.ndjson'), 'default used and resolved against the config folder');
  assert.equal((config.sources[0] as { batch_max_records: number }).batch_max_records, 250);
  assert.equal((config.sinks[0] as { path: string }).path, join(dir, 'out', 'alerts-$5.ndjson'));
  assert.deepEqual(issues(file, { BATCH: '1', NAME: 'x' }), ['storage.path: environment variable STATE_DIR is not set (use ${STATE_DIR:-default} for a default)']);
});

test('a secret comes from ${ENV} or from <key>_file, and prints as [REDACTED] everywhere', (t) => {
  const dir = tempDir(t);
  write(dir, 'file-secret-value\n', 'secret.txt');
  const fromFile = loadConfig(write(dir, `${MINIMAL}tenants: [{ name: t1, tenant_id: t, client_id: c, client_secret_file: secret.txt }]\n`), {});
  assert.equal(fromFile.tenants[0]?.client_secret?.reveal(), 'file-secret-value', 'the trailing newline is not part of the secret');
  const fromEnv = loadConfig(write(dir, `${MINIMAL}tenants: [{ name: t1, tenant_id: t, client_id: c, client_secret: "\${SECRET}" }]\n`), { SECRET: 'env-secret-value' });
  const secret = fromEnv.tenants[0]!.client_secret!;
  assert.equal(secret.reveal(), 'env-secret-value');
  for (const shown of [JSON.stringify(fromEnv), String(secret), `${secret}`, inspect(fromEnv, { depth: 10 })]) {
    assert.ok(!shown.includes('env-secret-value'), shown);
    assert.ok(shown.includes('[REDACTED]'), shown);
  }
});

test('secret file problems name the key and never show the secret', (t) => {
  const dir = tempDir(t);
  write(dir, 'file-secret-value', 'secret.txt');
  assert.deepEqual(issues(write(dir, `${MINIMAL}tenants: [{ name: t1, tenant_id: t, client_id: c, client_secret_file: nope.txt }]\n`)), [
    'tenants[0].client_secret_file: cannot read nope.txt (ENOENT)',
  ]);
  assert.deepEqual(issues(write(dir, `${MINIMAL}tenants: [{ name: t1, tenant_id: t, client_id: c, client_secret: x, client_secret_file: secret.txt }]\n`)), [
    'tenants[0].client_secret_file: give either client_secret or client_secret_file, not both',
  ]);
  const wrongType = issues(write(dir, `${MINIMAL}tenants: [{ name: t1, tenant_id: t, client_id: c, client_secret: 987654321 }]\n`));
  assert.deepEqual(wrongType, ['tenants[0].client_secret: expected string, got number']);
  assert.ok(!wrongType.join().includes('987654321'));
  assert.deepEqual(issues(write(dir, `${MINIMAL}sinks_file: x\n`)), ['sinks_file: unknown key (allowed: storage, normalize, log, tenants, shutdown_timeout_ms, sources, sinks, leadership)'], 'only secret keys have a _file form');
});

test('defaults are filled in and relative paths resolve against the configuration folder', (t) => {
  const dir = tempDir(t);
  const config = loadConfig(write(dir, MINIMAL), {});
  assert.equal(config.storage.path, join(dir, 'state', 'db'));
  assert.equal(config.storage.durability, 'normal');
  assert.deepEqual(config.normalize, { preserve_original_event: false, preserve_duplicate_custom_fields: false, incident_output: 'per_alert' });
  assert.deepEqual(config.sinks[0]!.streams, ['alert', 'incident', 'event', 'vulnerability']);
  assert.equal(config.sinks[0]!.retry.max_elapsed_ms, 0, 'retry forever by default: the buffer absorbs an outage');
});

test('YAML syntax errors and unreadable files are ConfigErrors too', (t) => {
  const dir = tempDir(t);
  assert.match(issues(write(dir, 'storage: [\n'))[0]!, /config\.yaml: /);
  assert.match(issues(join(dir, 'missing.yaml'))[0]!, /cannot read the configuration file \(ENOENT\)/);
});
