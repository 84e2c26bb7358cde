import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exactIntegerText } from '../../../src/normalize/ecs/integer-text.js';
import { parseUserAgent } from '../../../src/normalize/ecs/user-agent.js';
import { errorsOf, fakeGeo, normalizeRecord, record } from './family-helper.js';

describe('app-and-identity family (Identity*, CloudAppEvents, Cloud*Events, IdentityInfo)', () => {
  test('IdentityLogonEvents with default options: a failed logon, vendor duplicates removed', () => {
    const doc = normalizeRecord(
      record('IdentityLogonEvents', {
        ActionType: 'LogonFailed',
        Application: 'Active Directory',
        Protocol: 'Ntlm',
        FailureReason: 'WrongPassword',
        AccountName: 'svc-backup',
        AccountDomain: 'corp.example',
        AccountSid: 'S-1-5-21-2207',
        AccountDisplayName: 'Backup service',
        DeviceName: 'FIN-WS-0417',
        IPAddress: '10.40.7.118',
        Port: 50799,
        DestinationIPAddress: '10.40.0.10',
        DestinationPort: '445',
        ReportId: 'b2c3d4e5',
        AdditionalFields: { Count: '3', 'Pass-through': 'false' },
      }),
    );
    assert.deepEqual(doc.event.category, ['authentication']);
    assert.equal(doc.event.outcome, 'failure');
    assert.equal(doc.event.action, 'logonfailed');
    assert.equal(doc.event.id, 'b2c3d4e5');
    assert.deepEqual(doc.user, { name: 'svc-backup', id: 'S-1-5-21-2207', domain: 'corp.example' });
    assert.deepEqual(doc.host, { ip: '10.40.7.118', name: 'fin-ws-0417' });
    assert.deepEqual(doc.destination, { ip: '10.40.0.10', port: 445 });
    assert.equal(doc.network.protocol, 'ntlm');
    const vendor = doc.m365_defender.event;
    assert.deepEqual(vendor.account, { display_name: 'Backup service' }, 'name, sid and domain were promoted');
    assert.equal(vendor.report_id, undefined);
    assert.equal(vendor.ip_address, undefined);
    assert.equal(vendor.port, 50799);
    assert.equal(vendor.protocol, 'Ntlm');
    assert.deepEqual(vendor.additional_fields, { Count: '3', 'Pass-through': 'false' });
  });

  test('IdentityDirectoryEvents are iam; IsAdminOperation accepts 0/1', () => {
    const doc = normalizeRecord(record('IdentityDirectoryEvents', { ActionType: 'Account Password changed', IsAdminOperation: 1 }));
    assert.deepEqual(doc.event.category, ['iam']);
    assert.equal(doc.event.action, 'account-password-changed');
    assert.equal(doc.m365_defender.event.is_admin_operation, true);
  });

  test('IdentityInfo is an asset: the account is the ECS user', () => {
    const doc = normalizeRecord(
      record('IdentityInfo', {
        ReportId: 'r1',
        AccountObjectId: '3e5f7a9b',
        AccountUpn: 'm.okafor@fabrikam-sec.example',
        OnPremSid: 'S-1-5-21-14231',
        AccountDisplayName: 'Mira Okafor',
        AccountName: 'm.okafor',
        AccountDomain: 'fabrikam-sec.example',
        EmailAddress: 'mira.okafor@fabrikam-sec.example',
        City: 'Amsterdam',
        IsAccountEnabled: 'True',
        CreatedDateTime: '2021-03-04T05:06:07.1234567Z',
        AssignedRoles: '["Global Reader"]',
        Type: 'User',
      }),
    );
    assert.equal(doc.event.kind, 'asset');
    assert.equal(doc.event.type, undefined);
    assert.deepEqual(doc.user, {
      name: 'm.okafor',
      domain: 'fabrikam-sec.example',
      id: '3e5f7a9b',
      full_name: 'Mira Okafor',
      email: 'mira.okafor@fabrikam-sec.example',
      roles: ['Global Reader'],
    });
    const account = doc.m365_defender.event.account;
    assert.equal(account.city, 'Amsterdam');
    assert.equal(account.is_enabled, true);
    assert.equal(account.created, '2021-03-04T05:06:07.123Z');
    assert.equal(account.on_prem_sid, 'S-1-5-21-14231');
    assert.equal(account.type, 'User');
    assert.ok(doc.related.user.includes('S-1-5-21-14231'));
  });

  test('CloudAppEvents: user agent parsed, RawEventData decoded, no GeoIP on host.ip', () => {
    const doc = normalizeRecord(
      record('CloudAppEvents', {
        ActionType: 'New-InboxRule',
        AccountId: '3e5f7a9b',
        AccountDisplayName: 'Mira Okafor',
        IPAddress: '198.51.100.23',
        UserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
        RawEventData: '{"Operation":"New-InboxRule","Parameters":[{"Name":"MoveToFolder"}]}',
        IPTags: [],
        ApplicationId: 20893,
      }),
      { preserveOriginal: false, preserveDuplicateCustomFields: false, geo: fakeGeo('198.51.100.23') },
    );
    assert.deepEqual(doc.user, { name: 'Mira Okafor', id: '3e5f7a9b' });
    assert.equal(doc.host.ip, '198.51.100.23');
    assert.equal(doc.host.geo, undefined);
    assert.equal(doc.user_agent.name, 'Safari');
    assert.equal(doc.user_agent.version, '17.1');
    assert.deepEqual(doc.user_agent.os, { name: 'Mac OS X', version: '10.15.7', full: 'Mac OS X 10.15.7' });
    assert.equal(doc.user_agent.device.name, 'Mac');
    assert.equal(doc.m365_defender.event.user_agent, undefined);
    assert.equal(doc.m365_defender.event.application_id, '20893');
    assert.deepEqual(doc.m365_defender.event.raw_event_data.Parameters, [{ Name: 'MoveToFolder' }]);
  });

  test('CloudAuditEvents: client.ip with geo and AS, configuration category', () => {
    const doc = normalizeRecord(record('CloudAuditEvents', { ActionType: 'Update', IPAddress: '198.51.100.23', OperationName: 'x/write', ReportId: 'a' }), {
      preserveOriginal: false,
      preserveDuplicateCustomFields: false,
      geo: fakeGeo('198.51.100.23'),
    });
    assert.deepEqual(doc.event.category, ['configuration']);
    assert.equal(doc.client.ip, '198.51.100.23');
    assert.equal(doc.client.geo.city_name, 'Testville');
    assert.equal(doc.client.as.number, 64500);
    assert.deepEqual(doc.host.ip, ['198.51.100.23']);
    assert.equal(doc.m365_defender.event.properties_operation_name, 'x/write');
  });

  test('CloudStorageAggregatedEvents: integers beyond 2^53 keep their digits; unknown columns are not indexed', () => {
    const line = JSON.stringify(record('CloudStorageAggregatedEvents', { AccountTenantId: 1, AzureResourceId: '/subscriptions/x', IpAddress: '' })).replace(
      '"AccountTenantId":1',
      '"AccountTenantId": 98765432109876543210',
    );
    const doc = normalizeRecord(line, { preserveOriginal: false, preserveDuplicateCustomFields: true });
    assert.equal(doc.m365_defender.event.account_tenant_id, '98765432109876543210');
    assert.equal(doc.m365_defender.event.azure_resource_id, undefined);
    assert.equal(doc.client, undefined);
  });

  test('wrong types and broken JSON are reported, the document is kept', () => {
    const doc = normalizeRecord(
      record('CloudAppEvents', { RawEventData: '{"a":', ActivityObjects: '[1,', IsAdminOperation: 'maybe', AppInstanceId: [1], UserAgent: 'x'.repeat(100_000) }),
    );
    assert.equal(doc.event.kind, 'pipeline_error');
    assert.equal(errorsOf(doc).length, 4, errorsOf(doc).join('\n'));
    assert.equal(doc.user_agent.name, 'Other');
    assert.equal(typeof doc.event.original, 'string');
  });
});

describe('user agent parsing (uap-core subset, Elasticsearch output shape)', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36 Edg/91.0.864.59',
      { name: 'Edge', version: '91.0.864.59', os: { name: 'Windows', version: '10', full: 'Windows 10' }, device: { name: 'Other' } },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1',
      { name: 'Mobile Safari', version: '17.1.2', os: { name: 'iOS', version: '17.1.2', full: 'iOS 17.1.2' }, device: { name: 'iPhone' } },
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
      { name: 'Firefox', version: '120.0', os: { name: 'Ubuntu' }, device: { name: 'Other' } },
    ],
    ['curl/8.4.0', { name: 'curl', version: '8.4.0', os: { name: 'Other' }, device: { name: 'Other' } }],
    ['garbage', { name: 'Other', os: { name: 'Other' }, device: { name: 'Other' } }],
  ];
  for (const [header, expected] of cases) {
    test(header.slice(0, 60), () => {
      assert.deepEqual(JSON.parse(JSON.stringify(parseUserAgent(header))), { original: header, ...expected });
    });
  }
  test('an empty header is no user agent', () => assert.equal(parseUserAgent('  '), undefined));
});

test('exactIntegerText', () => {
  assert.equal(exactIntegerText('{"a": 123456789012345678}', 'a', 123456789012345678), '123456789012345678');
  assert.equal(exactIntegerText('{"a":1.5e30}', 'a', 1.5e30), undefined);
  assert.equal(exactIntegerText('{"b":{"a":123456789012345678},"a":123456789012345677}', 'a', 123456789012345678), undefined, 'ambiguous');
  assert.equal(exactIntegerText('{"a":"x"}', 'a', 1), undefined);
});
