import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agent } from 'undici';
import { scaledClock } from '../../src/core/clock.js';
import { RateLimiter } from '../../src/simulator/rate-limit.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { call, tokenFor, trustingAgent } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';

describe('simulator: rate limits', () => {
  test('a sliding window: full → refused with the wait until the oldest request leaves it', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(clock);
    const limits = [{ max: 3, windowMs: 60_000 }];
    for (const at of [0, 10_000, 20_000]) {
      void clock.advance(at - clock.now());
      assert.deepEqual(limiter.take('k', limits), { ok: true });
    }
    void clock.advance(5_000);
    assert.deepEqual(limiter.take('k', limits), { ok: false, retryAfterSeconds: 35 });
    assert.deepEqual(limiter.take('other', limits), { ok: true }, 'keys are independent');
    void clock.advance(35_000);
    assert.deepEqual(limiter.take('k', limits), { ok: true });
    assert.deepEqual(limiter.take('k', limits), { ok: false, retryAfterSeconds: 10 });
  });

  describe('Graph 150/min per tenant on a 60× clock', () => {
    let sim: RunningSimulator;
    let agent: Agent;
    before(async () => {
      sim = await startSimulator({ seed: 'rates', tenants: 2, incidents: 3, changes: 0, clock: scaledClock(60) });
      agent = trustingAgent(sim);
    });
    after(async () => {
      await sim.close();
      await agent.close();
    });

    test('past 150 requests in a clock minute comes a 429 with Retry-After; waiting it out on the clock admits the next', async () => {
      const token = await tokenFor(sim, agent, 'graph');
      let admitted = 0;
      let throttled;
      // Requests as fast as they go: the first 429 comes once 150 fell within one clock minute
      // (more may pass first on a slow machine, where the oldest leave the window meanwhile).
      for (let i = 0; i < 1_000 && !throttled; i++) {
        const response = await call(sim, agent, '/v1.0/security/alerts_v2?$top=1', { token });
        if (response.status === 429) throttled = response;
        else if (response.status === 200) admitted++;
      }
      assert.ok(throttled, 'throttled at last');
      assert.ok(admitted >= 150, `${admitted} admitted before the first 429`);
      const retryAfter = Number(throttled!.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(throttled!.json<{ error: { code: string } }>().error.code, 'TooManyRequests');
      const other = await tokenFor(sim, agent, 'graph', 1);
      assert.equal((await call(sim, agent, '/v1.0/security/incidents', { token: other })).status, 200, 'another tenant has its own budget');
      await new Promise((resolve) => setTimeout(resolve, ((retryAfter + 1) * 1000) / 60));
      assert.equal((await call(sim, agent, '/v1.0/security/incidents', { token })).status, 200);
      assert.ok((sim.requestCounts()['graph:alerts_v2']?.['429'] ?? 0) >= 1);
    });
  });

  test('MDE export 5/min and machines 100/min (manual clock)', async () => {
    const clock = new ManualClock();
    const sim = await startSimulator({ seed: 'mde-rates', incidents: 1, changes: 0, clock });
    const agent = trustingAgent(sim);
    try {
      const token = await tokenFor(sim, agent, 'mde');
      const exports: number[] = [];
      for (let i = 0; i < 6; i++) exports.push((await call(sim, agent, '/api/machines/SoftwareVulnerabilitiesExport', { token })).status);
      assert.deepEqual(exports, [200, 200, 200, 200, 200, 429]);
      for (let i = 0; i < 100; i++) assert.equal((await call(sim, agent, '/api/machines?$top=1', { token })).status, 200);
      const refused = await call(sim, agent, '/api/machines?$top=1', { token });
      assert.equal(refused.status, 429);
      assert.equal(refused.headers['retry-after'], '60');
      assert.equal((await call(sim, agent, '/api/vulnerabilities', { token })).status, 200, 'other endpoints keep their own budget');
      await clock.advance(60_000);
      assert.equal((await call(sim, agent, '/api/machines?$top=1', { token })).status, 200);
      // 20 exports an hour: 5 a minute for 4 minutes, then refused until the hour has passed.
      let admitted = 5;
      for (let minute = 0; minute < 5; minute++) {
        await clock.advance(60_000);
        for (let i = 0; i < 5; i++) if ((await call(sim, agent, '/api/machines/SoftwareVulnerabilitiesExport', { token })).status === 200) admitted++;
      }
      assert.equal(admitted, 20);
    } finally {
      await sim.close();
      await agent.close();
    }
  });
});
