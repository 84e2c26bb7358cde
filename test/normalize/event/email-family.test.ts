import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorsOf, normalizeRecord, record } from './family-helper.js';

const EMAIL_EVENT = record('EmailEvents', {
  NetworkMessageId: '6d1c2b3a-4e5f-46a7-b8c9-08de2a1b3c4d',
  InternetMessageId: '<PH0PR11MB4821.7731@mail.invoice-notices.example>',
  SenderMailFromAddress: 'bounce@invoice-notices.example',
  SenderFromAddress: 'billing@invoice-notices.example',
  SenderMailFromDomain: 'invoice-notices.example',
  SenderFromDomain: 'invoice-notices.example',
  SenderIPv4: '192.0.2.77',
  SenderIPv6: '',
  RecipientEmailAddress: 'm.okafor@fabrikam-sec.example',
  Subject: 'Your January invoice is ready',
  EmailClusterId: 3018841122,
  EmailDirection: 'Inbound',
  ConfidenceLevel: '{"Phish":null,"Spam":"Normal"}',
  AuthenticationDetails: { SPF: 'pass' },
  BulkComplaintLevel: '3',
  ReportId: '6d1c2b3a-11803349612208842761',
});

describe('email family (Email*, UrlClickEvents, Message*)', () => {
  test('default options: promoted values leave the vendor namespace', () => {
    const doc = normalizeRecord(EMAIL_EVENT);
    assert.deepEqual(doc.event.category, ['email']);
    assert.deepEqual(doc.email, {
      message_id: '6d1c2b3a-4e5f-46a7-b8c9-08de2a1b3c4d',
      local_id: '<PH0PR11MB4821.7731@mail.invoice-notices.example>',
      subject: 'Your January invoice is ready',
      direction: 'Inbound',
      from: { address: ['billing@invoice-notices.example'] },
      to: { address: ['m.okafor@fabrikam-sec.example'] },
    });
    assert.deepEqual(doc.source.ip, ['192.0.2.77']);
    assert.deepEqual(new Set(doc.related.user), new Set(['billing@invoice-notices.example', 'bounce@invoice-notices.example', 'm.okafor@fabrikam-sec.example']));
    const vendor = doc.m365_defender.event;
    for (const gone of ['network', 'internet_message_id', 'subject']) assert.equal(vendor[gone], undefined, gone);
    assert.equal(vendor.sender.from_address, undefined);
    assert.equal(vendor.sender.ipv4, undefined);
    assert.equal(vendor.sender.mail_from_address, 'bounce@invoice-notices.example');
    assert.equal(vendor.email.cluster_id, '3018841122');
    assert.equal(vendor.email.direction, undefined);
    assert.deepEqual(vendor.confidence_level, { Spam: 'Normal' }, 'decoded; nulls dropped like every null');
    assert.equal(vendor.authentication_details, '{"SPF":"pass"}');
    assert.equal(vendor.bulk_complaint_level, 3);
    assert.equal(doc.event.original, undefined);
  });

  test('UrlClickEvents: the click address, the clicking user and the URL parts; no category', () => {
    const doc = normalizeRecord(
      record('UrlClickEvents', {
        Url: 'https://invoice-notices.example/view?id=8821',
        ActionType: 'ClickAllowed',
        AccountUpn: 'm.okafor@fabrikam-sec.example',
        IPAddress: '203.0.113.45',
        IsClickedThrough: 'false',
        UrlChain: '["https://invoice-notices.example/view?id=8821"]',
      }),
    );
    assert.equal(doc.event.category, undefined);
    assert.equal(doc.event.action, 'clickallowed');
    assert.deepEqual(doc.source.ip, ['203.0.113.45']);
    assert.deepEqual(doc.related.user, ['m.okafor@fabrikam-sec.example']);
    assert.equal(doc.url.domain, 'invoice-notices.example');
    assert.equal(doc.url.query, 'id=8821');
    assert.equal(doc.m365_defender.event.url, undefined);
    assert.equal(doc.m365_defender.event.is_clicked_through, false);
  });

  test('Teams MessagePostDeliveryEvents: the sender is the ECS user', () => {
    const doc = normalizeRecord(record('MessagePostDeliveryEvents', { ActionType: 'Phish ZAP', SenderEmailAddress: 'x@example.org', DetectionMethods: ['ZeroHourAutoPurge'] }));
    assert.equal(doc.event.action, 'phish-zap');
    assert.deepEqual(doc.user, { email: 'x@example.org', name: 'x', domain: 'example.org' });
    assert.deepEqual(doc.m365_defender.event.detection.methods, ['ZeroHourAutoPurge']);
  });

  test('EmailAttachmentInfo is an e-mail and a file event', () => {
    const doc = normalizeRecord(record('EmailAttachmentInfo', { FileName: 'inv.pdf', FileType: 'pdf', SHA256: 'ab', FileSize: 10 }));
    assert.deepEqual(doc.event.category, ['email', 'file']);
    assert.deepEqual(doc.file, { name: 'inv.pdf', extension: 'pdf', size: 10, hash: { sha256: 'ab' } });
    assert.deepEqual(doc.related.hash, ['ab']);
  });

  test('a keyword column may hold a list of scalars, not of objects', () => {
    assert.deepEqual(normalizeRecord(record('EmailEvents', { ThreatTypes: ['Phish', '', 'Malware'] })).m365_defender.event.threat.types, ['Phish', 'Malware']);
    const doc = normalizeRecord(record('EmailEvents', { ThreatTypes: [{ a: 1 }] }));
    assert.deepEqual(errorsOf(doc), ['ThreatTypes: cannot convert an array of 1 to keyword']);
  });

  test('bad values are reported or dropped, never thrown', () => {
    const doc = normalizeRecord(
      record('EmailEvents', {
        SenderIPv4: 'not-an-ip',
        DetectionMethods: '{"Phish":[',
        AttachmentCount: { many: true },
        Url: 'http://[::1',
        Subject: 'x'.repeat(1_000_000),
      }),
    );
    assert.equal(doc.source, undefined);
    assert.equal(errorsOf(doc).length, 2, errorsOf(doc).join('\n'));
    assert.equal(doc.email.subject.length, 1_000_000);
  });
});
