import { msTime } from '../time.js';
import { inventMail } from './mail.js';
import type { TableBuilder } from './record.js';

/** Defender for Office 365 tables: mail flow, attachments, URLs, post-delivery actions, clicks. */
export const emailEvents: TableBuilder = (context) => {
  const { rng } = context;
  const mail = inventMail(context);
  const blocked = mail.threat === 'Malware' || (mail.threat === 'Phish' && rng.chance(0.6));
  return {
    Timestamp: msTime(context.timeMs, rng),
    NetworkMessageId: mail.networkMessageId,
    InternetMessageId: mail.internetMessageId,
    SenderMailFromAddress: mail.senderAddress,
    SenderFromAddress: mail.senderAddress,
    SenderDisplayName: mail.senderDisplayName,
    SenderObjectId: null,
    SenderMailFromDomain: mail.senderDomain,
    SenderFromDomain: mail.senderDomain,
    SenderIPv4: mail.senderIp,
    SenderIPv6: null,
    RecipientEmailAddress: mail.recipient.upn,
    RecipientObjectId: mail.recipient.objectId,
    Subject: mail.subject,
    EmailClusterId: rng.int(100_000_000, 4_000_000_000),
    EmailDirection: mail.direction,
    DeliveryAction: blocked ? 'Blocked' : mail.threat === 'Spam' ? 'Junked' : 'Delivered',
    DeliveryLocation: blocked ? 'Quarantine' : mail.threat === 'Spam' ? 'Junk folder' : 'Inbox/folder',
    ThreatTypes: mail.threat ?? '',
    ThreatNames: mail.threat === 'Malware' ? 'Trojan:HTML/Phish.AB!MTB' : '',
    DetectionMethods: mail.threat ? JSON.stringify({ [mail.threat]: ['URL detonation reputation'] }) : '',
    ConfidenceLevel: JSON.stringify({ Phish: mail.threat === 'Phish' ? 'High' : null, Spam: mail.threat === 'Spam' ? 'High' : 'Normal' }),
    BulkComplaintLevel: rng.int(0, 7),
    EmailAction: blocked ? 'Send to quarantine' : 'No action taken',
    EmailActionPolicy: blocked ? 'Antiphish' : null,
    EmailActionPolicyGuid: null,
    AuthenticationDetails: JSON.stringify(mail.threat === 'Phish' ? { SPF: 'fail', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' } : { SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' }),
    AttachmentCount: rng.int(0, 2),
    UrlCount: rng.int(0, 4),
    EmailLanguage: 'en',
    Connectors: '',
    OrgLevelAction: '',
    OrgLevelPolicy: '',
    UserLevelAction: '',
    UserLevelPolicy: '',
    ReportId: `${mail.networkMessageId}-${rng.digits(19)}-0`,
    AdditionalFields: '{}',
  };
};

export const emailAttachmentInfo: TableBuilder = (context) => {
  const { rng } = context;
  const mail = inventMail(context);
  const fileName = mail.threat === 'Malware' ? 'Invoice_8821.html' : rng.pick(['forecast.xlsx', 'agenda.pdf', 'image001.png']);
  return {
    Timestamp: msTime(context.timeMs, rng),
    NetworkMessageId: mail.networkMessageId,
    SenderFromAddress: mail.senderAddress,
    SenderDisplayName: mail.senderDisplayName,
    SenderObjectId: null,
    RecipientEmailAddress: mail.recipient.upn,
    RecipientObjectId: mail.recipient.objectId,
    FileName: fileName,
    FileType: fileName.split('.').pop(),
    SHA256: rng.fork(`attachment:${fileName}`).hex(64),
    FileSize: rng.int(2_000, 3_000_000),
    ThreatTypes: mail.threat === 'Malware' ? 'Malware' : null,
    ThreatNames: mail.threat === 'Malware' ? 'Trojan:HTML/Phish.AB!MTB' : null,
    DetectionMethods: mail.threat === 'Malware' ? 'File detonation' : null,
    ReportId: `${mail.networkMessageId}-${rng.digits(19)}-1`,
  };
};

export const emailUrlInfo: TableBuilder = (context) => {
  const { rng } = context;
  const mail = inventMail(context);
  return {
    Timestamp: msTime(context.timeMs, rng),
    NetworkMessageId: mail.networkMessageId,
    Url: mail.url,
    UrlDomain: new URL(mail.url).hostname,
    UrlLocation: rng.pick(['Body', 'Body', 'Subject', 'QRCode']),
    ReportId: `${mail.networkMessageId}-${rng.digits(19)}-2`,
  };
};

export const emailPostDeliveryEvents: TableBuilder = (context) => {
  const { rng } = context;
  const mail = inventMail(context);
  const zap = rng.chance(0.7);
  return {
    Timestamp: msTime(context.timeMs, rng),
    NetworkMessageId: mail.networkMessageId,
    InternetMessageId: mail.internetMessageId,
    Action: zap ? 'Moved to quarantine' : 'Soft delete',
    ActionType: zap ? rng.pick(['Phish ZAP', 'Malware ZAP']) : 'Manual remediation',
    ActionTrigger: zap ? 'SpecialAction' : 'AdminAction',
    ActionResult: 'Success',
    RecipientEmailAddress: mail.recipient.upn,
    DeliveryLocation: 'Quarantine',
    ThreatTypes: zap ? 'Phish' : '',
    DetectionMethods: zap ? 'URL detonation reputation' : '',
    ReportId: `${mail.networkMessageId}-${rng.digits(19)}-3`,
  };
};

export const urlClickEvents: TableBuilder = (context) => {
  const { rng } = context;
  const mail = inventMail(context);
  const blocked = mail.threat === 'Phish' || mail.threat === 'Malware';
  return {
    Timestamp: msTime(context.timeMs, rng),
    Url: mail.url,
    ActionType: blocked ? rng.pick(['ClickBlocked', 'ClickBlocked', 'ClickAllowed']) : 'ClickAllowed',
    AccountUpn: mail.recipient.upn,
    Workload: rng.pick(['Email', 'Email', 'Teams', 'Office']),
    NetworkMessageId: mail.networkMessageId,
    ThreatTypes: blocked ? 'Phish' : '',
    DetectionMethods: blocked ? 'URL detonation reputation' : '',
    IPAddress: rng.pick(mail.recipient.office.egressIps),
    IsClickedThrough: blocked && rng.chance(0.2),
    UrlChain: JSON.stringify([mail.url]),
    ReportId: `clk-${rng.guid()}`,
  };
};
