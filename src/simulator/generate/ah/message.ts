import { HOSTILE_DOMAINS } from '../catalog/places.js';
import { msTime } from '../time.js';
import type { TableBuilder } from './record.js';

/** Teams message tables (Defender for Office 365 for Teams). */
export const messageEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const sender = rng.pick(tenant.users);
  const external = rng.chance(0.1);
  const messageId = rng.digits(13);
  return {
    Timestamp: msTime(context.timeMs, rng),
    LastEditedTime: null,
    TeamsMessageId: `${rng.guid()}`,
    SenderEmailAddress: external ? `helpdesk@${rng.pick(HOSTILE_DOMAINS)}` : sender.upn,
    SenderDisplayName: external ? 'IT Helpdesk' : sender.displayName,
    SenderObjectId: external ? null : sender.objectId,
    SenderType: 'User',
    IsOwnedThread: !external,
    MessageId: messageId,
    ParentMessageId: rng.chance(0.3) ? rng.digits(13) : null,
    GroupId: rng.guid(),
    GroupName: rng.pick(['Finance Team', 'Engineering', 'All Company', null]),
    ThreadId: `19:${rng.hex(32)}@thread.v2`,
    ThreadSubtype: null,
    IsExternalThread: external,
    MessageFormatType: 'RichText/Html',
    MessageFormatSubtype: '',
    MessageVersion: messageId,
    MessageSubject: null,
    ThreatTypes: external ? 'Phish' : null,
    DetectionMethods: external ? ['URL detonation reputation'] : [],
    ConfidenceLevel: external ? ['High'] : [],
    DeliveryAction: external ? 'Blocked' : 'Delivered',
    DeliveryLocation: external ? 'Quarantine' : 'Teams',
    ReportId: rng.guid(),
    SafetyTip: external ? 'External sender' : null,
  };
};

export const messageUrlInfo: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const hostile = rng.chance(0.1);
  const domain = hostile ? rng.pick(HOSTILE_DOMAINS) : `sharepoint.${tenant.domain}`;
  return {
    Timestamp: msTime(context.timeMs, rng),
    TeamsMessageId: rng.guid(),
    Url: `https://${domain}/sites/team/${rng.hex(8)}`,
    UrlDomain: domain,
    ThreatTypes: hostile ? 'Phish' : '',
    ReportId: rng.guid(),
  };
};

export const messagePostDeliveryEvents: TableBuilder = (context) => {
  const { rng } = context;
  return {
    Timestamp: msTime(context.timeMs, rng),
    TeamsMessageId: rng.guid(),
    Action: 'Moved to quarantine',
    ActionType: rng.pick(['Phish ZAP', 'Malware ZAP']),
    ActionTrigger: 'Automatic ZAP',
    ActionResult: 'Success',
    SenderEmailAddress: `helpdesk@${rng.pick(HOSTILE_DOMAINS)}`,
    ThreatTypes: 'Phishing',
    ConfidenceLevel: ['High'],
    DetectionMethods: ['ZeroHourAutoPurge'],
    LatestDeliveryLocation: 'Quarantine',
    ReportId: rng.guid(),
    IsExternalThread: true,
    SafetyTip: null,
  };
};
