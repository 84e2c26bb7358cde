import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RetryLaterError } from '../../src/core/errors.js';
import { backoffDelayMs, DEFAULT_BACKOFF, sleep } from '../../src/core/retry.js';

test('delays grow exponentially up to the maximum, jittered within ±randomization_factor', () => {
  const policy = { ...DEFAULT_BACKOFF, initialIntervalMs: 100, maxIntervalMs: 1_000, multiplier: 2, randomizationFactor: 0.5 };
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(policy, attempt, undefined, () => 0.5)), [100, 200, 400, 800, 1_000, 1_000]);
  assert.equal(backoffDelayMs(policy, 1, undefined, () => 0), 100);
  assert.equal(backoffDelayMs(policy, 1, undefined, () => 0.999999), 300);
});

test("a server's Retry-After wins when it asks for longer", () => {
  const policy = { ...DEFAULT_BACKOFF, initialIntervalMs: 100, randomizationFactor: 0 };
  assert.equal(backoffDelayMs(policy, 0, new RetryLaterError('429', 7_000)), 7_000);
  assert.equal(backoffDelayMs(policy, 0, new RetryLaterError('429', 10)), 100);
});

test('sleep ends early, with false, when the signal aborts', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 10);
  assert.equal(await sleep(10_000, controller.signal), false);
  assert.ok(Date.now() - started < 1_000);
  assert.equal(await sleep(1, new AbortController().signal), true);
});
