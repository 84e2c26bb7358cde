import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../fixtures-path.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const ENV_SECRET = 'env-S3cr3t-value-4711';
const FILE_SECRET = 'file-S3cr3t-value-0815';

function configWithSecrets(dir: string, secretLine: string): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(join(dir, 'secret.txt'), `${FILE_SECRET}\n`);
  writeFileSync(join(dir, 'in.ndjson'), '');
  writeFileSync(
    path,
    `storage: { path: state/db }
tenants:
  - name: contoso
    tenant_id: 11111111-2222-3333-4444-555555555555
    client_id: 66666666-7777-8888-9999-000000000000
    ${secretLine}
sources: [{ name: a, type: file, stream: alert, path: in.ndjson }]
sinks: [{ name: o, type: stdout }]
`,
  );
  return path;
}

test('check prints the effective configuration with secrets redacted and exits 0', async (t) => {
  const dir = tempDir(t);
  for (const [line, secret] of [['client_secret: ${CLIENT_SECRET}', ENV_SECRET], ['client_secret_file: secret.txt', FILE_SECRET]] as const) {
    const result = await runCli(['check', '--config', configWithSecrets(dir, line)], { CLIENT_SECRET: ENV_SECRET });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /client_secret: "?\[REDACTED\]"?/);
    assert.match(result.stdout, /batch_max_records: 1000/, 'defaults are shown');
    assert.ok(!(result.stdout + result.stderr).includes(secret), 'the secret value is never printed');
  }
});

test('check exits 2 with one message per problem, each naming its key', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'config.yaml');
  writeFileSync(path, 'storage: { path: db }\nsources: [{ name: a, type: file, stream: alert }]\nsinks: [{ name: o, type: elastic }]\n');
  const result = await runCli(['check', '--config', path]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^ {2}sources\[0\]\.path: required \(expected string\)$/m);
  assert.match(result.stderr, /^ {2}sinks\[0\]\.type: expected one of file, stdout$/m);
});

test('check names every input file they cannot read (certificate, CA, GeoIP, replay input) and the fix', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'config.yaml');
  mkdirSync(join(dir, 'geo'));
  writeFileSync(
    path,
    `storage: { path: state/db }
normalize: { geoip_dir: geo }
tenants:
  - name: contoso
    tenant_id: 11111111-2222-3333-4444-555555555555
    client_id: 66666666-7777-8888-9999-000000000000
    client_certificate: { pfx_file: missing.pfx }
    ca_file: geo
sources: [{ name: a, type: file, stream: alert, path: nowhere.ndjson }]
sinks: [{ name: o, type: stdout }]
`,
  );
  {
    // (run fails on these too, at start-up for credentials and GeoIP, per source for a replay input.)
    const result = await runCli(['check', '--config', path]);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n').slice(1).map((line) => line.trim());
    assert.deepEqual(lines, [
      `tenants[0].ca_file: cannot read ${join(dir, 'geo')} (not a file): give the path of a PEM file of the certificate authorities to trust`,
      `tenants[0].client_certificate.pfx_file: cannot read ${join(dir, 'missing.pfx')} (no such file or directory): give the path of the app registration's certificate and key (PKCS#12 .pfx)`,
      `sources[0].path: cannot read ${join(dir, 'nowhere.ndjson')} (no such file or directory): give the path of the NDJSON (or .gz) file of raw records to replay`,
      `normalize.geoip_dir: no City or ASN .mmdb database in ${join(dir, 'geo')} (expected e.g. GeoLite2-City.mmdb, GeoLite2-ASN.mmdb)`,
    ]);
  }
});

test('a wrongly typed secret is reported without showing its value', async (t) => {
  const dir = tempDir(t);
  const result = await runCli(['check', '--config', configWithSecrets(dir, 'client_secret: 4711081512345')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /tenants\[0\]\.client_secret: expected string, got number/);
  assert.ok(!result.stderr.includes('4711081512345'));
});

test('usage errors exit 2; every command has --help', async () => {
  assert.equal((await runCli(['check'])).code, 2, 'missing --config');
  assert.equal((await runCli(['run', '--bogus'])).code, 2);
  assert.equal((await runCli(['no-such-command'])).code, 2);
  for (const command of [[], ['run'], ['check'], ['normalize']]) {
    const result = await runCli([...command, '--help']);
    assert.equal(result.code, 0, command.join(' '));
    assert.match(result.stdout, /Usage: defender-siem/);
  }
});

test('the bundled example configuration is valid', async () => {
  const result = await runCli(['check', '--config', join(REPO_ROOT, 'examples', 'replay-samples.yaml')]);
  assert.equal(result.code, 0, result.stderr);
  for (const stream of ['alert', 'incident', 'event', 'vulnerability']) assert.match(result.stdout, new RegExp(`path: .*/out/${stream}\\.ndjson`));
});
