import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Shutdown } from '../../src/pipeline/shutdown.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a stop ends reading at once and delivery only after the shutdown timeout', async () => {
  const stop = new AbortController();
  const shutdown = new Shutdown(stop.signal, new AbortController().signal, 50);
  assert.equal(shutdown.stopReading.aborted, false);
  stop.abort();
  assert.equal(shutdown.stopReading.aborted, true);
  assert.equal(shutdown.stopDelivery.aborted, false, 'buffered documents still get delivered');
  await tick(80);
  assert.equal(shutdown.stopDelivery.aborted, true);
  shutdown.dispose();
});

test('a second signal (abandon) ends delivery at once', () => {
  const stop = new AbortController();
  const abandon = new AbortController();
  const shutdown = new Shutdown(stop.signal, abandon.signal, 60_000);
  stop.abort();
  abandon.abort();
  assert.equal(shutdown.stopDelivery.aborted, true);
  shutdown.dispose();
});

test('a failure stops everything and is rethrown by dispose (the first one only)', () => {
  const shutdown = new Shutdown(new AbortController().signal, new AbortController().signal, 60_000);
  shutdown.fail(new Error('disk I/O error'));
  shutdown.fail(new Error('later'));
  assert.equal(shutdown.stopReading.aborted, true);
  assert.equal(shutdown.stopDelivery.aborted, true);
  assert.equal(shutdown.drain.aborted, false);
  assert.throws(() => shutdown.dispose(), /disk I\/O error/);
});
