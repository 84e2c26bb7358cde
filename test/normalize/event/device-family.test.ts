import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURES_DIR } from '../../fixtures-path.js';
import { errorsOf, fakeGeo, KEEP_ALL, normalizeRecord, record, type Doc } from './family-helper.js';

/** A line of Elastic's device fixture, as the raw text the collector hands over. */
function deviceLine(index: number): string {
  return readFileSync(join(FIXTURES_DIR, 'event/test-device.log'), 'utf8').split('\n')[index]!;
}

describe('device family: default options (no duplicates, no original)', () => {
  test('a process creation keeps only the vendor fields that were not promoted to ECS', () => {
    const doc = normalizeRecord(deviceLine(10));
    assert.equal(doc.process.name, 'smartscreen.exe');
    assert.equal(doc.process.pid, 6412);
    assert.equal(doc.process.parent.pid, 996);
    assert.equal(doc.process.parent.command_line, 'svchost.exe -k DcomLaunch -p');
    assert.deepEqual(doc.process.parent.args, ['svchost.exe', '-k', 'DcomLaunch', '-p']);
    assert.equal(doc.host.name, 'testmachine6');
    assert.equal(doc.user.id, 'S-1-5-21-1874808502-2282282112-3464708742-500');
    const vendor = doc.m365_defender.event;
    // Promoted: gone from the vendor namespace.
    for (const gone of ['device', 'file', 'folder_path', 'md5', 'sha1', 'sha256', 'account']) assert.equal(vendor[gone], undefined, gone);
    assert.equal(vendor.process.command_line, undefined);
    assert.equal(vendor.process.id, undefined);
    assert.equal(vendor.initiating_process.command_line, undefined);
    assert.equal(vendor.initiating_process.id, undefined);
    assert.equal(vendor.initiating_process.integrity_level, undefined);
    // Not promoted (or only to related.*): kept.
    assert.equal(vendor.report_id, '4824');
    assert.equal(vendor.action.type, 'ProcessCreated');
    assert.equal(vendor.process.integrity_level, 'High');
    assert.equal(vendor.initiating_process.account_name, 'system');
    assert.equal(vendor.initiating_process.signature_status, 'Valid');
    assert.equal(vendor.logon.id, '1443318');
    assert.equal(doc.event.original, undefined);
    assert.equal(doc.tags, undefined);
    assert.deepEqual(errorsOf(doc), []);
  });

  test('a network connection keeps the direction and address types, not the addresses', () => {
    const doc = normalizeRecord(deviceLine(14), { preserveOriginal: false, preserveDuplicateCustomFields: false, geo: fakeGeo('175.16.199.0') });
    assert.equal(doc.source.ip, '89.160.20.112');
    assert.equal(doc.destination.ip, '175.16.199.0');
    assert.equal(doc.destination.geo.city_name, 'Testville');
    assert.equal(doc.destination.as, undefined, 'Elastic adds no ASN to device events');
    assert.equal(doc.network.direction, 'outbound');
    const vendor = doc.m365_defender.event;
    assert.equal(vendor.local, undefined);
    assert.equal(vendor.remote, undefined);
    assert.equal(vendor.protocol, undefined);
    assert.equal(vendor.network_direction, 'Out');
    assert.equal(vendor.additional_fields.direction, undefined, 'moved to network_direction');
    assert.equal(vendor.additional_fields.query, 'janeslaptop1.corporatedomain');
    assert.equal(vendor.initiating_process.token_elevation, 'None');
    assert.equal(vendor.initiating_process.id, undefined);
  });

  test('preserve options keep the vendor copies and the original line', () => {
    const doc = normalizeRecord(deviceLine(10), KEEP_ALL);
    assert.equal(doc.m365_defender.event.process.command_line, 'smartscreen.exe -Embedding');
    assert.equal(doc.m365_defender.event.device.name, 'testmachine6');
    assert.equal(doc.event.original, deviceLine(10));
    assert.deepEqual(doc.tags, ['preserve_original_event', 'preserve_duplicate_custom_fields']);
  });
});

describe('device family: rows without a fixture', () => {
  test('DeviceEvents API calls are api events; OpenProcess is an access', () => {
    const doc = normalizeRecord(record('DeviceEvents', { DeviceId: 'd1', DeviceName: 'PC1', ActionType: 'OpenProcessApiCall', ProcessId: 42, InitiatingProcessId: 7, LocalIP: '10.0.0.1', RemoteIP: '10.0.0.2', RemotePort: 445 }));
    assert.deepEqual(doc.event.category, ['api']);
    assert.deepEqual(doc.event.type, ['access']);
    assert.equal(doc.event.action, 'openprocessapicall');
    assert.equal(doc.host.name, 'pc1', 'host.name is lower-cased');
    assert.equal(doc.process.entity_id, '42');
    assert.equal(doc.process.parent.entity_id, '7');
    assert.equal(doc.destination.port, 445);
    assert.deepEqual(doc.related.ip, ['10.0.0.1', '10.0.0.2']);
    assert.equal(doc.related.hash, undefined, 'Elastic lists no hashes for DeviceEvents');
  });

  test('file renames and deletions, registry deletions, logon successes', () => {
    const renamed = normalizeRecord(record('DeviceFileEvents', { ActionType: 'FileRenamed', FileName: 'b.txt', FolderPath: '/tmp/b.txt', PreviousFileName: 'a.txt' }));
    assert.deepEqual(renamed.event.type, ['change']);
    assert.equal(renamed.event.action, 'rename');
    assert.equal(renamed.file.directory, '/tmp');
    assert.equal(renamed.file.extension, 'txt');
    assert.equal(renamed.m365_defender.event.previous.file_name, 'a.txt');

    const deleted = normalizeRecord(record('DeviceRegistryEvents', { ActionType: 'RegistryKeyDeleted', RegistryKey: 'HKEY_CURRENT_USER\\S-1-5-21-1\\Software\\X' }));
    assert.deepEqual(deleted.event.type, ['deletion']);
    assert.equal(deleted.event.action, 'deletion');
    assert.equal(deleted.registry.key, 'S-1-5-21-1\\Software\\X');
    assert.equal(deleted.registry.path, 'S-1-5-21-1\\Software\\X');
    assert.equal(deleted.m365_defender.event.registry, undefined, 'the hive-less key is a duplicate of registry.key');

    const logon = normalizeRecord(record('DeviceLogonEvents', { ActionType: 'LogonSuccess', AccountName: 'alice', AccountDomain: 'CORP', RemoteIP: '10.1.2.3', RemotePort: 5050, Protocol: 'Kerberos' }));
    assert.equal(logon.event.outcome, 'success');
    assert.equal(logon.source.ip, '10.1.2.3');
    assert.equal(logon.network.protocol, 'kerberos');
    assert.equal(logon.user.domain, 'CORP');
  });

  test('inbound connections: from the remote end, with the local port on both sides as Elastic has it', () => {
    const doc = normalizeRecord(record('DeviceNetworkEvents', { ActionType: 'ConnectionSuccess', LocalIP: '10.0.0.1', LocalPort: 3389, RemoteIP: '10.0.0.9', RemotePort: 50123, AdditionalFields: '{"direction":"In"}' }));
    assert.equal(doc.network.direction, 'inbound');
    assert.deepEqual([doc.source.ip, doc.source.port, doc.destination.ip, doc.destination.port], ['10.0.0.9', 3389, '10.0.0.1', 3389]);
    assert.equal(doc.m365_defender.event.remote.port, 50123, 'the remote port is not promoted, so it stays');
  });

  test('DNS inspections map the Zeek fields to dns.*', () => {
    const doc = normalizeRecord(deviceLine(14));
    assert.equal(doc.dns.question.name, 'janeslaptop1.corporatedomain');
    assert.equal(doc.dns.question.type, 'A');
    assert.equal(doc.dns.response_code, 'NOERROR');
    assert.deepEqual(doc.dns.header_flags, ['AA', 'RD', 'RA']);
    assert.deepEqual(doc.dns.answers, [{ data: '89.160.20.112', ttl: 1200 }]);
    assert.deepEqual(doc.dns.resolved_ip, ['89.160.20.112']);
  });

  test('DeviceInfo and DeviceNetworkInfo inventory rows', () => {
    const info = normalizeRecord(record('DeviceInfo', { DeviceId: 'd', DeviceName: 'srv', OSPlatform: 'WindowsServer2022', PublicIP: '-', LoggedOnUsers: '[{"UserName":"a"},{"UserName":"b"},{"UserName":"a"}]' }));
    assert.equal(info.host.os.type, 'windows');
    assert.equal(info.host.ip, undefined, '"-" is not an address');
    assert.deepEqual(info.related.user, ['a', 'b']);
    const adapter = normalizeRecord(record('DeviceNetworkInfo', { MacAddress: '00:0d:3a:9e:c7:81', NetworkAdapterName: '{ABC}', IPv6Dhcp: 'fe80::1' }));
    assert.equal(adapter.host.mac, '00-0D-3A-9E-C7-81');
    assert.equal(adapter.m365_defender.event.network.adapter_name, 'ABC');
    assert.deepEqual(adapter.related.ip, ['fe80::1']);
  });

  test('CloudProcessEvents: container and orchestrator, no host', () => {
    const doc: Doc = normalizeRecord(record('CloudProcessEvents', { ActionType: 'ProcessCreated', ProcessName: 'sh', ProcessId: 9, ParentProcessId: 1, ProcessCommandLine: 'sh -c id', AwsResourceName: 'arn:x', ContainerId: 'c1', KubernetesPodName: 'p' }));
    assert.equal(doc.event.action, 'start');
    assert.equal(doc.cloud.provider, 'aws');
    assert.equal(doc.orchestrator.type, 'kubernetes');
    assert.equal(doc.container.id, 'c1');
    assert.deepEqual(doc.process.args, ['sh', '-c', 'id']);
    assert.equal(doc.process.parent.entity_id, '1');
    assert.equal(doc.host, undefined);
  });
});
