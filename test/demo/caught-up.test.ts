import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { caughtUp } from '../../src/demo/caught-up.js';
import { SourceStatus } from '../../src/telemetry/source-status.js';

function poller(lastSuccessMs?: number) {
  const status = new SourceStatus('p', systemClock);
  if (lastSuccessMs !== undefined) status.pollSucceeded(lastSuccessMs);
  return { kind: 'poll' as const, status };
}

function snapshotter(completed: boolean) {
  const status = new SourceStatus('s', systemClock);
  if (completed) status.pollSucceeded(0);
  return { kind: 'snapshot' as const, status };
}

test('caught up only when the world is still, every expected source polled after its last change, and no buffer holds anything', () => {
  const world = { quiescent: true, lastChangeMs: 1_000 };
  assert.equal(caughtUp(world, [poller(1_001), snapshotter(true)], 0, 0), true);
  assert.equal(caughtUp(world, [{ kind: 'poll', status: undefined }, snapshotter(true)], 0, 0), false, 'a source not built yet: nothing can be said');
  assert.equal(caughtUp({ ...world, quiescent: false }, [poller(1_001), snapshotter(true)], 0, 0), false, 'the world still changes');
  assert.equal(caughtUp(world, [poller(1_000), snapshotter(true)], 0, 0), false, 'the last poll started at the last change: it may have missed it');
  assert.equal(caughtUp(world, [poller(), snapshotter(true)], 0, 0), false, 'no poll completed');
  assert.equal(caughtUp(world, [poller(1_001), snapshotter(false)], 0, 0), false, 'no snapshot completed');
  assert.equal(caughtUp(world, [poller(1_001), snapshotter(true)], 3, 0), false, 'documents still buffered');
  const streaming = { ...world, events: { done: true, published: 500 } };
  assert.equal(caughtUp(streaming, [poller(1_001), { kind: 'stream' }], 0, 500), true);
  assert.equal(caughtUp(streaming, [poller(1_001), { kind: 'stream' }], 0, 499), false, 'an event not yet delivered');
  assert.equal(caughtUp({ ...world, events: { done: false, published: 500 } }, [poller(1_001), { kind: 'stream' }], 0, 500), false, 'still publishing');
});
