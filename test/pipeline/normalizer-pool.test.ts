import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { utf8Text } from '../../src/buffer/document-batch.js';
import { normalizeBatch, type NormalizedBatch, type RawBatch } from '../../src/pipeline/normalize-batch.js';
import { NormalizerPool, normalizeOptionsOf } from '../../src/pipeline/normalizer-pool.js';

const log = pino({ level: 'silent' });
const SETTINGS = { preserveOriginal: true, preserveDuplicateCustomFields: false };
const TABLES = ['DeviceEvents', 'DeviceProcessEvents', 'AlertInfo', 'IdentityLogonEvents'];

/** A message body of `count` records, with padding of varying length so that bodies differ in size. */
function body(first: number, count: number): Buffer {
  const records = Array.from({ length: count }, (_, offset) => {
    const n = first + offset;
    return JSON.stringify({ category: `AdvancedHunting-${TABLES[n % TABLES.length]}`, properties: { Timestamp: '2026-01-05T07:38:44Z', DeviceId: `d${n}`, ReportId: n, AdditionalFields: 'x'.repeat((n * 7919) % 3000) } });
  });
  return Buffer.from(`{"records":[${records.join(',')}]}`);
}

/** Batches of 1–4 bodies of 1–60 records each, growing and shrinking, so that returned buffers are sometimes too small for the next batch. */
function batches(count: number): RawBatch[] {
  let next = 0;
  return Array.from({ length: count }, (_, index) => {
    const bodies = Array.from({ length: 1 + ((index * 5) % 4) }, (_, b) => {
      const records = 1 + ((index * 13 + b * 29) % 60);
      const made = body(next, records);
      next += records;
      return made;
    });
    return { stream: 'event', records: [], messageBodies: bodies };
  });
}

const documents = (batch: NormalizedBatch) => ({ ids: batch.docs.ids, text: utf8Text(batch.docs.ndjson), records: batch.records, failed: batch.failed });

test('batches normalized on threads, whose bodies buffers come back and are reused, equal those normalized here', async (t) => {
  const pool = new NormalizerPool(2, SETTINGS, log);
  t.after(() => pool.close());
  const options = normalizeOptionsOf(SETTINGS);
  const all = batches(60);
  // Some in parallel, some one after another (the buffers of earlier batches have come back by then).
  const onThreads = [...(await Promise.all(all.slice(0, 20).map((batch) => pool.normalize(batch))))];
  for (const batch of all.slice(20)) onThreads.push(await pool.normalize(batch));
  assert.equal(onThreads.length, all.length);
  for (const [index, batch] of all.entries()) {
    assert.deepEqual(documents(onThreads[index]!), documents(normalizeBatch(batch, options)), `batch ${index}`);
  }
});
