import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorsOf, normalizeRecord, record } from './family-helper.js';

/** Device rows with values of the wrong type or shape: never a throw, at worst a named error. */
describe('device family: malformed input', () => {
  test('numbers for keywords become text; integer text for longs becomes a number', () => {
    const doc = normalizeRecord(record('DeviceFileEvents', { ReportId: 2833, DeviceId: 12345, FileSize: '139848' }));
    assert.equal(doc.m365_defender.event.report_id, '2833');
    assert.equal(doc.host.id, '12345');
    assert.equal(doc.file.size, 139848);
    assert.deepEqual(errorsOf(doc), []);
  });

  test('report ids beyond 2^53 keep every digit', () => {
    const line = JSON.stringify(record('DeviceNetworkEvents', { ReportId: 0 })).replace('"ReportId":0', '"ReportId":123456789012345678');
    assert.equal(normalizeRecord(line).m365_defender.event.report_id, '123456789012345678');
  });

  test('values that cannot be converted are skipped and named in error.message', () => {
    const doc = normalizeRecord(record('DeviceProcessEvents', {
      DeviceName: 'pc',
      FileSize: 'big',
      ProcessCreationTime: 'yesterday',
      AccountName: { nested: true },
      LocalPort: [80],
      ProcessId: 5,
    }));
    assert.equal(doc.event.kind, 'pipeline_error');
    const errors = errorsOf(doc).join('\n');
    for (const column of ['FileSize', 'ProcessCreationTime', 'AccountName', 'LocalPort']) assert.match(errors, new RegExp(column));
    assert.equal(doc.process.pid, 5, 'the valid columns are still mapped');
    assert.equal(doc.host.name, 'pc');
    assert.equal(doc.user, undefined);
    assert.equal(typeof doc.event.original, 'string');
  });

  test('a list of scalars in a keyword column is a multi-valued keyword, not a command line', () => {
    const doc = normalizeRecord(record('DeviceProcessEvents', { ProcessCommandLine: ['a', 'b'], DeviceName: ['PC1', 'PC2'] }));
    assert.deepEqual(doc.process.command_line, ['a', 'b']);
    assert.equal(doc.process.args, undefined);
    assert.deepEqual(doc.host.name, ['pc1', 'pc2']);
    assert.deepEqual(errorsOf(doc), []);
  });

  test('AdditionalFields as an object or as JSON text give the same document', () => {
    const fields = { direction: 'Out', SignatureName: 'HTTP_Server', nested: { a: [1, 2] } };
    const asObject = normalizeRecord(record('DeviceNetworkEvents', { ActionType: 'NetworkSignatureInspected', AdditionalFields: fields }));
    const asText = normalizeRecord(record('DeviceNetworkEvents', { ActionType: 'NetworkSignatureInspected', AdditionalFields: JSON.stringify(fields) }));
    assert.deepEqual(asObject, asText);
    assert.deepEqual(asText.m365_defender.event.additional_fields, { SignatureName: 'HTTP_Server', nested: { a: [1, 2] } });
  });

  test('AdditionalFields that is not JSON, an array, or a number does not break the row', () => {
    const broken = normalizeRecord(record('DeviceNetworkEvents', { AdditionalFields: '{"direction":', RemoteIP: '10.0.0.2' }));
    assert.match(errorsOf(broken).join(), /AdditionalFields/);
    assert.equal(broken.destination.ip, '10.0.0.2');
    for (const value of ['[]', [], [{ direction: 'In' }], 42, 'plain text']) {
      const doc = normalizeRecord(record('DeviceNetworkEvents', { ActionType: 'DnsConnectionInspected', AdditionalFields: value }));
      assert.equal(doc.network.direction, 'unknown');
      assert.equal(doc.dns, undefined);
    }
  });

  test('"-", empty and non-address IPs are dropped without an error', () => {
    const doc = normalizeRecord(record('DeviceNetworkEvents', { LocalIP: '-', RemoteIP: 'host.example', LocalPort: 1, RemotePort: 2, PublicIP: '' }));
    assert.equal(doc.source.ip, undefined);
    assert.equal(doc.destination.ip, undefined);
    assert.equal(doc.related?.ip, undefined);
    assert.equal(doc.source.port, 1);
    assert.deepEqual(errorsOf(doc), []);
  });

  test('huge strings pass through; the command line still splits', () => {
    const long = `cmd.exe ${'x'.repeat(500_000)} /c`;
    const started = Date.now();
    const doc = normalizeRecord(record('DeviceProcessEvents', { ProcessCommandLine: long, FileName: 'cmd.exe', DeviceName: 'N'.repeat(100_000) }));
    assert.ok(Date.now() - started < 2000);
    assert.equal(doc.process.args_count, 3);
    assert.equal(doc.host.name.length, 100_000);
  });

  test('__proto__ and constructor keys stay data, in the properties and in AdditionalFields', () => {
    const additionalFields = JSON.stringify('{"__proto__":{"polluted":1},"direction":"__proto__"}');
    const line =
      '{"category":"AdvancedHunting-DeviceNetworkEvents","properties":{"__proto__":{"polluted":1},' +
      `"constructor":{"prototype":{"polluted":1}},"RemoteIP":"10.0.0.2","AdditionalFields":${additionalFields}}}`;
    const doc = normalizeRecord(line);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(doc.m365_defender.event.additional_fields), ['__proto__']);
    assert.equal(doc.m365_defender.event.network_direction, '__proto__');
    assert.equal(doc.network.direction, 'unknown');
    assert.equal(doc.destination.ip, '10.0.0.2');
  });

  test('DNS lists given as arrays, with junk entries, are bounded and cleaned', () => {
    const answers = [...Array.from({ length: 500 }, (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}`), { x: 1 }];
    const doc = normalizeRecord(record('DeviceNetworkEvents', { ActionType: 'DnsConnectionInspected', AdditionalFields: { query: 'a.example', answers, TTLs: 'not json', AA: true } }));
    assert.equal(doc.dns.answers.length, 100);
    assert.equal(doc.dns.answers[0].ttl, undefined);
    assert.deepEqual(doc.dns.header_flags, ['AA']);
  });
});
