import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { FIXTURES_DIR, GEOIP_TEST_DIR } from '../fixtures-path.js';

/** The `normalize` CLI contract, exercised from outside as a user's script would. */
function normalize(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, 'normalize', ...args], { input: input ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) => text.split('\n').filter((line) => line.length > 0);
const parse = (text: string) => lines(text).map((line) => JSON.parse(line) as Record<string, any>);

test('reads stdin, writes one document per record in input order, bad lines become pipeline_error (exit 0)', () => {
  const input = [
    '{"time":"2024-01-01T00:00:01Z","tenantId":"t","category":"AdvancedHunting-DeviceEvents","operationName":"Publish","properties":{"Timestamp":"2024-01-01T00:00:00.1234567Z","DeviceName":"A","ActionType":"X"}}',
    'not json',
    '',
    '{"time":"2024-01-01T00:00:02Z","tenantId":"t","category":"AdvancedHunting-DeviceEvents","operationName":"Publish","properties":{"Timestamp":"2024-01-01T00:00:02Z","DeviceName":"B","ActionType":"Y"}}',
  ].join('\r\n');
  const result = normalize(['--stream', 'event'], input);
  assert.equal(result.code, 0, result.stderr);
  const docs = parse(result.stdout);
  assert.deepEqual(docs.map((doc) => doc.host?.name ?? doc.event.kind), ['a', 'pipeline_error', 'b']);
  assert.equal(docs[1]!.event.original, 'not json');
  assert.equal(docs[0]!.event.original, undefined, 'event.original only with --preserve-original');
  assert.equal(docs[0]!['@timestamp'], '2024-01-01T00:00:00.123Z');
});

test('--input FILE (plain or .gz), --preserve-original and --geoip-dir reproduce the fixture documents', (t) => {
  const file = join(FIXTURES_DIR, 'event', 'test-device.log');
  const raw = readFileSync(file, 'utf8');
  const gz = join(tempDir(t), 'device.log.gz');
  writeFileSync(gz, gzipSync(raw));
  const plain = normalize(['--stream', 'event', '--input', file, '--preserve-original', '--geoip-dir', GEOIP_TEST_DIR]);
  const zipped = normalize(['--stream', 'event', '--input', gz, '--preserve-original', '--geoip-dir', GEOIP_TEST_DIR]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(zipped.stdout, plain.stdout);
  const docs = parse(plain.stdout);
  assert.equal(docs.length, lines(raw).length);
  assert.deepEqual(docs.map((doc) => doc.event.original), lines(raw));
  const withGeo = docs.filter((doc) => doc.source?.geo);
  assert.ok(withGeo.length > 0, 'GeoIP fields come from the databases in --geoip-dir');
  const withoutDir = parse(normalize(['--stream', 'event', '--input', file]).stdout);
  assert.ok(withoutDir.every((doc) => doc.source?.geo === undefined), 'no database, no geo fields');
});

test('an alert page of the Graph API: the empty last page yields nothing', () => {
  const result = normalize(['--stream', 'alert', '--input', join(FIXTURES_DIR, 'alert', 'test-alert.log')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(parse(result.stdout).length, 1);
});

test('bad arguments and unreadable inputs exit 2 with a message naming the problem', (t) => {
  const cases: [string[], RegExp][] = [
    [[], /--stream/],
    [['--stream', 'bogus'], /bogus.*alert, incident, event, vulnerability/],
    [['--stream', 'event', '--input', '/no/such/file.ndjson'], /cannot read the input \/no\/such\/file\.ndjson: no such file/],
    [['--stream', 'event', '--input', tempDir(t)], /cannot read the input .*directory/],
    [['--stream', 'event', '--geoip-dir', '/no/such/dir'], /GeoIP directory \/no\/such\/dir/],
    [['--stream', 'event', '--no-such-flag'], /unknown option/],
  ];
  for (const [args, message] of cases) {
    const result = normalize(args);
    assert.equal(result.code, 2, `exit 2 for ${args.join(' ')}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
});

test('--help documents every flag', () => {
  const result = normalize(['--help']);
  assert.equal(result.code, 0);
  for (const flag of ['--stream', '--input', '--preserve-original', '--geoip-dir']) assert.match(result.stdout, new RegExp(flag));
});

test('--incident-output per_incident gives one document per incident', () => {
  const incident = JSON.stringify({ id: '7', lastUpdateDateTime: '2024-01-01T00:00:00Z', displayName: 'x', alerts: [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }] });
  assert.equal(parse(normalize(['--stream', 'incident'], incident).stdout).length, 3);
  assert.equal(parse(normalize(['--stream', 'incident', '--incident-output', 'per_incident'], incident).stdout).length, 1);
});
