import { columnTable, type ColumnRow } from '../../ecs/column-map.js';
import { date, ip, json, keywordList, long, lowercaseKeyword } from '../../ecs/convert.js';

/**
 * The columns of AlertInfo, AlertEvidence, BehaviorInfo and BehaviorEntities that Elastic's
 * pipeline_alert keeps under `m365_defender.event`, with Elastic's names (not a mechanical
 * snake_case: `Category` → `alert.category`, `LocalIP` → `local.ip`) and conversions.
 */
const ROWS: readonly ColumnRow[] = [
  ['AlertId', 'alert.id'],
  ['BehaviorId', 'behavior_id'],
  ['Title', 'title'],
  ['Description', 'description'],
  ['Category', 'alert.category'],
  ['Categories', 'alert.categories', keywordList],
  ['Severity', 'severity', lowercaseKeyword],
  ['ServiceSource', 'service_source'],
  ['DetectionSource', 'detection.source'],
  ['DataSources', 'data_sources'],
  ['AttackTechniques', 'attack_techniques', keywordList],
  ['ActionType', 'action.type'],
  ['StartTime', 'start_time', date],
  ['EndTime', 'end_time', date],
  ['MachineGroup', 'machine_group'],
  ['EntityType', 'entity_type'],
  ['EntityRole', 'entity_role'],
  ['DetailedEntityRole', 'detailed_entity_role'],
  ['EvidenceRole', 'evidence.role'],
  ['EvidenceDirection', 'evidence.direction'],
  ['FileName', 'file.name'],
  ['FileSize', 'file.size', long],
  ['FolderPath', 'folder_path'],
  ['SHA1', 'sha1'],
  ['SHA256', 'sha256'],
  ['ThreatFamily', 'threat.family'],
  ['RemoteIP', 'remote.ip', ip],
  ['RemoteUrl', 'remote.url'],
  ['LocalIP', 'local.ip', ip],
  ['AccountName', 'account.name'],
  ['AccountDomain', 'account.domain'],
  ['AccountSid', 'account.sid'],
  ['AccountObjectId', 'account.object_id'],
  ['AccountUpn', 'account.upn'],
  ['DeviceId', 'device.id'],
  ['DeviceName', 'device.name'],
  ['NetworkMessageId', 'network.message_id'],
  ['EmailSubject', 'email.subject'],
  ['EmailClusterId', 'email.cluster_id'],
  ['Application', 'application'],
  ['ApplicationId', 'application_id'],
  ['OAuthApplicationId', 'oauth_application_id'],
  ['ProcessCommandLine', 'process.command_line'],
  ['RegistryKey', 'registry.key'],
  ['RegistryValueName', 'registry.value_name'],
  ['RegistryValueData', 'registry.value_data'],
  ['CloudPlatform', 'cloud_platform'],
  ['CloudResourceType', 'cloud_resource_type'],
  ['CloudResourceId', 'cloud_resource_id'],
  ['CloudSubscriptionId', 'cloud_subscription_id'],
  ['AdditionalFields', 'additional_fields', json],
];

export const ALERT_COLUMNS = columnTable('m365_defender.event', ROWS);
