import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertValidIps, elasticFingerprint, fixtureJson, fixtureLines, KEEP_ALL, only, run, type Doc } from './alert-test-helpers.js';

const SAMPLE = fixtureJson('alert/sample_event.json');
const SAMPLE_LINE = SAMPLE.event.original as string;
const sampleAlert = (): Doc => JSON.parse(SAMPLE_LINE) as Doc;


describe('alert stream: records and pages', () => {
  test('one alert → one document whose id is Elastic’s fingerprint of id, incidentId, lastUpdateDateTime, providerAlertId', () => {
    const alert = sampleAlert();
    const { id } = only('alert', SAMPLE_LINE);
    assert.equal(id, elasticFingerprint(alert.id, alert.incidentId, alert.lastUpdateDateTime, alert.providerAlertId));
  });

  test('the empty last page yields no document', () => {
    assert.deepEqual(run('alert', fixtureLines('alert/test-alert.log')[1]!), []);
    assert.deepEqual(run('alert', { '@odata.context': 'x', value: [] }), []);
  });

  test('a whole page yields one document per alert, each as if collected alone', () => {
    const first = sampleAlert();
    const second = { ...sampleAlert(), id: 'other', lastUpdateDateTime: '2024-01-01T00:00:00Z' };
    const page = run('alert', { '@odata.context': 'x', '@odata.nextLink': 'y', value: [first, second] }, KEEP_ALL);
    assert.equal(page.length, 2);
    assert.deepEqual(page[0], only('alert', JSON.stringify(first), KEEP_ALL));
    assert.deepEqual(page[1], only('alert', JSON.stringify(second), KEEP_ALL));
    assert.equal(page[1]!.doc.event.original, JSON.stringify(second));
    assert.notEqual(page[0]!.id, page[1]!.id);
    assert.equal(run('alert', [first, second]).length, 2, 'a bare array is a page too');
  });

  test('a page element that is not an object becomes a pipeline_error document keeping the page line', () => {
    const line = JSON.stringify({ value: [sampleAlert(), 42] });
    const [good, bad] = run('alert', line);
    assert.equal(good!.doc.event.kind, 'alert');
    assert.equal(bad!.doc.event.kind, 'pipeline_error');
    assert.equal(bad!.doc.event.original, line);
    assert.match(bad!.doc.error.message, /not a JSON object/);
  });
});

describe('alert stream: mapping', () => {
  test('event times: 7-digit fractions truncated to milliseconds, no fraction read as .000, duration in ns', () => {
    const alert = { ...sampleAlert(), firstActivityDateTime: '2023-10-20T09:51:39Z', lastActivityDateTime: '2023-10-20T09:51:41.9939003Z' };
    const { doc } = only('alert', alert);
    assert.equal(doc['@timestamp'], '2023-10-20T09:54:07.503Z');
    assert.equal(doc.event.start, '2023-10-20T09:51:39.000Z');
    assert.equal(doc.event.end, '2023-10-20T09:51:41.993Z');
    assert.equal(doc.event.duration, 2_993_000_000);
  });

  test('assignedTo e-mail → source.user name, domain and address, and related.user', () => {
    const { doc } = only('alert', { ...sampleAlert(), assignedTo: 'kai@contoso.example' });
    assert.deepEqual(doc.source.user, { name: 'kai', domain: 'contoso.example', email: 'kai@contoso.example' });
    assert.ok(doc.related.user.includes('kai') && doc.related.user.includes('kai@contoso.example'));
  });

  test('determination and evidence types classify the event; registry means access, apt means indicator', () => {
    const registry = { '@odata.type': '#microsoft.graph.security.registryValueEvidence', registryHive: 'HKEY_LOCAL_MACHINE', registryKey: 'SOFTWARE\\X', registryValue: 'run.exe', registryValueType: 'String' };
    const { doc } = only('alert', { ...sampleAlert(), determination: 'apt', evidence: [registry] });
    assert.deepEqual(doc.event.category, ['registry', 'threat']);
    assert.deepEqual(doc.event.type, ['access', 'indicator']);
    assert.deepEqual(doc.registry, { hive: ['HKEY_LOCAL_MACHINE'], key: ['SOFTWARE\\X'], value: ['run.exe'], data: { type: ['String'] } });
    const malware = only('alert', { ...sampleAlert(), determination: 'malware', evidence: [] }).doc;
    assert.deepEqual(malware.event.category, ['malware']);
    assert.deepEqual(malware.event.type, ['info']);
  });

  test('properties Elastic does not map are not kept', () => {
    const { doc } = only('alert', { ...sampleAlert(), productName: 'MDE', customDetails: { a: 1 }, systemTags: ['x'] }, KEEP_ALL);
    assert.equal(JSON.stringify(doc.m365_defender).includes('MDE'), false);
    assert.equal(doc.m365_defender.alert.custom_details, undefined);
  });

  test('comments use the fields.yml names and their authors reach related.user', () => {
    const comments = [{ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'seen', createdByDisplayName: 'ana@contoso.example', createdDateTime: '2024-01-02T03:04:05.1234567Z' }];
    const { doc } = only('alert', { ...sampleAlert(), comments }, KEEP_ALL);
    assert.deepEqual(doc.m365_defender.alert.comments, [{ odata_type: 'microsoft.graph.security.alertComment', message: 'seen', created_by_display_name: 'ana@contoso.example', created_datetime: '2024-01-02T03:04:05.123Z' }]);
    assert.ok(doc.related.user.includes('ana@contoso.example'));
  });
});

describe('alert stream: options', () => {
  test('default options: no event.original, no vendor copies of promoted values, tags absent', () => {
    const { doc } = only('alert', SAMPLE_LINE);
    assert.equal(doc.event.original, undefined);
    assert.equal(doc.tags, undefined);
    const vendor = doc.m365_defender.alert;
    for (const field of ['id', 'description', 'tenant_id', 'created_datetime', 'last_update_datetime', 'first_activity_datetime', 'last_activity_datetime', 'service_source', 'web_url', 'category', 'mitre_techniques']) {
      assert.equal(vendor[field], undefined, `m365_defender.alert.${field} is a duplicate`);
    }
    for (const field of ['title', 'provider_alert_id', 'incident_id', 'severity', 'status', 'recommended_actions', 'incident_web_url']) {
      assert.notEqual(vendor[field], undefined, `m365_defender.alert.${field} is kept`);
    }
    const [device, , , ip, processItem] = vendor.evidence;
    assert.equal(device.os_platform, undefined);
    assert.equal(device.version, undefined);
    assert.equal(device.mde_device_id, '505d70d89cfa3428f7aac7d2eb3a64c60fd3d843', 'not in Elastic’s duplicate list');
    assert.equal(ip.ip_address, undefined);
    assert.equal(processItem.process, undefined);
    assert.equal(processItem.parent_process.id, undefined);
    assert.equal(processItem.parent_process.image_file.name, 'cmd.exe');
    assert.equal(processItem.image_file.sha1, undefined);
    assert.equal(processItem.image_file.name, 'powershell.exe');
    assert.equal(processItem.detection_status, undefined);
    // The ECS side is untouched by the option.
    assert.deepEqual(doc.host.ip, ['127.0.0.1']);
    assert.equal(doc.message, SAMPLE.message);
  });

  test('preserveDuplicateCustomFields and preserveOriginal keep both and tag the document', () => {
    const { doc } = only('alert', SAMPLE_LINE, KEEP_ALL);
    assert.equal(doc.m365_defender.alert.id, SAMPLE.m365_defender.alert.id);
    assert.equal(doc.event.original, SAMPLE_LINE);
    assert.deepEqual(doc.tags, ['preserve_original_event', 'preserve_duplicate_custom_fields']);
  });
});

describe('alert stream: robustness', () => {
  test('alert-sample.log: no exception, no invalid IP, serialisable; empty IPs dropped; the empty page dropped', () => {
    const lines = fixtureLines('alert/alert-sample.log');
    const documents = lines.flatMap((line) => run('alert', line, KEEP_ALL));
    assert.equal(documents.length, 4);
    for (const { doc } of documents) {
      assertValidIps(doc);
      assert.equal(doc.event.kind, 'alert', JSON.stringify(doc.error));
    }
    const emptyIps = documents[3]!.doc;
    assert.equal(emptyIps.host?.ip, undefined);
    assert.deepEqual(emptyIps.m365_defender.alert.evidence[0].ip_interfaces, ['fe80::cfe4:80b:615c:38fb', '127.0.0.1', '::1']);
    assert.equal(emptyIps.m365_defender.alert.evidence[0].sender_ip, undefined);
    assert.deepEqual(documents[1]!.doc.source.ip, ['81.2.69.142'], 'e-mail keys on device evidence still map');
  });

  test('wrong types never throw: each bad value is dropped and named in error.message', () => {
    const alert = {
      ...sampleAlert(),
      id: 12345,
      title: { nested: true },
      mitreTechniques: 'T1059',
      lastUpdateDateTime: 'yesterday',
      comments: 'none',
      evidence: [null, 'x', 7, { '@odata.type': '#microsoft.graph.security.processEvidence', processId: 'abc', processCreationDateTime: 42 }],
    };
    const line = JSON.stringify(alert);
    const { doc } = only('alert', line);
    assert.equal(doc.event.kind, 'pipeline_error');
    assert.equal(doc.event.original, line);
    assert.equal(doc.event.id, '12345');
    assert.deepEqual(doc.threat.technique.subtechnique.id, ['T1059']);
    assert.equal(doc['@timestamp'], undefined);
    assert.equal(doc.m365_defender.alert.title, undefined);
    const messages = (doc.error.message as string[]).join('\n');
    for (const expected of ['title is not a single value', 'lastUpdateDateTime is not a date', 'comments is not a list', 'evidence[0] is not an object', 'evidence[3].processId is not an integer', 'evidence[3].processCreationDateTime is not a date']) {
      assert.ok(messages.includes(expected), `${expected} in ${messages}`);
    }
  });

  test('evidence that is a single object counts as one item; evidence that is text is an error', () => {
    const single = only('alert', { ...sampleAlert(), evidence: { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.1.2.3' } }).doc;
    assert.deepEqual(single.host.ip, ['10.1.2.3']);
    assert.equal(single.event.kind, 'alert');
    const text = only('alert', { ...sampleAlert(), evidence: 'none' }).doc;
    assert.equal(text.event.kind, 'pipeline_error');
    assert.match(String(text.error.message), /evidence is not a list/);
  });

  test('null everywhere, an empty object and non-objects yield one document each, never an exception', () => {
    const nulls = Object.fromEntries(Object.keys(sampleAlert()).map((key) => [key, null]));
    const { doc, id } = only('alert', nulls);
    assert.equal(doc.event.kind, 'alert');
    assert.ok(id.length > 0);
    assert.equal(only('alert', {}).doc.event.kind, 'alert');
    for (const value of ['"text"', '42', 'null', 'true']) assert.equal(only('alert', value).doc.event.kind, 'pipeline_error');
  });

  test('huge strings pass through', () => {
    const big = 'A'.repeat(2_000_000);
    const alert = { ...sampleAlert(), description: big, alertWebUrl: `https://h/${big}`, evidence: [{ '@odata.type': '#microsoft.graph.security.processEvidence', processCommandLine: `"${big}.exe" -x`, [big.slice(0, 100_000)]: 1 }] };
    const started = Date.now();
    const { doc } = only('alert', alert);
    assert.ok(Date.now() - started < 5_000, 'linear time');
    assert.equal(doc.message.length, big.length);
    assert.deepEqual(doc.process.name, [`${big}.exe`]);
  });

  test('__proto__ and constructor keys are stored as data, never reach Object.prototype', () => {
    const line = '{"id":"a","lastUpdateDateTime":"2024-01-01T00:00:00Z","__proto__":{"polluted":1},"evidence":[{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}},"@odata.type":"#microsoft.graph.security.ipEvidence","ipAddress":"1.2.3.4"}]}';
    const { doc } = only('alert', line, KEEP_ALL);
    assert.equal(({} as Doc).polluted, undefined);
    assert.deepEqual(doc.m365_defender.alert.evidence[0].__proto__, { polluted: 2 });
    assert.deepEqual(doc.m365_defender.alert.evidence[0].constructor, { prototype: { polluted: 3 } });
    assert.deepEqual(doc.host.ip, ['1.2.3.4']);
  });
});
