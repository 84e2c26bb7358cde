import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acquireBudgets, ENDPOINT_BUDGETS, perMinute, RequestBudget } from '../../src/microsoft/budget.js';
import { InstantClock, ManualClock } from './support/clocks.js';
import { scriptEntra } from './support/entra.js';
import { testClients, testTenant } from './support/tenant.js';
import { json, ScriptedServer } from './support/test-server.js';

/** The largest number of starts inside any span of `windowMs` (starts sorted). */
function maxInWindow(starts: readonly number[], windowMs: number): number {
  let max = 0;
  for (let first = 0, last = 0; last < starts.length; last++) {
    while (starts[last]! - starts[first]! >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

test('concurrent callers never exceed N requests in any sliding window, and all get through', async () => {
  const clock = new ManualClock(1_000_000);
  const budget = new RequestBudget('t:graph', perMinute(7));
  const starts: number[] = [];
  const never = new AbortController().signal;
  const callers = Array.from({ length: 40 }, async () => {
    assert.equal(await acquireBudgets([budget], clock, never), true);
    starts.push(clock.now());
  });
  const all = Promise.all(callers);
  for (let rounds = 0; starts.length < 40 && rounds < 1_000; rounds++) {
    await settle();
    if (starts.length < 40) clock.advanceToNextWake();
  }
  await all;
  assert.equal(starts.length, 40);
  assert.equal(maxInWindow(starts, 60_000), 7);
  assert.equal(starts.filter((at) => at === 1_000_000).length, 7, 'a fresh budget serves a burst of N at once');
  assert.ok(starts.at(-1)! - starts[0]! >= 5 * 60_000, '40 requests at 7/min take more than 5 minutes');
});

test('an endpoint budget and the API budget are drawn together: 5/min and 20/h for exports', async () => {
  const clock = new ManualClock(0);
  const api = new RequestBudget('t:mde', perMinute(100));
  const exportBudget = new RequestBudget('t:mde:export', ENDPOINT_BUDGETS['mde:export']!);
  const starts: number[] = [];
  const never = new AbortController().signal;
  const all = Promise.all(
    Array.from({ length: 25 }, async () => {
      await acquireBudgets([exportBudget, api], clock, never);
      starts.push(clock.now());
    }),
  );
  for (let rounds = 0; starts.length < 25 && rounds < 1_000; rounds++) {
    await settle();
    if (starts.length < 25) clock.advanceToNextWake();
  }
  await all;
  assert.equal(maxInWindow(starts, 60_000), 5);
  assert.equal(maxInWindow(starts, 3_600_000), 20);
  assert.ok(starts.at(-1)! >= 3_600_000, 'the 21st export waits for the hour');
});

test('an abort ends a budget wait', async () => {
  const clock = new ManualClock(0);
  const budget = new RequestBudget('t', perMinute(1));
  const controller = new AbortController();
  assert.equal(await acquireBudgets([budget], clock, controller.signal), true);
  const waiting = acquireBudgets([budget], clock, controller.signal);
  await settle();
  assert.equal(clock.sleeping, 1);
  controller.abort();
  // ManualClock leaves the sleeper parked; the loop sees the abort when it wakes.
  clock.advanceToNextWake();
  assert.equal(await waiting, false);
});

test('the client draws every request from the tenant budget on its clock (graph_requests_per_minute)', async (t) => {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  scriptEntra(server);
  const clock = new InstantClock();
  const seenAt: number[] = [];
  server.route('GET', '/v1.0/security/incidents', (request, response) => {
    seenAt.push(clock.now());
    json(200, { value: [] })(request, response);
  });
  const { graph } = testClients(t, testTenant(t, server, { graph_requests_per_minute: 3 }), clock);
  for (let index = 0; index < 10; index++) await graph.getJson('security/incidents', AbortSignal.timeout(20_000));
  assert.equal(seenAt.length, 10);
  assert.equal(maxInWindow(seenAt, 60_000), 3);
  assert.deepEqual(clock.sleeps, [60_500, 60_500, 60_500], 'it waits (a minute and the arrival margin) instead of failing');
});
