import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import type { SinkDocument } from '../../src/core/sink.js';
import { FileSink, type FileSinkOptions } from '../../src/sinks/file.js';
import { outputIds } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';

const silent = pino({ level: 'silent' });
const signal = new AbortController().signal;

function docs(from: number, count: number): SinkDocument[] {
  return Array.from({ length: count }, (_, index) => ({ id: `id-${from + index}`, stream: 'alert', body: JSON.stringify({ message: `document ${from + index}`, pad: 'x'.repeat(60) }) }));
}

function options(dir: string, overrides: Partial<FileSinkOptions> = {}): FileSinkOptions {
  return { name: 'out', path: join(dir, 'out', 'alert.ndjson'), rotateMaxBytes: 0, rotateGzip: false, fsync: true, ...overrides };
}

test('writes one NDJSON line per document, the deterministic id first as _id', async (t) => {
  const dir = tempDir(t);
  const sink = await FileSink.open(options(dir), silent);
  assert.deepEqual(await sink.write([...docs(0, 2), { id: 'empty', stream: 'event', body: '{}' }], signal), { rejected: [] });
  await sink.close();
  const lines = readFileSync(join(dir, 'out', 'alert.ndjson'), 'utf8').split('\n');
  assert.deepEqual(lines.slice(0, 3).map((line) => JSON.parse(line)), [
    { _id: 'id-0', message: 'document 0', pad: 'x'.repeat(60) },
    { _id: 'id-1', message: 'document 1', pad: 'x'.repeat(60) },
    { _id: 'empty' },
  ]);
  assert.equal(lines[3], '', 'the file ends with a newline');
});

test('rotates by size and gzips the rotated files; nothing is lost or repeated', async (t) => {
  const dir = tempDir(t);
  const sink = await FileSink.open(options(dir, { rotateMaxBytes: 1_000, rotateGzip: true }), silent);
  for (let batch = 0; batch < 10; batch += 1) await sink.write(docs(batch * 5, 5), signal);
  await sink.close();
  const names = readdirSync(join(dir, 'out'));
  assert.ok(names.filter((name) => /^alert-\d{8}T\d{9}Z(-\d+)?\.ndjson\.gz$/.test(name)).length >= 4, names.join(' '));
  assert.ok(!names.some((name) => name.endsWith('.tmp') || /^alert-.*\.ndjson$/.test(name)), 'every rotated file compressed');
  assert.deepEqual(outputIds(join(dir, 'out')).sort(), docs(0, 50).map((doc) => doc.id).sort());
});

test('at open, a partial last line left by a crash is cut (its documents were never acknowledged)', async (t) => {
  const dir = tempDir(t);
  const first = await FileSink.open(options(dir), silent);
  await first.write(docs(0, 2), signal);
  await first.close();
  const path = join(dir, 'out', 'alert.ndjson');
  writeFileSync(path, readFileSync(path, 'utf8') + '{"_id":"id-2","mess', { flag: 'w' });
  const second = await FileSink.open(options(dir), silent);
  await second.write(docs(2, 1), signal);
  await second.close();
  assert.deepEqual(outputIds(join(dir, 'out')), ['id-0', 'id-1', 'id-2']);
});

test('a file that is one partial line is emptied', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out', 'alert.ndjson');
  await (await FileSink.open(options(dir), silent)).close();
  writeFileSync(path, '{"_id":"torn'.padEnd(100_000, 'x'));
  await (await FileSink.open(options(dir), silent)).close();
  assert.equal(readFileSync(path, 'utf8'), '');
});

test('a rotated file left uncompressed by a crash is compressed at the next open', async (t) => {
  const dir = tempDir(t);
  await (await FileSink.open(options(dir), silent)).close();
  const rotated = join(dir, 'out', 'alert-20260101T000000000Z.ndjson');
  writeFileSync(rotated, '{"_id":"old"}\n');
  writeFileSync(`${rotated}.gz.tmp`, gzipSync('{"_id":"old"}\n').subarray(0, 5));
  const sink = await FileSink.open(options(dir, { rotateGzip: true }), silent);
  await sink.close();
  assert.equal(existsSync(rotated), false);
  assert.equal(existsSync(`${rotated}.gz.tmp`), false);
  assert.deepEqual(outputIds(join(dir, 'out')), ['old']);
});
