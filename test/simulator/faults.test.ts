import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Agent } from 'undici';
import { describeFaults, FaultSpecError, parseFaults } from '../../src/simulator/faults.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/simulator.js';
import { call, tokenFor, trustingAgent } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';

async function withSimulator(options: SimulatorOptions, body: (sim: RunningSimulator, agent: Agent) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ incidents: 8, changes: 0, ...options });
  const agent = trustingAgent(sim);
  try {
    await body(sim, agent);
  } finally {
    await sim.close();
    await agent.close();
  }
}

describe('simulator: faults', () => {
  test('the spec reads name=value pairs; an unknown name lists the known ones', () => {
    assert.deepEqual(parseFaults('throttle=0.1, expand500=3,latency=250'), { throttle: 0.1, expand500: 3, latency: 250 });
    assert.deepEqual(parseFaults(''), {});
    assert.throws(() => parseFaults('slow=1'), (error: Error) => error instanceof FaultSpecError && error.message.includes("unknown fault 'slow'") && error.message.includes(describeFaults()));
    for (const bad of ['throttle=2', 'throttle=', 'forbidden=1.5', 'token_expiry=0', 'latency=-1', 'throttle', 'a=1=2']) assert.throws(() => parseFaults(bad), FaultSpecError, bad);
    for (const name of ['throttle', 'error5xx', 'expand500', 'token_expiry', 'forbidden', 'unauthorized', 'latency', 'truncate', 'link_expiry']) assert.ok(describeFaults().includes(`${name}=`));
  });

  test('throttle=1: every data request is 429 with Retry-After 1–5 s; the token endpoint is spared', () =>
    withSimulator({ faults: 'throttle=1' }, async (sim, agent) => {
      const token = await tokenFor(sim, agent, 'graph');
      for (let i = 0; i < 10; i++) {
        const response = await call(sim, agent, '/v1.0/security/incidents', { token });
        assert.equal(response.status, 429);
        const seconds = Number(response.headers['retry-after']);
        assert.ok(seconds >= 1 && seconds <= 5, String(seconds));
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'TooManyRequests');
      }
    }));

  test('error5xx=1: 500/502/503/504, the 503s with Retry-After', () =>
    withSimulator({ faults: 'error5xx=1' }, async (sim, agent) => {
      const token = await tokenFor(sim, agent, 'mde');
      const seen = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const response = await call(sim, agent, '/api/machines', { token });
        seen.add(response.status);
        if (response.status === 503) assert.ok(Number(response.headers['retry-after']) > 0);
        assert.ok(response.json<{ error: { code: string; target: string } }>().error.target, 'MDE error shape');
      }
      assert.ok([...seen].every((status) => [500, 502, 503, 504].includes(status)));
      assert.ok(seen.size >= 3, [...seen].join());
    }));

  test('expand500=1: an $expand=alerts page holding an incident with more alerts fails every time; others pass', () =>
    withSimulator({ faults: 'expand500=1', seed: 'expand' }, async (sim, agent) => {
      const token = await tokenFor(sim, agent, 'graph');
      const all = (await call(sim, agent, '/v1.0/security/alerts_v2?$top=2000', { token })).json<{ value: { incidentId: string }[] }>().value;
      const counts = new Map<string, number>();
      for (const alert of all) counts.set(alert.incidentId, (counts.get(alert.incidentId) ?? 0) + 1);
      const big = [...counts].find(([, count]) => count > 1)![0];
      const small = [...counts].find(([, count]) => count === 1)![0];
      const filterBy = (id: string) => `$filter=${encodeURIComponent(`id eq '${id}'`)}`;
      for (let i = 0; i < 3; i++) assert.equal((await call(sim, agent, `/v1.0/security/incidents?$expand=alerts&${filterBy(big)}`, { token })).status, 500);
      assert.equal((await call(sim, agent, `/v1.0/security/incidents?${filterBy(big)}`, { token })).status, 200, 'without $expand');
      assert.equal((await call(sim, agent, `/v1.0/security/incidents?$expand=alerts&${filterBy(small)}`, { token })).status, 200);
    }));

  test('token_expiry=5: tokens say expires_in 5 and are refused once 5 clock seconds passed', async () => {
    const clock = new ManualClock();
    await withSimulator({ faults: 'token_expiry=5', clock }, async (sim, agent) => {
      const tenant = sim.tenants[0]!;
      const response = await call(sim, agent, `/${tenant.id}/oauth2/v2.0/token`, { form: { grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret, scope: `${sim.baseUrl}/.default` } });
      const body = response.json<{ expires_in: number; access_token: string }>();
      assert.equal(body.expires_in, 5);
      assert.equal((await call(sim, agent, '/v1.0/security/incidents', { token: body.access_token })).status, 200);
      await clock.advance(6_000);
      const expired = await call(sim, agent, '/v1.0/security/incidents', { token: body.access_token });
      assert.equal(expired.status, 401);
      assert.match(expired.text, /expired/);
    });
  });

  test('unauthorized=1,forbidden=3: request 1 of each tenant is 401, requests 2–3 are 403, then 200', () =>
    withSimulator({ faults: 'forbidden=3,unauthorized=1', tenants: 2 }, async (sim, agent) => {
      for (const index of [0, 1]) {
        const token = await tokenFor(sim, agent, 'graph', index);
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await call(sim, agent, '/v1.0/security/incidents', { token })).status);
        assert.deepEqual(statuses, [401, 403, 403, 200, 200], `tenant ${index}`);
      }
    }));

  test('latency=300 delays each data response by 300 clock ms', () =>
    withSimulator({ faults: 'latency=300' }, async (sim, agent) => {
      const token = await tokenFor(sim, agent, 'graph');
      const started = performance.now();
      assert.equal((await call(sim, agent, '/v1.0/security/incidents', { token })).status, 200);
      assert.ok(performance.now() - started >= 290, `${performance.now() - started} ms`);
    }));

  test('truncate=1: a 200 whose JSON body is cut in the middle', () =>
    withSimulator({ faults: 'truncate=1' }, async (sim, agent) => {
      const token = await tokenFor(sim, agent, 'graph');
      const response = await call(sim, agent, '/v1.0/security/incidents', { token });
      assert.equal(response.status, 200);
      assert.equal(Number(response.headers['content-length']), Buffer.byteLength(response.text));
      assert.ok(response.text.startsWith('{"@odata.context"'));
      assert.throws(() => response.json());
    }));

  test('random faults are drawn from the seed: the same requests meet the same faults', async () => {
    const run = async (seed: string): Promise<number[]> => {
      const statuses: number[] = [];
      await withSimulator({ faults: 'throttle=0.3,error5xx=0.2', seed }, async (sim, agent) => {
        const token = await tokenFor(sim, agent, 'graph');
        for (let i = 0; i < 40; i++) statuses.push((await call(sim, agent, '/v1.0/security/alerts_v2?$top=1', { token })).status);
      });
      return statuses;
    };
    const first = await run('dice');
    assert.deepEqual(await run('dice'), first);
    assert.notDeepEqual(await run('other dice'), first);
    assert.ok(first.includes(200) && first.includes(429) && first.some((status) => status >= 500));
  });
});
