import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newObject } from '../../src/normalize/ecs/object.js';
import { ALERT_EVIDENCE, evidenceCategories, INCIDENT_EVIDENCE, mapEvidence, removeEvidenceDuplicates, type EvidenceFlavor } from '../../src/normalize/evidence/index.js';
import type { Doc } from './alert-test-helpers.js';

const T = '#microsoft.graph.security.';

function map(evidence: unknown, flavor: EvidenceFlavor = ALERT_EVIDENCE): { doc: Doc; vendor: Doc[]; errors: string[] } {
  const doc = newObject();
  const errors: string[] = [];
  const vendor = mapEvidence(evidence, 'evidence', { doc, flavor }, errors);
  return { doc: JSON.parse(JSON.stringify(doc)) as Doc, vendor: JSON.parse(JSON.stringify(vendor)) as Doc[], errors };
}

const device = {
  '@odata.type': `${T}deviceEvidence`,
  mdeDeviceId: 'dev1',
  azureAdDeviceId: 'aad1',
  deviceDnsName: 'WS01.corp.example',
  osPlatform: 'Windows11',
  osBuild: 22621,
  version: '22H2',
  rbacGroupId: 0,
  ipInterfaces: ['', '10.0.0.5', 'bogus'],
  vmMetadata: { cloudProvider: 'Azure', vmId: 'vm1' },
  loggedOnUsers: [{ accountName: 'bob', domainName: 'CORP' }],
  firstSeenDateTime: '2023-10-20T09:50:17Z',
};
const processItem = {
  '@odata.type': `${T}processEvidence`,
  processId: 8224,
  parentProcessId: '5772',
  processCommandLine: '"C:\\Program Files\\App\\app.exe" --run',
  processCreationDateTime: '2023-10-20T09:51:39.4997961Z',
  imageFile: { fileName: 'app.exe', filePath: 'C:\\Program Files\\App', sha1: 'aa', sha256: 'bb', fileSize: 10 },
  parentProcessImageFile: { fileName: 'cmd.exe', sha1: 'cc' },
  userAccount: { accountName: 'SYSTEM', domainName: 'NT AUTHORITY', userSid: 'S-1-5-18' },
  detectionStatus: 'blocked',
};

describe('evidence → ECS', () => {
  test('device evidence: host, device, cloud, related; alert and incident flavours differ as Elastic’s samples do', () => {
    const alert = map([device]).doc;
    assert.deepEqual(alert.host, { id: ['dev1'], os: { name: ['Windows11'], version: ['22H2'] } });
    assert.deepEqual(alert.device.id, ['aad1']);
    assert.deepEqual(alert.cloud.provider, ['azure']);
    assert.deepEqual(alert.related.hosts.sort(), ['22H2', 'CORP', 'WS01.corp.example', 'Windows11', 'dev1']);
    assert.deepEqual(alert.related.user, ['bob']);
    const incident = map([device], INCIDENT_EVIDENCE).doc;
    assert.deepEqual(incident.host.name, ['ws01.corp.example']);
    assert.deepEqual(incident.related.hosts.sort(), ['CORP', 'WS01.corp.example']);
  });

  test('process evidence: pids, entity ids, times, hashes, command line, name, user', () => {
    const { doc } = map([processItem]);
    assert.deepEqual(doc.process.pid, [8224]);
    assert.deepEqual(doc.process.entity_id, ['8224']);
    assert.deepEqual(doc.process.parent, { pid: [5772], entity_id: ['5772'], hash: { sha1: ['cc'] } });
    assert.deepEqual(doc.process.start, ['2023-10-20T09:51:39.499Z']);
    assert.deepEqual(doc.process.hash, { sha1: ['aa'], sha256: ['bb'] });
    assert.deepEqual(doc.process.name, ['app.exe']);
    assert.deepEqual(doc.process.user, { name: ['SYSTEM'] });
    assert.equal(doc.user, undefined, 'a process account is not the alert’s user');
    assert.deepEqual(doc.related.user, ['SYSTEM', 'S-1-5-18']);
    assert.deepEqual(doc.related.hosts, ['NT AUTHORITY']);
    assert.deepEqual(doc.related.hash, ['aa', 'bb', 'cc']);
    assert.deepEqual(doc.event.action, ['blocked']);
    const other = { ...processItem, processCommandLine: 'other.exe', imageFile: { fileName: 'other.exe' } };
    assert.equal(map([processItem], INCIDENT_EVIDENCE).doc.process.name, 'app.exe', 'incident: one value from the command line');
    assert.deepEqual(map([processItem, other], INCIDENT_EVIDENCE).doc.process.name, ['app.exe', 'other.exe']);
  });

  test('file, user, mailbox, security group, ip and message evidence', () => {
    const { doc } = map([
      { '@odata.type': `${T}fileEvidence`, fileDetails: { fileName: 'a.zip', filePath: 'E:', fileSize: '36864', sha1: 's1', sha256: 's256' } },
      { '@odata.type': `${T}userEvidence`, userAccount: { accountName: 'ana', domainName: 'corp', userSid: 'S-1', azureAdUserId: 'oid', userPrincipalName: 'ana@corp.example' } },
      { '@odata.type': `${T}mailboxEvidence`, primaryAddress: 'box@corp.example' },
      { '@odata.type': `${T}securityGroupEvidence`, securityGroupId: 'g1', displayName: 'Admins' },
      { '@odata.type': `${T}ipEvidence`, ipAddress: '2001:db8::1' },
      { '@odata.type': `${T}analyzedMessageEvidence`, subject: 'Hi', recipientEmailAddress: 'to@x', p1Sender: { emailAddress: 'from@y' }, senderIp: '81.2.69.142', antiSpamDirection: 'Inbound', receivedDateTime: '2023-05-15T00:48:42Z' },
    ]);
    assert.deepEqual(doc.file, { hash: { sha1: ['s1'], sha256: ['s256'] }, name: ['a.zip'], path: ['E:'], size: [36864] });
    assert.deepEqual(doc.user, { name: ['ana'], id: ['oid'], domain: ['corp'], email: ['ana@corp.example', 'box@corp.example'] });
    assert.deepEqual(doc.group, { id: ['g1'], name: ['Admins'] });
    assert.deepEqual(doc.host.ip, ['2001:db8::1']);
    assert.deepEqual(doc.email, { subject: ['Hi'], to: { address: ['to@x'] }, from: { address: ['from@y'] }, delivery_timestamp: ['2023-05-15T00:48:42.000Z'], direction: ['inbound'] });
    assert.deepEqual(doc.source.ip, ['81.2.69.142']);
    assert.deepEqual(doc.related.ip, ['2001:db8::1', '81.2.69.142']);
  });

  test('categories follow the evidence types, each once', () => {
    const types = ['deviceEvidence', 'fileEvidence', 'processEvidence', 'userEvidence', 'securityGroupEvidence', 'ipEvidence', 'urlEvidence', 'registryKeyEvidence', 'mailboxEvidence'];
    assert.deepEqual(evidenceCategories([...types.map((type) => ({ '@odata.type': `${T}${type}` })), null, 'x']).sort(), ['email', 'file', 'host', 'iam', 'network', 'process', 'registry']);
  });
});

describe('evidence → vendor copy', () => {
  test('Elastic’s names: snake_case, DateTime as one word, regrouped process/rbac/file details, numbers it maps as keyword', () => {
    const { vendor } = map([device, processItem, { antiSpamDirection: 'Inbound', p1Sender: { emailAddress: 'a@b' } }]);
    assert.deepEqual(vendor[0], {
      odata_type: `${T}deviceEvidence`,
      mde_device_id: 'dev1',
      azure_ad_device_id: 'aad1',
      device_dns_name: 'WS01.corp.example',
      os_platform: 'Windows11',
      os_build: '22621',
      version: '22H2',
      rbac_group: { id: '0' },
      ip_interfaces: ['10.0.0.5'],
      vm_metadata: { cloud_provider: 'Azure', vm_id: 'vm1' },
      logged_on_users: [{ account_name: 'bob', domain_name: 'CORP' }],
      first_seen_datetime: '2023-10-20T09:50:17.000Z',
    });
    assert.deepEqual(vendor[1]!.process, { id: 8224, command_line: processItem.processCommandLine, creation_datetime: '2023-10-20T09:51:39.499Z' });
    assert.deepEqual(vendor[1]!.parent_process, { id: 5772, image_file: { name: 'cmd.exe', sha1: 'cc' } });
    assert.deepEqual(vendor[1]!.image_file, { name: 'app.exe', path: 'C:\\Program Files\\App', sha1: 'aa', sha256: 'bb', size: 10 });
    assert.deepEqual(vendor[2], { antispam_direction: 'Inbound', p1_sender: { email_address: 'a@b' } });
  });

  test('duplicate removal keeps what only the vendor copy holds', () => {
    const { vendor } = map([device, processItem, { '@odata.type': `${T}kubernetesClusterEvidence`, version: '1.29', ipAddress: '10.9.9.9' }]);
    removeEvidenceDuplicates(vendor);
    assert.equal(vendor[0]!.version, undefined);
    assert.equal(vendor[0]!.os_platform, undefined);
    assert.equal(vendor[0]!.vm_metadata.cloud_provider, undefined);
    assert.equal(vendor[0]!.os_build, '22621');
    assert.deepEqual(vendor[1]!.process, {}, 'emptied; the final clean-up removes it');
    assert.deepEqual(vendor[1]!.parent_process, { image_file: { name: 'cmd.exe' } });
    assert.equal(vendor[2]!.version, '1.29', 'not an OS version, never promoted');
    assert.equal(vendor[2]!.ip_address, undefined);
  });
});

describe('evidence robustness', () => {
  test('bad shapes are reported, not thrown; invalid IPs vanish silently like Elastic’s convert', () => {
    const { doc, errors } = map([{ ipAddress: '', senderIp: 'nope', lastExternalIpAddress: '999.1.1.1', createdDateTime: 'later', fileDetails: { fileSize: 'big' } }, null, [1]]);
    assert.equal(doc.host, undefined);
    assert.deepEqual(errors, ['evidence[0].createdDateTime is not a date: "later"', 'evidence[0].fileDetails.fileSize is not an integer: "big"', 'evidence[1] is not an object', 'evidence[2] is not an object']);
    assert.deepEqual(map('text').errors, ['evidence is not a list of evidence']);
    assert.deepEqual(map(null).vendor, []);
  });

  test('absurd nesting is cut off with a message instead of exhausting the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const { vendor, errors } = map([{ nested: deep }]);
    assert.equal(vendor.length, 1);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /nested deeper than/);
  });
});
