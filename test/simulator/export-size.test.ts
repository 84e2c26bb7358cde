import assert from 'node:assert/strict';
import { createGunzip } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { request, type Agent } from 'undici';
import { createRng, createTenant, planVulnerabilityExport } from '../../src/simulator/generate/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { call, tokenFor, trustingAgent } from './support/client.js';

describe('simulator: a million-row vulnerability export', () => {
  test('any slice of the export is generated alone, and equals the same rows generated in sequence', () => {
    const tenant = createTenant('slices', { devices: 25 });
    const plan = planVulnerabilityExport(tenant, createRng('slices'), { rows: 1_000_000 });
    assert.equal(plan.totalRows, 1_000_000);
    const started = performance.now();
    const tail = [...plan.rows(999_990, 50)];
    assert.ok(performance.now() - started < 500, 'the last rows come without generating the ones before');
    assert.equal(tail.length, 10);
    const run = [...plan.rows(plan.naturalRows - 3, 6)];
    assert.deepEqual([...plan.rows(plan.naturalRows - 3, 3), ...plan.rows(plan.naturalRows, 3)], run);
    assert.equal(new Set([...plan.rows(0, plan.naturalRows * 3)].map((row) => row.id)).size, plan.naturalRows * 3, 'cloned devices make new row ids');
  });

  let sim: RunningSimulator;
  let agent: Agent;
  before(async () => {
    sim = await startSimulator({ seed: 'million', changes: 0, vulnerabilityRows: 1_000_000, exportFileRows: 250_000 });
    agent = trustingAgent(sim);
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  test('1,000,000 rows stream as gzip parts without the server holding them', async () => {
    const token = await tokenFor(sim, agent, 'mde');
    const files = (await call(sim, agent, '/api/machines/SoftwareVulnerabilitiesExport', { token })).json<{ exportFiles: string[] }>().exportFiles;
    assert.equal(files.length, 4);
    let rows = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    for (const url of files) {
      const response = await request(url, { dispatcher: agent });
      assert.equal(response.statusCode, 200);
      const gunzip = response.body.pipe(createGunzip());
      for await (const chunk of gunzip) {
        rows += (chunk as Buffer).toString('latin1').split('\n').length - 1;
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
    }
    assert.equal(rows, 1_000_000);
    // About 1 KB a row: holding them would be ~1 GB; streaming stays far below that.
    assert.ok(heapPeak - heapBefore < 300 * 1024 * 1024, `heap grew by ${Math.round((heapPeak - heapBefore) / 1048576)} MiB`);
  });
});
