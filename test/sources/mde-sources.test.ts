import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { DefenderSiemError } from '../../src/core/errors.js';
import { normalizeLine } from '../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../src/normalize/types.js';
import { MdeAlertsSource } from '../../src/sources/mde/alerts.js';
import { MdeVulnerabilitiesSource } from '../../src/sources/mde/vulnerabilities.js';
import { SourceStatus } from '../../src/telemetry/source-status.js';
import { drive, manualClock, recordsOf } from './support/drive.js';
import { FakeApi } from './support/fake-api.js';

const silent = pino({ level: 'silent' });

const MDE_ALERT = {
  id: 'da637551227677560813_-961444813',
  incidentId: 8733,
  investigationId: 71,
  assignedTo: 'soc-tier1@contoso.example',
  severity: 'High',
  status: 'InProgress',
  classification: 'TruePositive',
  determination: 'Malware',
  investigationState: 'Running',
  detectionSource: 'WindowsDefenderAv',
  detectorId: '17e10bbc-3a68-474a-8aad-faef14d43952',
  category: 'Malware',
  threatFamilyName: 'Mimikatz',
  title: "'Mimikatz' hacktool was detected",
  description: 'Readily available tools, such as hacking programs, can be used by unauthorized individuals to spy on users.',
  alertCreationTime: '2026-01-05T08:10:22.9483573Z',
  firstEventTime: '2026-01-05T08:09:58.1200000Z',
  lastEventTime: '2026-01-05T08:09:58.1200000Z',
  lastUpdateTime: '2026-01-05T09:31:04.7100000Z',
  resolvedTime: null,
  machineId: '7c1e9a2b4d6f8a0c1e3b5d7f9a1c3e5b7d9f1a2c',
  computerDnsName: 'fin-ws-0417.corp.contoso.example',
  rbacGroupName: 'Workstations-EU',
  aadTenantId: '0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40',
  relatedUser: { userName: 'amartin', domainName: 'CORP' },
  comments: [{ comment: 'isolating', createdBy: 'soc-tier1@contoso.example', createdTime: '2026-01-05T09:31:04.7100000Z' }],
  mitreTechniques: ['T1003'],
  evidence: [
    { entityType: 'File', evidenceCreationTime: '2026-01-05T08:10:23.0000000Z', sha1: '5ba0b5f1b4c4b4f0b1a4c4f0b1a4c4f0b1a4c4f0', sha256: 'a'.repeat(64), fileName: 'mimikatz.exe', filePath: 'C:\\Users\\amartin\\Downloads', detectionStatus: 'Detected' },
    { entityType: 'Ip', evidenceCreationTime: '2026-01-05T08:10:23.0000000Z', ipAddress: '203.0.113.45' },
  ],
};

test('mde_alerts: MDE alerts are read update-aware and normalize as Graph alerts of the same id and time', async () => {
  const api = new FakeApi('mde');
  const later = { ...MDE_ALERT, id: 'da2', lastUpdateTime: '2026-01-05T10:00:00Z' };
  api.collection('alerts', 'lastUpdateTime', [later, MDE_ALERT]);
  const clock = manualClock();
  const status = new SourceStatus('mde', clock);
  const source = new MdeAlertsSource({ name: 'mde', tenantId: 'tid', mde: api, clock, status, pollIntervalMs: 60_000, initialLookbackMs: 86_400_000, overlapMs: 60_000, pageSize: 1 });
  const run = await drive(source, undefined, { clock, status });
  assert.equal(run.error, undefined);
  assert.match(api.calls[0]!, /^alerts\?\$filter=lastUpdateTime%20ge%20.*&\$expand=evidence&\$top=1$/);
  const records = recordsOf(run.batches);
  assert.deepEqual(records.map((record) => record.id).sort(), ['da2', MDE_ALERT.id].sort());
  // Unordered API: the cursor moves only with the sweep's last (empty) batch, to the newest change.
  assert.deepEqual(run.batches.at(-1)!.records, []);
  assert.equal((run.position as { since: string }).since, '2026-01-05T10:00:00.0000000Z');

  const [document] = normalizeLine('alert', JSON.stringify(records.find((record) => record.id === MDE_ALERT.id)), DEFAULT_NORMALIZE_OPTIONS);
  const doc = document!.doc as Record<string, any>;
  assert.equal(doc.event.kind, 'alert');
  assert.equal(doc.event.id, MDE_ALERT.id);
  assert.equal(doc['@timestamp'], '2026-01-05T09:31:04.710Z');
  assert.equal(doc.event.severity, 73);
  assert.equal(doc.cloud.account.id, MDE_ALERT.aadTenantId);
  assert.equal(doc.m365_defender.alert.status, 'inProgress');
  assert.equal(doc.m365_defender.alert.classification, 'truePositive');
  assert.equal(doc.m365_defender.alert.detection_source, 'antivirus');
  assert.deepEqual(doc.event.provider, 'microsoftDefenderForEndpoint');
  assert.deepEqual(doc.threat.technique.subtechnique.id, ['T1003']);
  assert.equal(doc.threat.group.name, 'Mimikatz');
  assert.ok(doc.host.id.includes(MDE_ALERT.machineId), JSON.stringify(doc.host));
  assert.ok(doc.file.hash.sha256.includes('a'.repeat(64)), JSON.stringify(doc.file));
  assert.ok(doc.related.ip.includes('203.0.113.45'));
});

function exportApi(files: string[][], generatedTime = '2026-01-05T06:00:00Z') {
  const api = new FakeApi('mde');
  const urls = files.map((lines, index) => {
    const url = `https://export.example/part-${index}.json.gz?sig=x`;
    api.files.set(url, lines);
    return url;
  });
  api.getHandlers.set('machines/SoftwareVulnerabilitiesExport', () => ({ exportFiles: urls, generatedTime }));
  return { api, urls };
}

function vulnerabilitySource(api: FakeApi, mode: 'export' | 'join' = 'export') {
  const clock = manualClock();
  const status = new SourceStatus('vulns', clock);
  const source = new MdeVulnerabilitiesSource({ name: 'vulns', tenantId: 'tid', mde: api, clock, status, log: silent, mode, snapshotIntervalMs: 4 * 3600_000, batchMaxRecords: 2 });
  return { source, clock, status };
}

const lines = (file: number, count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ Id: `f${file}-l${i}`, CveId: 'CVE-2025-1' }));
const ids = (records: ReadonlyArray<Record<string, unknown>>) => records.map((record) => String(record.Id));

test('mde_vulnerabilities export: every line of every file once, in batches; a restart mid-file resumes at the committed line', async () => {
  const files = [lines(0, 5), lines(1, 3), lines(2, 4)];
  const all = files.flat().map((line) => String(JSON.parse(line).Id));
  const { api } = exportApi(files);
  const whole = vulnerabilitySource(api);
  const run = await drive(whole.source, undefined, { clock: whole.clock, status: whole.status });
  assert.equal(run.error, undefined);
  assert.deepEqual(ids(recordsOf(run.batches)), all);
  assert.ok(run.batches.every((batch) => batch.records.length <= 2 && batch.stream === 'vulnerability'));
  assert.equal(whole.status.completedPolls, 1);

  for (let crashAfter = 1; crashAfter < run.batches.length; crashAfter++) {
    const first = vulnerabilitySource(api);
    const crashed = await drive(first.source, undefined, { clock: first.clock, status: first.status, maxBatches: crashAfter });
    const second = vulnerabilitySource(api);
    const resumed = await drive(second.source, crashed.position, { clock: second.clock, status: second.status });
    assert.deepEqual([...ids(recordsOf(crashed.batches)), ...ids(recordsOf(resumed.batches))], all, `crash after ${crashAfter} batches`);
  }
});

test('mde_vulnerabilities export: expired links are requested again; the same snapshot is not sent twice', async () => {
  const files = [lines(0, 2), lines(1, 2)];
  const { api, urls } = exportApi(files);
  let expired = 1;
  api.fail = (url) => (url === urls[1] && expired-- > 0 ? new DefenderSiemError('ERR_LINK_EXPIRED', 'link expired') : undefined);
  const { source, clock, status } = vulnerabilitySource(api);
  const run = await drive(source, undefined, { clock, status });
  assert.equal(run.error, undefined);
  assert.deepEqual(ids(recordsOf(run.batches)), files.flat().map((line) => String(JSON.parse(line).Id)));
  assert.equal(api.calls.filter((call) => call.startsWith('machines/SoftwareVulnerabilitiesExport')).length, 2, 'fresh links asked once');

  const again = vulnerabilitySource(api);
  again.clock.advance(5 * 3600_000);
  const second = await drive(again.source, run.position, { clock: again.clock, status: again.status });
  assert.deepEqual(recordsOf(second.batches), [], 'Microsoft has not regenerated the export: nothing to resend');
});

test('mde_vulnerabilities join: one record per machine × product × CVE row, merged as the normalizer expects', async () => {
  const api = new FakeApi('mde');
  api.collection('vulnerabilities', 'updatedOn', [{ id: 'CVE-2025-99101', name: 'CVE-2025-99101', description: 'Heap overflow.', severity: 'Critical', cvssV3: 9.6, publishedOn: '2025-12-09T00:00:00Z', updatedOn: '2026-01-02T14:05:00Z', exposedMachines: 1 }]);
  api.collection('machines', 'lastSeen', [{ id: 'm1', computerDnsName: 'fin-ws-0417', osPlatform: 'Windows11', lastSeen: '2026-01-05T03:14:09Z', lastExternalIpAddress: '203.0.113.45', riskScore: 'High', rbacGroupName: 'EU' }]);
  api.collection('vulnerabilities/machinesVulnerabilities', 'cveId', [
    { id: 'm1-_-CVE-2025-99101-_-example_corp-_-example_browser-_-131.0.2.7-_-', cveId: 'CVE-2025-99101', machineId: 'm1', fixingKbId: null, productName: 'example_browser', productVendor: 'example_corp', productVersion: '131.0.2.7', severity: 'Critical' },
    { id: 'm9-_-CVE-2099-1-_-x-_-y-_-1-_-', cveId: 'CVE-2099-1', machineId: 'm9', productName: 'y', productVendor: 'x', productVersion: '1', severity: 'Low' },
  ]);
  const { source, clock, status } = vulnerabilitySource(api, 'join');
  const run = await drive(source, undefined, { clock, status });
  assert.equal(run.error, undefined);
  const records = recordsOf(run.batches);
  assert.equal(records.length, 2);
  const [known, unknown] = records as Array<Record<string, any>>;
  assert.equal(known!.id, 'CVE-2025-99101');
  assert.equal(known!.affectedMachine.computerDnsName, 'fin-ws-0417');
  assert.equal(known!.affectedMachine.id, 'm1-_-CVE-2025-99101-_-example_corp-_-example_browser-_-131.0.2.7-_-', 'the row wins over the machine');
  assert.equal(unknown!.id, 'CVE-2099-1', 'a CVE missing from the catalogue still yields its finding');
  for (const record of records) {
    const [document] = normalizeLine('vulnerability', JSON.stringify(record), DEFAULT_NORMALIZE_OPTIONS);
    const doc = document!.doc as Record<string, any>;
    assert.equal(doc.error, undefined, JSON.stringify(doc.error));
    assert.equal(doc.vulnerability.id, record.id);
  }
  const doc = normalizeLine('vulnerability', JSON.stringify(known), DEFAULT_NORMALIZE_OPTIONS)[0]!.doc as Record<string, any>;
  assert.equal(doc.host.name, 'fin-ws-0417');
  assert.equal(doc.package.name, 'example_browser');
});
