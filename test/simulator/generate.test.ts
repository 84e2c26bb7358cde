import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { STREAMS } from '../../src/core/stream.js';
import { normalizeLine } from '../../src/normalize/index.js';
import {
  createRng,
  createTenant,
  DEFAULT_SAMPLE_SEED,
  EVENT_TABLES,
  eventLinesFromSeed,
  generateEvents,
  generateSamples,
  generateVulnerabilityRows,
} from '../../src/simulator/generate/index.js';
import { REPO_ROOT } from '../fixtures-path.js';

const MS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

describe('sample data generator', () => {
  const samples = generateSamples();

  test('the same seed gives the same bytes; another seed gives other data', () => {
    assert.deepEqual(generateSamples(), samples);
    assert.deepEqual(eventLinesFromSeed('x', 500), eventLinesFromSeed('x', 500));
    assert.notDeepEqual(generateSamples('another seed').event, samples.event);
  });

  test('the committed samples/ files are what the generator writes (run scripts/generate-samples.mjs)', () => {
    for (const stream of STREAMS) {
      const committed = readFileSync(join(REPO_ROOT, 'samples', `${stream}.ndjson`), 'utf8');
      assert.equal(committed, samples[stream].map((line) => `${line}\n`).join(''), `samples/${stream}.ndjson is stale`);
    }
  });

  test('a few hundred records, events the majority, every line one JSON object', () => {
    const total = STREAMS.reduce((sum, stream) => sum + samples[stream].length, 0);
    assert.ok(total >= 200 && total <= 1000, `${total} records`);
    assert.ok(samples.event.length > total / 2);
    for (const stream of STREAMS) {
      assert.ok(samples[stream].length > 0, stream);
      for (const line of samples[stream]) {
        assert.ok(!line.includes('\n'));
        const record = JSON.parse(line) as unknown;
        assert.equal(typeof record, 'object');
      }
    }
  });

  test('every Advanced Hunting table is present, in the Event Hub record shape', () => {
    const seen = new Set<string>();
    for (const line of samples.event) {
      const record = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(record), ['time', 'tenantId', 'category', 'operationName', 'properties']);
      assert.equal(record.operationName, 'Publish');
      assert.match(String(record.time), MS_TIMESTAMP);
      const properties = record.properties as Record<string, unknown>;
      assert.match(String(properties.Timestamp), MS_TIMESTAMP);
      assert.ok(String(record.time) >= String(properties.Timestamp), 'exported after it happened');
      seen.add(String(record.category).replace('AdvancedHunting-', ''));
    }
    assert.deepEqual([...seen].sort(), [...EVENT_TABLES].sort());
  });

  test('process, network and file events dominate the default mix', () => {
    const tenant = createTenant('mix');
    const records = generateEvents(tenant, 5_000, createRng('mix'));
    const device = records.filter((record) => /Device(Process|Network|File)Events$/.test(record.category)).length;
    assert.ok(device / records.length > 0.45, `${device} of ${records.length}`);
    const times = records.map((record) => String(record.properties.Timestamp));
    assert.deepEqual(times, [...times].sort(), 'events come in time order');
  });

  test('incidents carry alerts arrays whose alerts are the alert stream records', () => {
    const alertIds = new Set(samples.alert.map((line) => (JSON.parse(line) as { id: string }).id));
    for (const line of samples.incident) {
      const incident = JSON.parse(line) as { id: string; alerts: { id: string; incidentId: string; evidence: unknown[] }[] };
      assert.ok(Array.isArray(incident.alerts) && incident.alerts.length > 0);
      for (const alert of incident.alerts) {
        assert.ok(alertIds.has(alert.id));
        assert.equal(alert.incidentId, incident.id);
        assert.ok(alert.evidence.length > 0);
      }
    }
  });

  test('vulnerability rows in either export spelling', () => {
    const tenant = createTenant('vuln');
    const camel = generateVulnerabilityRows(tenant, createRng('v'));
    const pascal = generateVulnerabilityRows(tenant, createRng('v'), { spelling: 'PascalCase' });
    assert.ok(camel.length > 0);
    assert.equal(pascal.length, camel.length);
    assert.ok('cveId' in camel[0]! && 'osPlatform' in camel[0]!);
    assert.ok('CveId' in pascal[0]! && 'OSPlatform' in pascal[0]!);
    assert.match(String(camel[0]!.firstSeenTimestamp), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  test('every sample record normalizes without a pipeline error', () => {
    const options = { preserveOriginal: false, preserveDuplicateCustomFields: false };
    for (const stream of STREAMS) {
      for (const line of samples[stream]) {
        const documents = normalizeLine(stream, line, options);
        assert.ok(documents.length > 0, `${stream}: no document for ${line.slice(0, 120)}`);
        for (const { doc } of documents) {
          const event = doc.event as Record<string, unknown> | undefined;
          assert.notEqual(event?.kind, 'pipeline_error', `${stream}: ${JSON.stringify(doc.error)} for ${line.slice(0, 200)}`);
        }
      }
    }
  });

  test('the benchmark path builds 20k lines quickly', () => {
    const started = Date.now();
    const lines = eventLinesFromSeed(DEFAULT_SAMPLE_SEED, 20_000);
    assert.equal(lines.length, 20_000);
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  });
});
