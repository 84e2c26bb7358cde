import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { StdoutSink } from '../../src/sinks/stdout.js';

const signal = new AbortController().signal;

test('writes NDJSON lines with _id and resolves once the stream took them', async () => {
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const sink = new StdoutSink('console', out);
  await sink.write([{ id: 'a', stream: 'alert', body: '{"x":1}' }, { id: 'b', stream: 'event', body: '{"y":2}' }], signal);
  assert.equal(text, '{"_id":"a","x":1}\n{"_id":"b","y":2}\n');
});

test('a broken pipe fails the write (so the batch is retried) instead of crashing the process', async () => {
  const out = new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
  const sink = new StdoutSink('console', out);
  await assert.rejects(sink.write([{ id: 'a', stream: 'alert', body: '{}' }], signal), /EPIPE/);
});
