import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertValidIps, elasticFingerprint, fixtureJson, fixtureLines, KEEP_ALL, only, run, type Doc } from './alert-test-helpers.js';

const LINE = fixtureLines('incident/test-incident.log')[0]!;
const SAMPLE = fixtureJson('incident/sample_event.json');
const incident = (): Doc => JSON.parse(LINE) as Doc;
const PER_INCIDENT = { ...KEEP_ALL, incidentOutput: 'per_incident' as const };

/** An incident whose alerts list holds the fixture's alert and a second, different one. */
function twoAlertIncident(): Doc {
  const raw = incident();
  const second = { ...raw.alerts, id: 'da2_-2', lastUpdateDateTime: '2021-06-01T00:00:00Z', serviceSource: 'microsoftDefenderForOffice365', evidence: [] };
  return { ...raw, alerts: [raw.alerts, second] };
}


describe('incident stream: splitting', () => {
  test('the fixture line (alerts as one object) → one document; its event.original parses like Elastic’s', () => {
    const { doc, id } = only('incident', LINE, KEEP_ALL);
    assert.equal(doc.event.original, LINE);
    assert.deepEqual(JSON.parse(doc.event.original), JSON.parse(SAMPLE.event.original as string));
    const raw = incident();
    // Fields in sorted order: alerts.id, alerts.lastUpdateDateTime, createdDateTime, id, incidentWebUrl, lastUpdateDateTime.
    assert.equal(id, elasticFingerprint(raw.alerts.id, raw.alerts.lastUpdateDateTime, raw.createdDateTime, raw.id, raw.incidentWebUrl, raw.lastUpdateDateTime));
  });

  test('alerts as a list → one document per (incident, alert), each exactly as for Elastic’s pre-split event', () => {
    const raw = twoAlertIncident();
    const documents = run('incident', raw, KEEP_ALL);
    assert.equal(documents.length, 2);
    raw.alerts.forEach((alert: Doc, index: number) => {
      const preSplit = JSON.stringify({ ...raw, alerts: alert });
      assert.equal(documents[index]!.doc.event.original, preSplit);
      assert.deepEqual(documents[index], only('incident', preSplit, KEEP_ALL));
    });
    assert.notEqual(documents[0]!.id, documents[1]!.id);
    assert.equal(documents[1]!.doc.m365_defender.incident.alert.id, 'da2_-2');
    assert.equal(documents[1]!.doc.event.provider, 'microsoftDefenderForOffice365');
  });

  test('no alerts, null alerts and an empty list → one document, id without alert fields', () => {
    const { alerts: _alerts, ...bare } = incident();
    const expectedId = elasticFingerprint(bare.createdDateTime, bare.id, bare.incidentWebUrl, bare.lastUpdateDateTime);
    for (const value of [bare, { ...bare, alerts: null }, { ...bare, alerts: [] }]) {
      const { doc, id } = only('incident', value, KEEP_ALL);
      assert.equal(id, expectedId);
      assert.equal(doc.m365_defender.incident.alert, undefined);
      assert.equal(doc.event.original, JSON.stringify(value));
    }
  });

  test('per_incident: one document with every alert; with one alert it equals the per_alert document', () => {
    const { doc, id } = only('incident', twoAlertIncident(), PER_INCIDENT);
    assert.equal(doc.m365_defender.incident.alert.length, 2);
    assert.deepEqual(doc.event.provider, ['microsoftDefenderForEndpoint', 'microsoftDefenderForOffice365']);
    assert.equal(doc.event.original, JSON.stringify(twoAlertIncident()));
    assert.ok(!run('incident', twoAlertIncident(), KEEP_ALL).some((document) => document.id === id));
    assert.deepEqual(only('incident', LINE, PER_INCIDENT), only('incident', LINE, KEEP_ALL));
    const oneInList = { ...incident(), alerts: [incident().alerts] };
    assert.equal(only('incident', oneInList, PER_INCIDENT).id, only('incident', LINE, KEEP_ALL).id);
  });

  test('a page of incidents → the documents of each; the empty page → none', () => {
    const { alerts: _alerts, ...bare } = incident();
    assert.equal(run('incident', { value: [twoAlertIncident(), bare] }).length, 3);
    assert.deepEqual(run('incident', { '@odata.context': 'x', value: [] }), []);
  });
});

describe('incident stream: mapping', () => {
  test('incident determination alone classifies the incident', () => {
    assert.equal(only('incident', LINE).doc.event.category, undefined, 'multiStagedAttack names no category, evidence does not add any');
    const phishing = only('incident', { ...incident(), determination: 'phishing' }).doc;
    assert.deepEqual(phishing.event.category, ['email']);
    assert.deepEqual(phishing.event.type, ['info']);
  });

  test('incident comments are kept as Graph sent them; authors reach related.user', () => {
    const comments = [{ comment: 'c', createdByDisplayName: 'ana@contoso.example', createdDateTime: '2024-01-01T00:00:00.1234567Z' }];
    const { doc } = only('incident', { ...incident(), comments }, KEEP_ALL);
    assert.deepEqual(doc.m365_defender.incident.comments, comments);
    assert.ok(doc.related.user.includes('ana@contoso.example'));
  });

  test('default options drop the vendor copies of promoted values, incident and alert level', () => {
    const { doc } = only('incident', LINE);
    const vendor = doc.m365_defender.incident;
    for (const field of ['id', 'display_name', 'tenant_id', 'created_datetime', 'last_update_datetime', 'web_url', 'assigned_to']) assert.equal(vendor[field], undefined, field);
    for (const field of ['status', 'severity', 'classification', 'determination', 'tags', 'comments', 'odata_type']) assert.notEqual(vendor[field], undefined, field);
    for (const field of ['service_source', 'category', 'mitre_techniques']) assert.equal(vendor.alert[field], undefined, `alert.${field}`);
    assert.equal(vendor.alert.title, 'Suspicious execution of hidden file');
    const [device, file] = vendor.alert.evidence;
    assert.equal(device.vm_metadata.cloud_provider, undefined);
    assert.equal(device.vm_metadata.vm_id, 'ca1b0d41-5a3b-4d95-b48b-f220aed11d78');
    assert.equal(file.file_details.sha1, undefined);
    assert.equal(file.file_details.publisher, 'Microsoft Corporation');
    assert.equal(doc.event.original, undefined);
    assert.deepEqual(doc.file.name, ['MsSense.exe']);
  });
});

describe('incident stream: robustness', () => {
  test('incident-sample.log: no exception, no invalid IP, CJK and U+FFFD text kept as is', () => {
    const documents = fixtureLines('incident/incident-sample.log').flatMap((line) => run('incident', line, KEEP_ALL));
    assert.equal(documents.length, 4);
    for (const { doc } of documents) {
      assert.equal(doc.event.kind, 'alert', JSON.stringify(doc.error));
      assertValidIps(doc);
    }
    assert.deepEqual(documents[3]!.doc.file.name, ['K3V15.1安装盘访问密码i5fy.zip']);
    assert.ok(documents[0]!.doc.m365_defender.incident.alert.recommended_actions.includes('\uFFFD'));
  });

  test('wrong types: alerts as text, numbers as ids, evidence not a list, bad dates', () => {
    const line = JSON.stringify({ ...incident(), id: 7, alerts: 'none' });
    const { doc, id } = only('incident', line);
    assert.equal(doc.event.kind, 'pipeline_error');
    assert.equal(doc.event.original, line);
    assert.equal(doc.event.id, '7');
    assert.ok(id.length > 0);
    const raw = incident();
    const bad = { ...raw, createdDateTime: 'soon', alerts: { ...raw.alerts, evidence: 5, mitreTechniques: { a: 1 } } };
    const badDoc = only('incident', bad).doc;
    const messages = String(badDoc.error.message);
    assert.match(messages, /createdDateTime is not a date/);
    assert.match(messages, /alerts\.evidence is not a list/);
    assert.match(messages, /alerts\.mitreTechniques is not a list/);
    assert.equal(badDoc['@timestamp'], '2021-09-30T09:35:45.113Z');
  });

  test('an alerts list with a bad element: that pair fails (keeping the whole line), the others map', () => {
    const line = JSON.stringify({ ...incident(), alerts: [incident().alerts, 3] });
    const [good, bad] = run('incident', line);
    assert.equal(good!.doc.event.kind, 'alert');
    assert.equal(bad!.doc.event.kind, 'pipeline_error');
    assert.equal(bad!.doc.event.original, line);
  });

  test('null everywhere and non-objects never throw', () => {
    const nulls = Object.fromEntries(Object.keys(incident()).map((key) => [key, null]));
    assert.equal(only('incident', nulls).doc.event.kind, 'alert');
    assert.equal(only('incident', { ...incident(), alerts: { ...Object.fromEntries(Object.keys(incident().alerts).map((key) => [key, null])) } }).doc.event.kind, 'alert');
    for (const value of ['"x"', '1', 'null', '[null]']) assert.equal(only('incident', value).doc.event.kind, 'pipeline_error');
  });
});
