import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { GraphAlertsSource } from '../../src/sources/graph/alerts.js';
import { GraphIncidentsSource } from '../../src/sources/graph/incidents.js';
import { SourceStatus } from '../../src/telemetry/source-status.js';
import { drive, manualClock, recordsOf } from './support/drive.js';
import { FakeApi, httpError } from './support/fake-api.js';

const silent = pino({ level: 'silent' });
const T0 = Date.parse('2026-01-05T08:00:00Z');

/** `count` alerts; every run of `tie` alerts shares one lastUpdateDateTime (7-digit fraction). */
function alerts(count: number, tie: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: `da${String(i).padStart(4, '0')}`,
    incidentId: String(1000 + Math.floor(i / 3)),
    lastUpdateDateTime: new Date(T0 + Math.floor(i / tie) * 60_000).toISOString().replace('Z', '1234Z'),
    status: 'new',
  }));
}

function alertsSource(api: FakeApi, clock = manualClock(), overlapMs = 5 * 60_000) {
  const status = new SourceStatus('alerts', clock);
  const source = new GraphAlertsSource({ name: 'alerts', tenantId: 'tid', graph: api, clock, status, pollIntervalMs: 60_000, initialLookbackMs: 24 * 3600_000, overlapMs, pageSize: 10 });
  return { source, status, clock };
}

const versions = (records: ReadonlyArray<Record<string, unknown>>) => records.map((record) => `${String(record.id)}@${String(record.lastUpdateDateTime)}`);

test('graph_alerts: one sweep reads every alert once, ties across page boundaries included', async () => {
  const api = new FakeApi();
  const items = api.collection('security/alerts_v2', 'lastUpdateDateTime', alerts(125, 7));
  const { source, status, clock } = alertsSource(api);
  const run = await drive(source, undefined, { clock, status });
  assert.equal(run.error, undefined);
  assert.deepEqual(versions(recordsOf(run.batches)).sort(), versions(items).sort());
  assert.ok(run.batches.every((batch) => batch.stream === 'alert' && batch.tenantId === 'tid'));
  assert.equal(status.completedPolls, 1);
  assert.match(api.calls[0]!, /^security\/alerts_v2\?\$filter=lastUpdateDateTime%20ge%202026-01-04T11%3A55%3A00\.000Z&\$orderby=lastUpdateDateTime%20asc&\$top=10$/);
});

test('graph_alerts: a restart from any committed page neither drops nor doubles a version', async () => {
  const items = alerts(95, 6);
  for (let stopAfter = 1; stopAfter <= 10; stopAfter++) {
    const api = new FakeApi();
    api.collection('security/alerts_v2', 'lastUpdateDateTime', items);
    const first = alertsSource(api);
    const crashed = await drive(first.source, undefined, { clock: first.clock, status: first.status, maxBatches: stopAfter });
    const second = alertsSource(api);
    const resumed = await drive(second.source, crashed.position, { clock: second.clock, status: second.status });
    const delivered = versions([...recordsOf(crashed.batches), ...recordsOf(resumed.batches)]);
    assert.deepEqual([...delivered].sort(), versions(items).sort(), `crash after ${stopAfter} pages`);
  }
});

test('graph_alerts: the next poll sends exactly the new versions, late updates inside the overlap included', async () => {
  const api = new FakeApi();
  const items = api.collection('security/alerts_v2', 'lastUpdateDateTime', alerts(40, 4));
  const { source, status, clock } = alertsSource(api);
  const first = await drive(source, undefined, { clock, status });
  const lastChange = Date.parse(String(items.at(-1)!.lastUpdateDateTime));
  items[3] = { ...items[3], status: 'resolved', lastUpdateDateTime: new Date(lastChange + 90_000).toISOString() };
  // Landed late: stamped 2 minutes before the newest change already read (inside the 5-minute overlap).
  items[7] = { ...items[7], status: 'inProgress', lastUpdateDateTime: new Date(lastChange - 120_000).toISOString() };
  items.push({ id: 'da-new', lastUpdateDateTime: new Date(lastChange + 1).toISOString(), status: 'new' });
  const second = await drive(source, first.position, { clock, status });
  assert.deepEqual(versions(recordsOf(second.batches)).sort(), versions([items[3]!, items[7]!, items.at(-1)!]).sort());
});

function incidentsWithAlerts(count: number) {
  const incidents: Array<Record<string, unknown>> = [];
  const allAlerts: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const id = String(5000 + i);
    const own = Array.from({ length: (i % 4) + 1 }, (_, a) => ({ id: `da${id}-${a}`, incidentId: id, lastUpdateDateTime: new Date(T0 + i * 1000).toISOString() }));
    allAlerts.push(...own);
    incidents.push({ id, lastUpdateDateTime: new Date(T0 + i * 1000).toISOString(), status: 'active', alerts: own });
  }
  return { incidents, allAlerts };
}

test('graph_incidents: $expand=alerts failing persistently falls back to alerts_v2 per incident, and collection goes on', async () => {
  const api = new FakeApi();
  const { incidents, allAlerts } = incidentsWithAlerts(23);
  api.collection('security/incidents', 'lastUpdateDateTime', incidents);
  api.collection('security/alerts_v2', 'lastUpdateDateTime', allAlerts);
  // The first page with the expansion works, the next ones fail: Graph's 5xx on big expansions.
  api.fail = (url) => (url.includes('expand=alerts') && url.includes('skip=') ? httpError(500) : undefined);
  const clock = manualClock();
  const status = new SourceStatus('incidents', clock);
  const source = new GraphIncidentsSource({ name: 'incidents', tenantId: 'tid', graph: api, log: silent, clock, status, pollIntervalMs: 60_000, initialLookbackMs: 86_400_000, overlapMs: 0, pageSize: 10, expandFailuresBeforeFallback: 2 });

  const failing = await drive(source, undefined, { clock, status });
  assert.equal((failing.error as { status?: number }).status, 500, 'the first failure goes to the runner, which backs off');
  assert.equal(recordsOf(failing.batches).length, 10, 'the page that worked was committed');
  const fallback = await drive(source, failing.position, { clock, status });
  assert.equal(fallback.error, undefined);
  const records = [...recordsOf(failing.batches), ...recordsOf(fallback.batches)];
  assert.deepEqual(records.map((record) => record.id), incidents.map((incident) => incident.id), 'every incident, once, in order');
  for (const record of records) {
    const expected = incidents.find((incident) => incident.id === record.id)!.alerts;
    assert.deepEqual(record.alerts, expected, `incident ${String(record.id)} carries its alerts`);
  }
  assert.ok(api.calls.some((url) => url.startsWith("security/alerts_v2?$filter=incidentId%20eq%20'5019'")), `alerts fetched per incident: ${api.calls.join(' ')}`);
});

test('graph_incidents: a non-5xx failure (403) never triggers the fallback', async () => {
  const api = new FakeApi();
  api.collection('security/incidents', 'lastUpdateDateTime', incidentsWithAlerts(3).incidents);
  api.fail = () => httpError(403, 'missing SecurityIncident.Read.All');
  const clock = manualClock();
  const status = new SourceStatus('incidents', clock);
  const source = new GraphIncidentsSource({ name: 'incidents', tenantId: 'tid', graph: api, log: silent, clock, status, pollIntervalMs: 60_000, initialLookbackMs: 86_400_000, overlapMs: 0, pageSize: 10, expandFailuresBeforeFallback: 1 });
  const run = await drive(source, undefined, { clock, status });
  assert.equal((run.error as { status?: number }).status, 403);
  assert.ok(api.calls.every((url) => url.includes('expand=alerts')));
  assert.equal(status.lastError, 'missing SecurityIncident.Read.All');
});
