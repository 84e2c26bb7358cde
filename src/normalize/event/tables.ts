import { normalizeAlertTable } from './alert/index.js';
import type { TableNormalizer } from './context.js';
import { normalizeDeviceTable } from './device/index.js';
import { normalizeEmailTable } from './email/index.js';
import { normalizeIdentityTable } from './identity/index.js';

/**
 * The Advanced Hunting tables Elastic's event pipeline accepts, grouped as its sub-pipelines route
 * them (pipeline_alert, pipeline_device, pipeline_email, pipeline_app_and_identity). A plain
 * switch is the registry: adding a table is one line here and a mapping in its family.
 */
export function tableNormalizer(table: string): TableNormalizer | undefined {
  switch (table) {
    case 'AlertInfo':
    case 'AlertEvidence':
    case 'BehaviorInfo':
    case 'BehaviorEntities':
      return normalizeAlertTable;
    case 'DeviceEvents':
    case 'DeviceFileCertificateInfo':
    case 'DeviceFileEvents':
    case 'DeviceImageLoadEvents':
    case 'DeviceInfo':
    case 'DeviceLogonEvents':
    case 'DeviceNetworkEvents':
    case 'DeviceNetworkInfo':
    case 'DeviceProcessEvents':
    case 'DeviceRegistryEvents':
    case 'CloudProcessEvents':
      return normalizeDeviceTable;
    case 'EmailAttachmentInfo':
    case 'EmailEvents':
    case 'EmailPostDeliveryEvents':
    case 'EmailUrlInfo':
    case 'UrlClickEvents':
    case 'MessageEvents':
    case 'MessagePostDeliveryEvents':
    case 'MessageUrlInfo':
      return normalizeEmailTable;
    case 'IdentityDirectoryEvents':
    case 'IdentityInfo':
    case 'IdentityLogonEvents':
    case 'IdentityQueryEvents':
    case 'CloudAppEvents':
    case 'CloudAuditEvents':
    case 'CloudStorageAggregatedEvents':
      return normalizeIdentityTable;
    default:
      return undefined;
  }
}
