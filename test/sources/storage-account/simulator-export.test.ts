import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StorageExportWriter } from '../../../src/simulator/storage/export-writer.js';
import type { StorageTruthLine } from '../../../src/simulator/storage/record-line.js';
import { startAzurite } from '../../support/azurite.js';

test('simulator: the Storage export is one container per table, hourly append blobs of CRLF JSON lines in the §4.3 envelope, growing at the given rate', async (t) => {
  const azurite = await startAzurite(t);
  const writer = new StorageExportWriter({ connectionString: azurite.connectionString, startMs: Date.parse('2026-01-05T07:50:00Z'), meanGapMs: 4_000 });
  const truth: StorageTruthLine[] = [];
  const started = Date.now();
  const written = await writer.run({ events: 150, eventsPerSecond: 60, signal: new AbortController().signal, onTruth: (lines) => truth.push(...lines) });
  assert.equal(written, 150);
  assert.equal(truth.length, 150);
  assert.ok(Date.now() - started >= 1_900, 'three ticks of a second: the blobs grow over time');

  const containers: string[] = [];
  for await (const container of writer.service.listContainers()) containers.push(container.name);
  assert.ok(containers.length >= 8 && containers.every((name) => /^insights-logs-advancedhunting-[a-z]+$/.test(name)), containers.join());
  const client = writer.service.getContainerClient('insights-logs-advancedhunting-devicenetworkevents');
  const names: string[] = [];
  for await (const blob of client.listBlobsFlat()) {
    names.push(blob.name);
    assert.equal(blob.properties.blobType, 'AppendBlob');
  }
  assert.ok(names.every((name) => new RegExp(`^tenantId=${writer.tenant.id}/y=2026/m=01/d=05/h=0[78]/m=00/PT1H\\.json$`).test(name)), names.join());
  const text = (await client.getBlobClient(names[0]!).downloadToBuffer()).toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  const record = JSON.parse(text.split('\r\n')[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(record), ['time', 'tenantId', 'operationName', 'category', '_TimeReceivedBySvc', 'properties', 'Tenant']);
  assert.equal(record.category, 'AdvancedHunting-DeviceNetworkEvents');
  assert.match(String(record._TimeReceivedBySvc), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.0000000$/);
  const properties = record.properties as { Timestamp: string; ReportId: number };
  const line = truth.find((candidate) => candidate.table === 'DeviceNetworkEvents' && candidate.report_id === properties.ReportId);
  assert.equal(line?.timestamp, new Date(Date.parse(properties.Timestamp)).toISOString());
});
