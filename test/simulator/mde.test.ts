import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { request, type Agent } from 'undici';
import { isRecordTruthLine, startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { call, sweep, tokenFor, trustingAgent } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';

type GraphAlert = { id: string; serviceSource: string; lastUpdateDateTime: string; incidentId: string };
type MdeAlert = { id: string; lastUpdateTime: string; incidentId: number; machineId: string; computerDnsName: string; status: string; severity: string; evidence?: { entityType: string }[] };

async function download(agent: Agent, url: string): Promise<{ status: number; body: Buffer }> {
  const response = await request(url, { dispatcher: agent });
  return { status: response.statusCode, body: Buffer.from(await response.body.arrayBuffer()) };
}

describe('simulator: Defender for Endpoint API and the vulnerability export', () => {
  const clock = new ManualClock();
  let sim: RunningSimulator;
  let agent: Agent;
  let mde: string;
  let graph: string;
  before(async () => {
    sim = await startSimulator({ seed: 'mde', incidents: 25, changes: 0, clock, vulnerabilityRows: 2_500, exportFileRows: 1_000, faults: 'link_expiry=120' });
    agent = trustingAgent(sim);
    mde = await tokenFor(sim, agent, 'mde');
    graph = await tokenFor(sim, agent, 'graph');
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  test('/api/alerts are the Endpoint alerts of Graph, same ids and update times, in the MDE shape', async () => {
    const graphAlerts = (await sweep<GraphAlert>(sim, agent, '/v1.0/security/alerts_v2', graph)).items.filter((alert) => alert.serviceSource === 'microsoftDefenderForEndpoint');
    const mdeAlerts = (await sweep<MdeAlert>(sim, agent, '/api/alerts?$top=3', mde)).items;
    assert.ok(graphAlerts.length > 2);
    assert.deepEqual(mdeAlerts.map((alert) => [alert.id, alert.lastUpdateTime]).sort(), graphAlerts.map((alert) => [alert.id, alert.lastUpdateDateTime]).sort());
    for (const alert of mdeAlerts) {
      assert.match(alert.machineId, /^[0-9a-f]{40}$/);
      assert.ok(alert.computerDnsName.includes('.'));
      assert.ok(['New', 'InProgress', 'Resolved'].includes(alert.status));
      assert.equal(typeof alert.incidentId, 'number');
      assert.equal(alert.evidence, undefined, 'evidence only with $expand');
    }
    const expanded = (await call(sim, agent, '/api/alerts?$expand=evidence', { token: mde })).json<{ value: MdeAlert[] }>().value;
    assert.ok(expanded.some((alert) => (alert.evidence ?? []).some((item) => item.entityType === 'Process' || item.entityType === 'File')));
  });

  test('/api/alerts $filter=lastUpdateTime ge …, $top ≤ 10000', async () => {
    const all = (await sweep<MdeAlert>(sim, agent, '/api/alerts', mde)).items;
    const middle = all.map((alert) => alert.lastUpdateTime).sort()[Math.floor(all.length / 2)]!;
    const later = (await call(sim, agent, `/api/alerts?$filter=${encodeURIComponent(`lastUpdateTime ge ${middle}`)}`, { token: mde })).json<{ value: MdeAlert[] }>().value;
    assert.equal(later.length, all.filter((alert) => alert.lastUpdateTime >= middle).length);
    assert.ok(later.length < all.length);
    assert.equal((await call(sim, agent, '/api/alerts?$top=10001', { token: mde })).status, 400);
  });

  test('machines, vulnerabilities, machinesVulnerabilities and Software agree with each other', async () => {
    const machines = (await sweep<{ id: string; computerDnsName: string }>(sim, agent, '/api/machines?$top=10', mde)).items;
    assert.equal(machines.length, 25);
    const pairs = (await sweep<{ machineId: string; cveId: string }>(sim, agent, '/api/vulnerabilities/machinesVulnerabilities', mde)).items;
    const cves = (await sweep<{ id: string }>(sim, agent, '/api/vulnerabilities', mde)).items;
    const software = (await sweep<{ id: string; vendor: string; name: string }>(sim, agent, '/api/Software', mde)).items;
    const machineIds = new Set(machines.map((machine) => machine.id));
    assert.ok(pairs.length > 0 && pairs.every((pair) => machineIds.has(pair.machineId)));
    assert.deepEqual(new Set(pairs.map((pair) => pair.cveId)), new Set(cves.map((cve) => cve.id)));
    assert.ok(software.every((item) => item.id === `${item.vendor}-_-${item.name}`));
    const one = await call(sim, agent, `/api/machines/${machines[0]!.id}`, { token: mde });
    assert.equal(one.json<{ computerDnsName: string }>().computerDnsName, machines[0]!.computerDnsName);
    assert.equal((await call(sim, agent, `/api/vulnerabilities/${cves[0]!.id}`, { token: mde })).json<{ id: string }>().id, cves[0]!.id);
    assert.equal((await call(sim, agent, '/api/vulnerabilities/CVE-1999-0001', { token: mde })).status, 404);
    assert.equal((await call(sim, agent, '/api/vulnerabilities?$top=8001', { token: mde })).status, 400);
    assert.equal((await call(sim, agent, '/api/machines?$top=10001', { token: mde })).status, 400);
    const filtered = await call(sim, agent, `/api/vulnerabilities/machinesVulnerabilities?$filter=${encodeURIComponent(`machineId eq '${pairs[0]!.machineId}'`)}`, { token: mde });
    assert.deepEqual(filtered.json<{ value: { machineId: string }[] }>().value.map((pair) => pair.machineId), pairs.filter((pair) => pair.machineId === pairs[0]!.machineId).map((pair) => pair.machineId));
  });

  test('the export gives SAS links whose gzip NDJSON parts hold every row, matching the truth', async () => {
    const response = await call(sim, agent, '/api/machines/SoftwareVulnerabilitiesExport?sasValidHours=2', { token: mde });
    assert.equal(response.status, 200, response.text);
    const body = response.json<{ exportFiles: string[]; generatedTime: string }>();
    assert.equal(body.exportFiles.length, 3);
    const rows: { id: string; deviceId: string; cveId: string; eventTimestamp: string }[] = [];
    for (const url of body.exportFiles) {
      assert.equal(new URL(url).origin, sim.baseUrl);
      const file = await download(agent, url);
      assert.equal(file.status, 200);
      const lines = gunzipSync(file.body).toString('utf8').split('\n').filter((line) => line.length > 0);
      rows.push(...lines.map((line) => JSON.parse(line) as (typeof rows)[number]));
    }
    assert.equal(rows.length, 2_500);
    const truth = [...sim.truth()].filter(isRecordTruthLine).filter((line) => line.stream === 'vulnerability');
    assert.deepEqual(rows.map((row) => row.id), truth.map((line) => line.id));
    assert.equal(rows[0]!.eventTimestamp.replace(' ', 'T') + 'Z', body.generatedTime);
    const machines = new Set((await sweep<{ id: string }>(sim, agent, '/api/machines', mde)).items.map((machine) => machine.id));
    const firstPass = rows.filter((row) => machines.has(row.deviceId)).length;
    assert.ok(firstPass > 0 && firstPass < rows.length, 'rows beyond one pass describe cloned devices');
  });

  test('a tampered link is 403 AuthenticationFailed; an expired one says the time frame is wrong', async () => {
    const links = (await call(sim, agent, '/api/machines/SoftwareVulnerabilitiesExport', { token: mde })).json<{ exportFiles: string[] }>().exportFiles;
    const tampered = new URL(links[0]!);
    tampered.pathname = tampered.pathname.replace('part-00000', 'part-00001');
    const forged = await download(agent, tampered.toString());
    assert.equal(forged.status, 403);
    assert.match(forged.body.toString(), /<Code>AuthenticationFailed<\/Code>/);
    const later = new URL(links[0]!);
    later.searchParams.set('se', '2099-01-01T00:00:00Z');
    assert.equal((await download(agent, later.toString())).status, 403, 'extending the expiry breaks the signature');
    assert.equal((await download(agent, links[0]!)).status, 200);
    await clock.advance(121_000);
    const expired = await download(agent, links[0]!);
    assert.equal(expired.status, 403);
    assert.match(expired.body.toString(), /Signature not valid in the specified time frame/);
  });

  test('sasValidHours outside 1–6 is a 400', async () => {
    assert.equal((await call(sim, agent, '/api/machines/SoftwareVulnerabilitiesExport?sasValidHours=7', { token: mde })).status, 400);
  });
});
