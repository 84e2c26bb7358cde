import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import type { SourceBatch } from '../../src/core/source.js';
import { FileSource } from '../../src/sources/file.js';
import { tempDir } from '../support/temp-dir.js';

const silent = pino({ level: 'silent' });

async function readAll(source: FileSource, from?: unknown, signal = new AbortController().signal): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(from, signal)) batches.push(batch);
  return batches;
}

function source(path: string, batchMaxRecords = 2) {
  return new FileSource({ name: 'replay', stream: 'alert', path, batchMaxRecords }, silent);
}

const TEXT = '{"n":1}\n{"n":2}\n\n{"n":3}\r\n{"n":4}\n{"n":5}';

test('reads batches of records, each with the position just after its last line', async (t) => {
  const path = join(tempDir(t), 'in.ndjson');
  writeFileSync(path, TEXT);
  const batches = await readAll(source(path));
  assert.deepEqual(batches.map((batch) => batch.records), [['{"n":1}', '{"n":2}'], ['{"n":3}', '{"n":4}'], ['{"n":5}']]);
  assert.deepEqual(batches.map((batch) => batch.position), [
    { path, offset: 16, line: 2 },
    { path, offset: 34, line: 5 },
    { path, offset: 41, line: 6 },
  ]);
  assert.ok(batches.every((batch) => batch.stream === 'alert'));
});

test('a restart from a committed position reads only what follows it', async (t) => {
  const path = join(tempDir(t), 'in.ndjson');
  writeFileSync(path, TEXT);
  const [first] = await readAll(source(path));
  const rest = await readAll(source(path), first!.position);
  assert.deepEqual(rest.flatMap((batch) => batch.records), ['{"n":3}', '{"n":4}', '{"n":5}']);
  assert.deepEqual(await readAll(source(path), rest.at(-1)!.position), [], 'nothing after the end');
});

test('a .gz file is streamed and resumes at the same decompressed offset', async (t) => {
  const dir = tempDir(t);
  const plain = join(dir, 'in.ndjson');
  const gz = join(dir, 'in.ndjson.gz');
  writeFileSync(plain, TEXT);
  writeFileSync(gz, gzipSync(TEXT));
  const plainBatches = await readAll(source(plain));
  const gzBatches = await readAll(source(gz));
  assert.deepEqual(gzBatches.map((batch) => batch.records), plainBatches.map((batch) => batch.records));
  const rest = await readAll(source(gz), gzBatches[0]!.position);
  assert.deepEqual(rest.flatMap((batch) => batch.records), ['{"n":3}', '{"n":4}', '{"n":5}']);
});

test('on abort the source yields what it read, then ends', async (t) => {
  const path = join(tempDir(t), 'in.ndjson');
  writeFileSync(path, TEXT);
  const controller = new AbortController();
  const batches: SourceBatch[] = [];
  for await (const batch of source(path, 100).read(undefined, controller.signal)) {
    batches.push(batch);
    controller.abort();
  }
  assert.equal(batches.length, 1);
  assert.ok(batches[0]!.records.length >= 1);
});

test('a file shorter than the committed offset (replaced) is read from the start', async (t) => {
  const path = join(tempDir(t), 'in.ndjson');
  writeFileSync(path, '{"n":1}\n');
  const batches = await readAll(source(path), { path, offset: 500, line: 40 });
  assert.deepEqual(batches.flatMap((batch) => batch.records), ['{"n":1}']);
});

test('a missing file is a permanent error; a corrupt .gz too', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(readAll(source(join(dir, 'missing.ndjson'))), { code: 'ERR_PERMANENT', message: /no such file/ });
  const gz = join(dir, 'bad.ndjson.gz');
  writeFileSync(gz, Buffer.concat([gzipSync(TEXT).subarray(0, 20), Buffer.from('garbage')]));
  await assert.rejects(readAll(source(gz)), { code: 'ERR_PERMANENT' });
});
