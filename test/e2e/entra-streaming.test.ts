import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { serverCertificate } from '../../src/simulator/server/https.js';
import { startAzurite } from '../support/azurite.js';
import { startOwnedCli, stdoutLines } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { missingEvents, readOutput } from './support/truth.js';

const HUB = 'insights-logs-advancedhunting';
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('Entra ID end to end: an eventhub source (TLS, $cbs JWT, blob checkpoints on Azurite with a token) and a storage_account source (Azurite with a token) read everything simulate streams and writes', { timeout: 240_000 }, async (t) => {
  const dir = tempDir(t);
  // Azurite serves HTTPS (needed for bearer tokens) with a certificate of its own.
  const azuriteCertificate = await serverCertificate('defender-siem test azurite');
  const azuriteCert = join(dir, 'azurite-cert.pem');
  const azuriteKey = join(dir, 'azurite-key.pem');
  writeFileSync(azuriteCert, azuriteCertificate.certificatePem);
  writeFileSync(azuriteKey, azuriteCertificate.privateKeyPem, { mode: 0o600 });
  const azurite = await startAzurite(t, { oauth: { certFile: azuriteCert, keyFile: azuriteKey } });
  assert.match(azurite.url, /^https:/);
  const accountUrl = `${azurite.url}/devstoreaccount1`;
  writeFileSync(join(dir, 'storage.txt'), azurite.connectionString, { mode: 0o600 });

  const events = 300;
  const simulatorCa = join(dir, 'simulator-ca.pem');
  const simulate = startOwnedCli(
    t,
    ['simulate', '--seed', 'entra-streaming', '--incidents', '0', '--eventhub-tls-port', '0', '--eventhub-partitions', '2', '--events', String(events), '--events-per-second', '300', '--storage-connection-string-file', join(dir, 'storage.txt'), '--ca-out', simulatorCa, '--truth', join(dir, 'truth.ndjson')],
    { NODE_EXTRA_CA_CERTS: azuriteCert },
  );
  const simulated = stdoutLines(simulate.child);
  const [, baseUrl] = await simulated.waitFor(/^listening (\S+)$/, 30_000);
  const [, tenantId, clientId, secret] = await simulated.waitFor(/^tenant (\S+) \(.*\): client id (\S+), client secret (\S+)$/, 5_000);
  const [, endpoint] = await simulated.waitFor(/^eventhub-tls (amqps:\/\/\S+) /, 5_000);
  writeFileSync(join(dir, 'secret.txt'), secret!, { mode: 0o600 });

  // No key, no SAS, no connection string anywhere: every Azure call authenticates with a token from the simulator's Entra.
  const output = join(dir, 'event.ndjson');
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `storage: { path: state.db }
tenants:
  - { name: sim, tenant_id: ${tenantId}, client_id: ${clientId}, client_secret_file: secret.txt, authority_host: "${baseUrl}", ca_file: simulator-ca.pem }
sources:
  - { name: export, type: storage_account, account_url: "${accountUrl}", tenant: sim, poll_interval_ms: 1000 }
  - name: stream
    type: eventhub
    tenant: sim
    fully_qualified_namespace: 127.0.0.1
    event_hub_name: ${HUB}
    endpoint: "${endpoint}"
    max_wait_time_ms: 200
    checkpoint_store: { type: blob, account_url: "${accountUrl}", tenant: sim, container: eh-checkpoints, load_balancing: greedy }
sinks:
  - { name: out, type: file, path: ${output}, streams: [event] }
`,
  );
  // The Azure SDKs trust the process's CAs: both self-signed ones come through NODE_EXTRA_CA_CERTS.
  const trusted = join(dir, 'trusted.pem');
  writeFileSync(trusted, `${azuriteCertificate.certificatePem}\n${readFileSync(simulatorCa, 'utf8')}`);
  const run = startOwnedCli(t, ['run', '--config', config], { NODE_EXTRA_CA_CERTS: trusted });
  const lines = () => (existsSync(output) ? readFileSync(output, 'utf8').split('\n').filter(Boolean).length : 0);
  const deadline = Date.now() + 120_000;
  while (lines() < 2 * events && Date.now() < deadline && run.child.exitCode === null) await tick(250);

  simulate.child.kill('SIGTERM');
  const simulatorResult = await simulate.done;
  assert.equal(simulatorResult.code, 0, simulatorResult.stderr);
  assert.match(simulatorResult.stdout, new RegExp(`^eventhub published ${events}$`, 'm'));
  assert.match(simulatorResult.stdout, new RegExp(`^storage written ${events}$`, 'm'));
  run.child.kill('SIGTERM');
  const ran = await run.done;
  assert.equal(ran.code, 0, ran.stderr);

  const truth = readFileSync(join(dir, 'truth.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { stream: string }).filter((line) => line.stream === 'event');
  assert.equal(truth.length, 2 * events, 'the hub\'s records and the export\'s');
  const docs = readOutput(dir, 'event');
  assert.deepEqual(missingEvents(truth, docs), [], 'both sources read everything, authenticated with Entra tokens only');
  assert.equal(new Set(docs.map((doc) => doc._id)).size, 2 * events);
  assert.ok(!(ran.stdout + ran.stderr).includes(secret!), 'the client secret is never printed');
});
