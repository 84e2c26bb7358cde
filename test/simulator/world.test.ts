import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Agent } from 'undici';
import { normalizeLine } from '../../src/normalize/index.js';
import { isRecordTruthLine, startSimulator, type RunningSimulator, type TruthLine } from '../../src/simulator/simulator.js';
import { sweep, tokenFor, trustingAgent } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';

type Record = { id: string; lastUpdateDateTime: string; incidentId?: string; alerts?: Record[] };

describe('simulator: the changing world and its truth', () => {
  const clock = new ManualClock();
  const startMs = clock.now();
  let sim: RunningSimulator;
  let agent: Agent;
  let token: string;
  let initial: { incidents: Record[]; alerts: Record[] };
  before(async () => {
    sim = await startSimulator({ seed: 'world', tenants: 2, incidents: 10, changes: 40, changeWindowMs: 30_000, clock, vulnerabilityRows: 300 });
    agent = trustingAgent(sim);
    token = await tokenFor(sim, agent, 'graph');
    initial = {
      incidents: (await sweep<Record>(sim, agent, '/v1.0/security/incidents', token)).items,
      alerts: (await sweep<Record>(sim, agent, '/v1.0/security/alerts_v2', token)).items,
    };
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  test('all generated history predates the start, so every change is newer', () => {
    const start = new Date(startMs).toISOString();
    for (const record of [...initial.incidents, ...initial.alerts]) assert.ok(record.lastUpdateDateTime < start, record.lastUpdateDateTime);
  });

  test('the world changes on the clock for changeWindowMs, then is quiescent', async () => {
    assert.equal(sim.quiescent(), false);
    for (let elapsed = 0; elapsed <= 30_000; elapsed += 1_000) await clock.advance(1_000);
    await sim.whenQuiescent();
    assert.equal(sim.quiescent(), true);
    const last = sim.lastChangeMs();
    assert.ok(last > startMs && last <= startMs + 30_000, String(last - startMs));
    await clock.advance(60_000);
    assert.equal(sim.lastChangeMs(), last, 'nothing changes once quiescent');
  });

  test('changes set lastUpdateDateTime to the clock (7 digits), add alerts to incidents, and make ties', async () => {
    const incidents = (await sweep<Record>(sim, agent, '/v1.0/security/incidents?$expand=alerts', token)).items;
    const alerts = (await sweep<Record>(sim, agent, '/v1.0/security/alerts_v2?$top=2000', token)).items;
    const start = new Date(startMs).toISOString();
    const changed = [...incidents, ...alerts].filter((record) => record.lastUpdateDateTime >= start);
    assert.ok(changed.length >= 10, `${changed.length} changed records`);
    for (const record of changed) assert.match(record.lastUpdateDateTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}0000Z$/);
    assert.ok(alerts.length > initial.alerts.length, 'new alerts joined');
    const joined = alerts.filter((alert) => !initial.alerts.some((old) => old.id === alert.id));
    for (const alert of joined) {
      const incident = incidents.find((candidate) => candidate.id === alert.incidentId)!;
      assert.ok(incident.alerts!.some((member) => member.id === alert.id));
      assert.ok(incident.lastUpdateDateTime >= alert.lastUpdateDateTime, 'the incident moved with its new alert');
    }
    const ties = (records: Record[]) => records.length - new Set(records.map((record) => record.lastUpdateDateTime)).size;
    assert.ok(ties(changed.filter((record) => 'alerts' in record)) + ties(changed.filter((record) => !('alerts' in record))) > 0, 'two records of one stream share a lastUpdateDateTime');
  });

  test('the truth is the final version of every served record, as the normalizer would stamp it', async () => {
    const truth = [...sim.truth()].filter(isRecordTruthLine);
    const byStream = (stream: TruthLine['stream']) => truth.filter((line) => line.stream === stream);
    const served = { incidents: [] as Record[], alerts: [] as Record[] };
    for (const index of [0, 1]) {
      const own = await tokenFor(sim, agent, 'graph', index);
      served.incidents.push(...(await sweep<Record>(sim, agent, '/v1.0/security/incidents?$expand=alerts', own)).items);
      served.alerts.push(...(await sweep<Record>(sim, agent, '/v1.0/security/alerts_v2?$top=2000', own)).items);
    }
    const key = (line: { id: string; timestamp: string }) => `${line.id}@${line.timestamp}`;
    assert.deepEqual(byStream('incident').map(key).sort(), served.incidents.map((record) => key({ id: record.id, timestamp: new Date(record.lastUpdateDateTime).toISOString() })).sort());
    assert.deepEqual(byStream('alert').map(key).sort(), served.alerts.map((record) => key({ id: record.id, timestamp: new Date(record.lastUpdateDateTime).toISOString() })).sort());
    assert.equal(byStream('vulnerability').length, 600);
    // Cross-check with the normalizer itself: event.id and @timestamp are the truth's.
    const options = { preserveOriginal: false, preserveDuplicateCustomFields: false };
    const truthKeys = new Set(truth.map(key));
    for (const [stream, records] of [['incident', served.incidents.slice(0, 5)], ['alert', served.alerts.slice(0, 5)]] as const) {
      for (const record of records) {
        for (const { doc } of normalizeLine(stream, JSON.stringify(record), options)) {
          assert.ok(truthKeys.has(key({ id: String((doc.event as { id: string }).id), timestamp: String(doc['@timestamp']) })), `${stream} ${record.id}`);
        }
      }
    }
  });

  test('writeTruth writes the same lines as NDJSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-truth-'));
    try {
      const file = join(dir, 'truth.ndjson');
      await sim.writeTruth(file);
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TruthLine);
      assert.deepEqual(lines, [...sim.truth()]);
      assert.deepEqual(Object.keys(lines[0]!), ['stream', 'id', 'timestamp']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('request counts are per endpoint and status', () => {
    const counts = sim.requestCounts();
    assert.ok((counts['graph:incidents']?.['200'] ?? 0) >= 3);
    assert.ok((counts['entra:token']?.['200'] ?? 0) >= 3);
  });
});
