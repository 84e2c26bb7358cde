import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { missingEvents, readOutput } from '../../e2e/support/truth.js';
import { startAzurite } from '../../support/azurite.js';
import { startOwnedCli, stdoutLines } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dir.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('simulate --storage-connection-string writes the Streaming API export into Azurite for the simulated tenants; the storage_account source reads all of it', { timeout: 180_000 }, async (t) => {
  const azurite = await startAzurite(t);
  const dir = tempDir(t);
  const truthFile = join(dir, 'truth.ndjson');
  const events = 600;
  // The connection string through the environment, where an account key stays out of `ps`.
  const simulate = startOwnedCli(t, ['simulate', '--seed', 'storage-cli', '--tenants', '2', '--incidents', '1', '--events', String(events), '--events-per-second', '200', '--ca-out', join(dir, 'ca.pem'), '--truth', truthFile], {
    DEFENDER_SIEM_SIMULATE_STORAGE_CONNECTION_STRING: azurite.connectionString,
  });
  const output = stdoutLines(simulate.child);
  const [storageLine] = await output.waitFor(/^storage .*/, 30_000);
  assert.ok(storageLine.startsWith(`storage ${azurite.url}/devstoreaccount1: `), storageLine);
  assert.match(storageLine, /insights-logs-advancedhunting-<table>.*tenantId=<tenant id>\/y=…\/m=…\/d=…\/h=…\/m=00\/PT1H\.json/);
  assert.ok(!output.seen.some((line) => /^eventhub /.test(line)), '--events with a Storage account does not start the Event Hubs emulator');
  const tenants = output.seen.flatMap((line) => /^tenant ([0-9a-f-]{36}) /.exec(line)?.[1] ?? []);
  assert.equal(tenants.length, 2);

  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `storage: { path: state.db }
sources:
  - { name: export, type: storage_account, connection_string: "\${AZURITE}", poll_interval_ms: 1000 }
sinks:
  - { name: out, type: file, path: ${join(dir, 'event.ndjson')}, streams: [event] }
`,
  );
  const run = startOwnedCli(t, ['run', '--config', config], { AZURITE: azurite.connectionString });
  const deadline = Date.now() + 90_000;
  while (readOutput(dir, 'event').length < events && Date.now() < deadline && run.child.exitCode === null) await tick(250);

  simulate.child.kill('SIGTERM');
  const simulated = await simulate.done;
  assert.equal(simulated.code, 0, simulated.stderr);
  assert.match(simulated.stdout, new RegExp(`^storage written ${events}$`, 'm'));
  run.child.kill('SIGTERM');
  const ran = await run.done;
  assert.equal(ran.code, 0, ran.stderr);

  const docs = readOutput(dir, 'event');
  const truth = readFileSync(truthFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { stream: string });
  const eventTruth = truth.filter((line) => line.stream === 'event');
  assert.equal(eventTruth.length, events, 'the truth holds every written record');
  assert.deepEqual(missingEvents(eventTruth, docs), [], 'every record written is read and normalized');
  assert.equal(new Set(docs.map((doc) => doc._id)).size, events, 'and nothing else');
  const docTenants = new Set(docs.map((doc) => (doc.m365_defender as { event: { tenant: { id: string } } }).event.tenant.id));
  assert.deepEqual([...docTenants].sort(), [...tenants].sort(), 'the records belong to the simulated tenants, both of them');

  // Defender's layout: one container per table, one append blob per tenant and hour.
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  const blobTenants = new Set<string>();
  for await (const container of service.listContainers()) {
    assert.match(container.name, /^insights-logs-advancedhunting-[a-z]+$/);
    for await (const blob of service.getContainerClient(container.name).listBlobsFlat()) {
      assert.equal(blob.properties.blobType, 'AppendBlob');
      const match = /^tenantId=([0-9a-f-]{36})\/y=\d{4}\/m=\d\d\/d=\d\d\/h=\d\d\/m=00\/PT1H\.json$/.exec(blob.name);
      assert.ok(match, blob.name);
      blobTenants.add(match[1]!);
    }
  }
  assert.deepEqual([...blobTenants].sort(), [...tenants].sort());
});

test('simulate: a malformed Storage connection string is a usage error that does not quote it; the file variant is read', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const bad = await startOwnedCli(t, ['simulate', '--storage-connection-string', 'AccountName=x;AccountKey=S3cretKeyValue']).done;
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad Storage connection string/);
  assert.ok(!bad.stderr.includes('S3cretKeyValue'));
  const file = join(dir, 'conn.txt');
  writeFileSync(file, 'not a connection string S3cretKeyValue\n');
  const fromFile = await startOwnedCli(t, ['simulate', '--storage-connection-string-file', file]).done;
  assert.equal(fromFile.code, 2);
  assert.match(fromFile.stderr, /bad Storage connection string/);
  assert.doesNotMatch(fromFile.stderr, /ENOENT/, 'the file was read');
  assert.ok(!fromFile.stderr.includes('S3cretKeyValue'));
  const help = await startOwnedCli(t, ['simulate', '--help']).done;
  assert.match(help.stdout, /--storage-connection-string <conn>/);
  assert.match(help.stdout, /DEFENDER_SIEM_SIMULATE_STORAGE_CONNECTION_STRING/);
});
