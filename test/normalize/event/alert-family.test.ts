import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { quotedArgs } from '../../../src/normalize/event/alert/process.js';
import { errorsOf, KEEP_ALL, normalizeRecord, record } from './family-helper.js';

const ALERT_INFO = record('AlertInfo', {
  AlertId: 'da639041877712345678_-1408835417',
  Title: 'Suspicious PowerShell download cradle',
  Category: 'Execution',
  Severity: 'High',
  ServiceSource: 'Microsoft Defender for Endpoint',
  DetectionSource: 'EDR',
  AttackTechniques: '["PowerShell (T1059.001)","Ingress Tool Transfer (T1105)"]',
});

describe('alert family (AlertInfo, AlertEvidence, BehaviorInfo, BehaviorEntities)', () => {
  test('default options: vendor copies of promoted values are removed, the rest stays', () => {
    const doc = normalizeRecord(ALERT_INFO);
    assert.equal(doc.event.kind, 'alert');
    assert.equal(doc.event.id, 'da639041877712345678_-1408835417');
    assert.equal(doc.event.severity, 73);
    assert.equal(doc.event.provider, 'Microsoft Defender for Endpoint');
    assert.equal(doc.message, 'Suspicious PowerShell download cradle');
    const vendor = doc.m365_defender.event;
    assert.equal(vendor.alert.id, undefined);
    assert.equal(vendor.title, undefined);
    assert.equal(vendor.service_source, undefined);
    assert.equal(vendor.alert.category, 'Execution');
    assert.equal(vendor.severity, 'high');
    assert.deepEqual(vendor.attack_techniques, ['Ingress Tool Transfer (T1105)', 'PowerShell (T1059.001)']);
    assert.deepEqual(doc.threat.technique.subtechnique, { id: ['T1059.001', 'T1105'], name: ['Ingress Tool Transfer', 'PowerShell'] });
    assert.equal(doc.event.original, undefined);
    assert.equal(doc.tags, undefined);
  });

  test('preserve options keep the vendor copies and the original', () => {
    const doc = normalizeRecord(ALERT_INFO, KEEP_ALL);
    assert.equal(doc.m365_defender.event.alert.id, 'da639041877712345678_-1408835417');
    assert.equal(doc.m365_defender.event.title, 'Suspicious PowerShell download cradle');
    assert.equal(typeof doc.event.original, 'string');
    assert.deepEqual(doc.tags, ['preserve_original_event', 'preserve_duplicate_custom_fields']);
  });

  test('AlertEvidence process entity: quote-aware arguments, host, user and category', () => {
    const doc = normalizeRecord(
      record('AlertEvidence', {
        AlertId: 'a1',
        EntityType: 'Process',
        EvidenceRole: 'Related',
        ProcessCommandLine: '"C:\\Program Files\\App\\a b.exe" /u  "x y"',
        DeviceId: 'dev1',
        DeviceName: 'WS-01.Corp.example',
        AccountName: 'm.okafor',
        AccountDomain: 'fabsec',
        AccountSid: 'S-1-5-21-1',
        AccountObjectId: '3e5f7a9b',
        Categories: '["Execution"]',
        LocalIP: '',
        RemoteIP: '-',
      }),
    );
    assert.deepEqual(doc.event.category, ['process']);
    assert.deepEqual(doc.process.args, ['C:\\Program Files\\App\\a b.exe', '/u', 'x y']);
    assert.equal(doc.process.args_count, 3);
    assert.equal(doc.process.name, 'a b.exe');
    assert.equal(doc.host.name, 'ws-01.corp.example');
    assert.deepEqual(doc.device, { id: 'dev1' });
    assert.deepEqual(doc.user, { name: 'm.okafor', domain: 'fabsec', id: 'S-1-5-21-1' });
    assert.deepEqual(new Set(doc.related.user), new Set(['m.okafor', '3e5f7a9b']));
    assert.deepEqual(doc.m365_defender.event.alert.categories, ['Execution']);
    assert.equal(doc.source, undefined, 'an empty LocalIP is no address');
    assert.equal(doc.destination, undefined, 'an invalid RemoteIP is dropped');
    assert.equal(doc.m365_defender.event.process, undefined, 'the command line lives in process.command_line');
  });

  test('BehaviorInfo is an event, not an alert; a comma-separated technique list is accepted', () => {
    const doc = normalizeRecord(
      record('BehaviorInfo', { BehaviorId: 'b1', Categories: ['Discovery'], AttackTechniques: 'Account Discovery (T1087), Domain Account (T1087.002)' }),
    );
    assert.equal(doc.event.kind, 'event');
    assert.equal(doc.event.id, 'b1');
    assert.deepEqual(doc.threat.technique.subtechnique.id, ['T1087', 'T1087.002']);
  });

  test('malformed values never throw: they are skipped or reported', () => {
    const doc = normalizeRecord(
      record('AlertInfo', {
        AlertId: 'a2',
        AttackTechniques: '["unterminated',
        Severity: 42,
        FileSize: 'big',
        AdditionalFields: '{"__proto__":{"polluted":true},"constructor":1',
      }),
    );
    assert.equal(doc.event.kind, 'pipeline_error');
    assert.equal(errorsOf(doc).length, 4, errorsOf(doc).join('\n'));
    assert.equal(doc.threat, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('__proto__ keys are kept as data, never as prototypes', () => {
    const line = JSON.stringify(record('AlertEvidence', { AlertId: 'a3', AdditionalFields: { x: 1 } })).replace('"x":1', '"__proto__":{"polluted":true}');
    const doc = normalizeRecord(line);
    assert.deepEqual(doc.m365_defender.event.additional_fields, { ['__proto__']: { polluted: true } });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a huge command line is mapped in linear time', () => {
    const commandLine = `cmd.exe ${'"a b" '.repeat(200_000)}`;
    const started = performance.now();
    const doc = normalizeRecord(record('AlertEvidence', { AlertId: 'a4', ProcessCommandLine: commandLine }));
    assert.ok(performance.now() - started < 2000);
    assert.equal(doc.process.args_count, 200_001);
  });

  test('quotedArgs', () => {
    assert.deepEqual(quotedArgs(''), []);
    assert.deepEqual(quotedArgs('  a\tb  '), ['a', 'b']);
    assert.deepEqual(quotedArgs('"" a'), ['a']);
    assert.deepEqual(quotedArgs('--dir="C:\\a b" x'), ['--dir=C:\\a b', 'x']);
    assert.deepEqual(quotedArgs('"unterminated arg'), ['unterminated arg']);
  });
});
