import { alertEvidence, alertInfo, behaviorEntities, behaviorInfo } from './alerts.js';
import { cloudAppEvents } from './cloud-apps.js';
import { cloudAuditEvents, cloudProcessEvents, cloudStorageAggregatedEvents } from './cloud.js';
import { deviceFileEvents, deviceNetworkEvents, deviceProcessEvents } from './device-activity.js';
import { deviceFileCertificateInfo, deviceInfo, deviceNetworkInfo } from './device-inventory.js';
import { deviceEvents, deviceImageLoadEvents, deviceLogonEvents, deviceRegistryEvents } from './device-system.js';
import { emailAttachmentInfo, emailEvents, emailPostDeliveryEvents, emailUrlInfo, urlClickEvents } from './email.js';
import { identityDirectoryEvents, identityInfo, identityLogonEvents, identityQueryEvents } from './identity.js';
import { messageEvents, messagePostDeliveryEvents, messageUrlInfo } from './message.js';
import type { TableBuilder } from './record.js';

/** Every Advanced Hunting table the generator writes, by table name (the category suffix). */
export const TABLE_BUILDERS = {
  DeviceProcessEvents: deviceProcessEvents,
  DeviceNetworkEvents: deviceNetworkEvents,
  DeviceFileEvents: deviceFileEvents,
  DeviceRegistryEvents: deviceRegistryEvents,
  DeviceImageLoadEvents: deviceImageLoadEvents,
  DeviceEvents: deviceEvents,
  DeviceLogonEvents: deviceLogonEvents,
  DeviceInfo: deviceInfo,
  DeviceNetworkInfo: deviceNetworkInfo,
  DeviceFileCertificateInfo: deviceFileCertificateInfo,
  CloudProcessEvents: cloudProcessEvents,
  AlertInfo: alertInfo,
  AlertEvidence: alertEvidence,
  BehaviorInfo: behaviorInfo,
  BehaviorEntities: behaviorEntities,
  EmailEvents: emailEvents,
  EmailAttachmentInfo: emailAttachmentInfo,
  EmailUrlInfo: emailUrlInfo,
  EmailPostDeliveryEvents: emailPostDeliveryEvents,
  UrlClickEvents: urlClickEvents,
  MessageEvents: messageEvents,
  MessageUrlInfo: messageUrlInfo,
  MessagePostDeliveryEvents: messagePostDeliveryEvents,
  IdentityLogonEvents: identityLogonEvents,
  IdentityQueryEvents: identityQueryEvents,
  IdentityDirectoryEvents: identityDirectoryEvents,
  IdentityInfo: identityInfo,
  CloudAppEvents: cloudAppEvents,
  CloudAuditEvents: cloudAuditEvents,
  CloudStorageAggregatedEvents: cloudStorageAggregatedEvents,
} as const satisfies Record<string, TableBuilder>;

export type EventTable = keyof typeof TABLE_BUILDERS;

export const EVENT_TABLES = Object.keys(TABLE_BUILDERS) as EventTable[];

export type EventMix = Readonly<Partial<Record<EventTable, number>>>;

/**
 * Relative volume per table, shaped like a real tenant's stream: endpoint process, network and
 * file events dominate; inventory, alerts and identity changes are a trickle.
 */
export const DEFAULT_EVENT_MIX: Readonly<Record<EventTable, number>> = {
  DeviceProcessEvents: 18,
  DeviceNetworkEvents: 22,
  DeviceFileEvents: 14,
  DeviceRegistryEvents: 7,
  DeviceImageLoadEvents: 8,
  DeviceEvents: 5,
  DeviceLogonEvents: 3,
  DeviceInfo: 0.6,
  DeviceNetworkInfo: 0.6,
  DeviceFileCertificateInfo: 0.8,
  CloudProcessEvents: 1,
  AlertInfo: 0.3,
  AlertEvidence: 0.8,
  BehaviorInfo: 0.2,
  BehaviorEntities: 0.3,
  EmailEvents: 3,
  EmailAttachmentInfo: 0.8,
  EmailUrlInfo: 1.5,
  EmailPostDeliveryEvents: 0.2,
  UrlClickEvents: 0.8,
  MessageEvents: 1,
  MessageUrlInfo: 0.4,
  MessagePostDeliveryEvents: 0.1,
  IdentityLogonEvents: 2,
  IdentityQueryEvents: 1.2,
  IdentityDirectoryEvents: 0.3,
  IdentityInfo: 0.2,
  CloudAppEvents: 2.5,
  CloudAuditEvents: 0.8,
  CloudStorageAggregatedEvents: 0.3,
};
