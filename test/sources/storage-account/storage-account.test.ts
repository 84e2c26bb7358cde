import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeLine } from '../../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../../src/normalize/types.js';
import { blobName } from '../../../src/sources/storage-account/blob-path.js';
import { readPosition } from '../../../src/sources/storage-account/position.js';
import { containerOf, storageLine } from '../../../src/simulator/storage/record-line.js';
import { createRng, createTenant, generateEvents } from '../../../src/simulator/generate/index.js';
import { drive, recordsOf } from '../support/drive.js';
import { harness, HOUR, keyOf, NOW } from './support.js';

test('storage_account: blobs growing between polls are read once per line, with the truth the writer reports', async (t) => {
  const h = await harness(t);
  const truth = await h.writer.append(120);
  const first = h.source();
  const one = await drive(first.source, undefined, { clock: h.clock, status: first.status });
  assert.equal(one.error, undefined);
  const truth2 = await h.writer.append(80);
  const second = h.source();
  const two = await drive(second.source, one.position, { clock: h.clock, status: second.status });
  assert.equal(two.error, undefined);

  const records = [...recordsOf(one.batches), ...recordsOf(two.batches)];
  assert.equal(records.length, 200);
  assert.equal(new Set(records.map(keyOf)).size, 200, 'no line twice');
  // The truth lines are what the normalized documents carry.
  const expected = [...truth, ...truth2].map((line) => `${line.table}|${line.report_id}|${line.timestamp}`).sort();
  const actual = [...one.batches, ...two.batches]
    .flatMap((batch) => batch.records)
    .map((line) => {
      const record = JSON.parse(line) as { category: string; properties: { ReportId?: string | number } };
      const [doc] = normalizeLine('event', line, DEFAULT_NORMALIZE_OPTIONS);
      return `${record.category.slice('AdvancedHunting-'.length)}|${record.properties.ReportId ?? null}|${String(doc!.doc['@timestamp'])}`;
    })
    .sort();
  assert.deepEqual(actual, expected);
  // Every batch carries the tenant of its blob path.
  assert.ok(one.batches.filter((batch) => batch.records.length > 0).every((batch) => batch.tenantId === h.writer.tenant.id));
  // Lines are handed on without their CR.
  assert.ok(records.length > 0 && one.batches.every((batch) => batch.records.every((line) => !line.endsWith('\r'))));
});

test('storage_account: a half-written last line is held back until its end is appended', async (t) => {
  const h = await harness(t);
  const [a, b] = generateEvents(createTenant('p', { devices: 2, users: 2 }), 2, createRng('p'), { startMs: NOW - 60_000, mix: { DeviceProcessEvents: 1 } }).map((record) => storageLine({ ...record, time: new Date(NOW - 30_000).toISOString() }));
  const hour = NOW - (NOW % HOUR);
  // A multi-byte character right at the cut: offsets are bytes, not characters.
  const second = b!.replace('"ActionType":"', '"ActionType":"é€');
  const cut = Buffer.from(second).indexOf(Buffer.from('é€')) + 1;
  await h.writer.appendText('DeviceProcessEvents', hour, `${a}\r\n`);
  await h.writer.appendBytes('DeviceProcessEvents', hour, Buffer.from(second).subarray(0, cut));
  const first = h.source();
  const one = await drive(first.source, undefined, { clock: h.clock, status: first.status });
  assert.deepEqual(one.batches.flatMap((batch) => batch.records), [a]);

  await h.writer.appendBytes('DeviceProcessEvents', hour, Buffer.concat([Buffer.from(second).subarray(cut), Buffer.from('\r\n')]));
  const next = h.source();
  const two = await drive(next.source, one.position, { clock: h.clock, status: next.status });
  assert.deepEqual(two.batches.flatMap((batch) => batch.records), [second]);
  const key = `${containerOf('DeviceProcessEvents')}/${blobName(h.writer.tenant.id, hour)}`;
  assert.equal(readPosition(two.position)!.open[key]![1], Buffer.byteLength(`${a}\r\n${second}\r\n`));
});

test('storage_account: a restart from the committed position neither loses nor doubles a line', async (t) => {
  const h = await harness(t, { mix: { DeviceProcessEvents: 1 } });
  await h.writer.append(300);
  const first = h.source({ batchMaxRecords: 7, chunkBytes: 3_000 });
  // The "crash": only the first 5 batches were committed.
  const one = await drive(first.source, undefined, { clock: h.clock, status: first.status, maxBatches: 5 });
  // Batches end at chunk boundaries too (3 KB here, about one line): a few lines each.
  const committed = recordsOf(one.batches).length;
  assert.ok(committed >= 5 && committed <= 35, `${committed}`);
  const second = h.source({ batchMaxRecords: 50 });
  const two = await drive(second.source, one.position, { clock: h.clock, status: second.status });
  const keys = [...recordsOf(one.batches), ...recordsOf(two.batches)].map(keyOf);
  assert.equal(keys.length, 300);
  assert.equal(new Set(keys).size, 300);
});

test('storage_account: a replaced blob (new etag, smaller) is read again from the start, with a warning', async (t) => {
  const h = await harness(t, { mix: { DeviceNetworkEvents: 1 } });
  await h.writer.append(20);
  const first = h.source();
  const one = await drive(first.source, undefined, { clock: h.clock, status: first.status });
  assert.equal(recordsOf(one.batches).length, 20);
  const hour = NOW - (NOW % HOUR);
  await h.writer.blobClient('DeviceNetworkEvents', hour).delete();
  await h.writer.blobClient('DeviceNetworkEvents', hour).create();
  const replacement = '{"time":"2026-01-05T12:05:00Z","category":"AdvancedHunting-DeviceNetworkEvents","properties":{"Timestamp":"2026-01-05T12:04:00Z","ReportId":1}}';
  await h.writer.appendText('DeviceNetworkEvents', hour, `${replacement}\r\n`);
  const next = h.source();
  const two = await drive(next.source, one.position, { clock: h.clock, status: next.status });
  assert.deepEqual(two.batches.flatMap((batch) => batch.records), [replacement]);
  assert.ok(h.warnings.some((message) => message.includes('blob replaced')), h.warnings.join('\n'));
});

test('storage_account: many containers and hours; closed hours move behind the watermark and leave the position', async (t) => {
  const h = await harness(t, { startMs: NOW - 3 * HOUR, meanGapMs: 20_000 });
  await h.writer.append(400); // about 2 h 13 min of events over ~20 tables: 09:00 … 11:30 hours
  const first = h.source();
  const one = await drive(first.source, undefined, { clock: h.clock, status: first.status });
  const position = readPosition(one.position)!;
  // At 12:10 with close_after 1 h, hours before 11:00 are closed.
  assert.equal(position.done, '2026-01-05T11:00:00.000Z');
  assert.ok(Object.keys(position.open).every((key) => key.includes('/h=11/') || key.includes('/h=12/')), Object.keys(position.open).join('\n'));
  const containers = new Set(one.batches.flatMap((batch) => batch.records).map((line) => (JSON.parse(line) as { category: string }).category));
  assert.ok(containers.size >= 10, `${containers.size} tables`);

  // Two hours later, more events; the 11:00 hour closes too.
  h.clock.advance(2 * HOUR);
  await h.writer.append(100);
  const second = h.source();
  const two = await drive(second.source, one.position, { clock: h.clock, status: second.status });
  assert.equal(readPosition(two.position)!.done, '2026-01-05T13:00:00.000Z');
  const keys = [...recordsOf(one.batches), ...recordsOf(two.batches)].map(keyOf);
  assert.equal(keys.length, 500);
  assert.equal(new Set(keys).size, 500);
  assert.ok(JSON.stringify(two.position).length < 10_000, 'the position stays small');
});

test('storage_account: an unterminated last line of a closed hour is emitted; bad lines pass through to become pipeline errors', async (t) => {
  const h = await harness(t);
  const hour = NOW - (NOW % HOUR) - 3 * HOUR; // 09:00, closed at 12:10 — but within the lookback
  await h.writer.appendText('DeviceEvents', hour, 'this is not JSON\r\n\r\n{"category":"AdvancedHunting-DeviceEvents","properties":{"Timestamp":"2026-01-05T09:59:59Z","ReportId":5}}');
  const first = h.source({ containers: [containerOf('DeviceEvents')] });
  const one = await drive(first.source, undefined, { clock: h.clock, status: first.status });
  const lines = one.batches.flatMap((batch) => batch.records);
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'this is not JSON');
  const [doc] = normalizeLine('event', lines[0]!, DEFAULT_NORMALIZE_OPTIONS);
  assert.equal((doc!.doc.event as { kind: string }).kind, 'pipeline_error');
  assert.deepEqual(readPosition(one.position)!.open, {});
});
