import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agent } from 'undici';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { call, sweep, tokenFor, trustingAgent } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';

type Incident = { id: string; lastUpdateDateTime: string; createdDateTime: string; status: string; alerts?: Alert[] };
type Alert = { id: string; incidentId: string; lastUpdateDateTime: string; createdDateTime: string; status: string; evidence: unknown[] };

const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

describe('simulator: Graph incidents and alerts_v2 queries', () => {
  let sim: RunningSimulator;
  let agent: Agent;
  let token: string;
  let incidents: Incident[];
  let alerts: Alert[];
  before(async () => {
    sim = await startSimulator({ seed: 'graph-query', incidents: 30, changes: 0, clock: new ManualClock() });
    agent = trustingAgent(sim);
    token = await tokenFor(sim, agent, 'graph');
    incidents = (await sweep<Incident>(sim, agent, '/v1.0/security/incidents', token)).items;
    alerts = (await sweep<Alert>(sim, agent, '/v1.0/security/alerts_v2', token)).items;
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  const get = (path: string) => call(sim, agent, path, { token });

  test('the default order is most recent first; records carry 7-digit Graph timestamps', () => {
    assert.equal(incidents.length, 30);
    const created = incidents.map((incident) => incident.createdDateTime);
    assert.deepEqual(created, [...created].sort().reverse());
    for (const incident of incidents) assert.match(incident.lastUpdateDateTime, GRAPH_TIME);
    assert.equal(incidents[0]!.alerts, undefined, 'alerts only with $expand');
  });

  test('$filter on lastUpdateDateTime (ge/lt, unquoted ISO) and status, joined by and', async () => {
    const sorted = incidents.map((incident) => incident.lastUpdateDateTime).sort();
    const from = sorted[10]!;
    const until = sorted[20]!;
    const response = await get(`/v1.0/security/incidents?$filter=${encodeURIComponent(`lastUpdateDateTime ge ${from} and lastUpdateDateTime lt ${until}`)}`);
    assert.equal(response.status, 200, response.text);
    const ids = response.json<{ value: Incident[] }>().value.map((incident) => incident.id).sort();
    assert.deepEqual(ids, incidents.filter((incident) => incident.lastUpdateDateTime >= from && incident.lastUpdateDateTime < until).map((incident) => incident.id).sort());
    const status = incidents[0]!.status;
    const byStatus = await get(`/v1.0/security/incidents?$filter=${encodeURIComponent(`status eq '${status}'`)}`);
    const expected = incidents.filter((incident) => incident.status === status).length;
    assert.equal(byStatus.json<{ value: Incident[] }>().value.length, expected);
    assert.ok(expected < incidents.length, 'the status filter excludes something');
    const seconds = await get(`/v1.0/security/incidents?$filter=${encodeURIComponent(`createdDateTime gt ${incidents[5]!.createdDateTime.slice(0, 19)}Z`)}`);
    assert.ok(seconds.json<{ value: Incident[] }>().value.every((incident) => incident.createdDateTime.slice(0, 19) >= incidents[5]!.createdDateTime.slice(0, 19)));
  });

  test("alerts_v2 $filter=incidentId eq '…' gives the incident's alerts", async () => {
    const incidentId = alerts[0]!.incidentId;
    const response = await get(`/v1.0/security/alerts_v2?$filter=${encodeURIComponent(`incidentId eq '${incidentId}'`)}`);
    const found = response.json<{ value: Alert[] }>().value;
    assert.ok(found.length > 0);
    assert.deepEqual(found.map((alert) => alert.id).sort(), alerts.filter((alert) => alert.incidentId === incidentId).map((alert) => alert.id).sort());
  });

  test('$orderby asc/desc, $top and $skip', async () => {
    const asc = (await get('/v1.0/security/incidents?$orderby=lastUpdateDateTime asc&$top=50')).json<{ value: Incident[] }>().value.map((incident) => incident.lastUpdateDateTime);
    assert.deepEqual(asc, [...asc].sort());
    const desc = (await get('/v1.0/security/incidents?$orderby=lastUpdateDateTime desc&$top=50')).json<{ value: Incident[] }>().value.map((incident) => incident.lastUpdateDateTime);
    assert.deepEqual(desc, [...asc].reverse());
    const skipped = (await get('/v1.0/security/incidents?$orderby=lastUpdateDateTime asc&$top=5&$skip=3')).json<{ value: Incident[] }>().value.map((incident) => incident.lastUpdateDateTime);
    assert.deepEqual(skipped, asc.slice(3, 8));
  });

  test("$top above 50 on incidents is Graph's exact 400; alerts_v2 allows up to 2000", async () => {
    const response = await get('/v1.0/security/incidents?$top=100');
    assert.equal(response.status, 400);
    const error = response.json<{ error: { code: string; message: string; innerError: Record<string, string> } }>().error;
    assert.equal(error.code, '');
    assert.ok(error.message.includes("The limit of '50' for Top query has been exceeded. The value from the incoming request is '100'."), error.message);
    assert.ok(error.innerError['request-id']);
    assert.equal((await get('/v1.0/security/alerts_v2?$top=2000')).status, 200);
    assert.equal((await get('/v1.0/security/alerts_v2?$top=2001')).status, 400);
  });

  test('invalid queries are OData 400s', async () => {
    const bad = [
      '$filter=lastUpdateDateTime ge \'2026-01-01T00:00:00Z\'',
      '$filter=lastUpdateDateTime ge 2026-13-01T00:00:00Z',
      '$filter=nonsense eq \'x\'',
      '$filter=status eq',
      '$filter=status eq active',
      '$filter=status eq \'active\' or status eq \'resolved\'',
      '$orderby=severity',
      '$orderby=lastUpdateDateTime sideways',
      '$top=-1',
      '$top=abc',
      '$expand=evidence',
      '$search=foo',
      '$skiptoken=not-a-token',
    ];
    for (const query of bad) {
      const response = await get(`/v1.0/security/incidents?${query.split('&').map((part) => part.replace(/=(.*)$/, (_, value: string) => `=${encodeURIComponent(value)}`)).join('&')}`);
      assert.equal(response.status, 400, query);
      assert.equal(typeof response.json<{ error: { message: string } }>().error.message, 'string', query);
    }
  });

  test('$count=true counts every match on the first page; nextLink pages are on the same origin with an opaque $skiptoken', async () => {
    const first = (await get('/v1.0/security/incidents?$top=7&$count=true')).json<{ '@odata.count': number; '@odata.nextLink': string; '@odata.context': string; value: Incident[] }>();
    assert.equal(first['@odata.count'], 30);
    assert.equal(first['@odata.context'], `${sim.baseUrl}/v1.0/$metadata#security/incidents`);
    const link = new URL(first['@odata.nextLink']);
    assert.equal(link.origin, sim.baseUrl);
    assert.ok(link.searchParams.get('$skiptoken'));
    const all = await sweep<Incident>(sim, agent, '/v1.0/security/incidents?$top=7', token);
    assert.equal(all.pages, 5);
    assert.deepEqual(all.items.map((incident) => incident.id), incidents.map((incident) => incident.id));
  });

  test('$expand=alerts puts each incident\'s alerts, with evidence, inline', async () => {
    const expanded = (await sweep<Incident>(sim, agent, '/v1.0/security/incidents?$expand=alerts&$top=10', token)).items;
    const byIncident = new Map<string, string[]>();
    for (const alert of alerts) byIncident.set(alert.incidentId, [...(byIncident.get(alert.incidentId) ?? []), alert.id]);
    for (const incident of expanded) {
      assert.ok(incident.alerts && incident.alerts.length > 0);
      assert.deepEqual(incident.alerts.map((alert) => alert.id).sort(), [...byIncident.get(incident.id)!].sort());
      for (const alert of incident.alerts) assert.ok(alert.evidence.length > 0);
    }
    const one = await get(`/v1.0/security/incidents/${incidents[3]!.id}?$expand=alerts`);
    assert.equal(one.json<Incident>().id, incidents[3]!.id);
    assert.ok(one.json<Incident>().alerts!.length > 0);
    assert.equal((await get('/v1.0/security/incidents/999999999')).status, 404);
    assert.equal((await get(`/v1.0/security/alerts_v2/${alerts[0]!.id}`)).json<Alert>().id, alerts[0]!.id);
  });
});

describe('simulator: keyset paging under concurrent changes', () => {
  let sim: RunningSimulator;
  let agent: Agent;
  let token: string;
  const clock = new ManualClock();
  before(async () => {
    sim = await startSimulator({ seed: 'keyset', incidents: 24, changes: 40, changeWindowMs: 60_000, clock });
    agent = trustingAgent(sim);
    token = await tokenFor(sim, agent, 'graph');
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  for (const order of ['asc', 'desc']) {
    test(`a sweep ordered by lastUpdateDateTime ${order} sees each record once, in the version it started with`, async () => {
      const before = (await sweep<Incident>(sim, agent, '/v1.0/security/incidents?$top=50', token)).items;
      const versions = new Map(before.map((incident) => [incident.id, incident.lastUpdateDateTime]));
      const alertsBefore = (await sweep<Alert>(sim, agent, '/v1.0/security/alerts_v2?$top=2000', token)).items.length;
      const changedAt = sim.lastChangeMs();
      // Between pages: the world changes (new alerts join, statuses move) and a client PATCHes
      // records both already served and not yet served.
      const during = await sweep<Incident>(sim, agent, `/v1.0/security/incidents?$top=4&$orderby=lastUpdateDateTime ${order}&$expand=alerts`, token, async (page) => {
        await clock.advance(3_000);
        const target = before[(page * 5) % before.length]!;
        const patched = await call(sim, agent, `/v1.0/security/incidents/${target.id}`, { method: 'PATCH', token, body: { customTags: [`page-${page}`] } });
        assert.equal(patched.status, 200);
      });
      assert.ok(sim.lastChangeMs() > changedAt, 'records changed during the sweep');
      assert.equal(during.items.length, before.length, 'no record skipped or served twice');
      assert.equal(new Set(during.items.map((incident) => incident.id)).size, before.length);
      for (const incident of during.items) assert.equal(incident.lastUpdateDateTime, versions.get(incident.id), `${incident.id} in its version at the sweep's start`);
      const after = (await sweep<Incident>(sim, agent, '/v1.0/security/incidents?$top=50', token)).items;
      assert.ok(after.some((incident) => incident.lastUpdateDateTime !== versions.get(incident.id)), 'the next sweep sees the new versions');
      const alertsAfter = (await sweep<Alert>(sim, agent, '/v1.0/security/alerts_v2?$top=2000', token)).items.length;
      assert.ok(alertsAfter >= alertsBefore);
    });
  }
});
