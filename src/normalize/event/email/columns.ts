import { columnTable, type ColumnRow } from '../../ecs/column-map.js';
import { boolean, ip, json, jsonText, long } from '../../ecs/convert.js';

/**
 * The columns of the Email*, UrlClickEvents and Teams Message* tables that Elastic's
 * pipeline_email keeps under `m365_defender.event`, with Elastic's names and conversions.
 * `AuthenticationDetails` stays JSON text (a keyword); the verdict lists that Elastic maps as
 * `flattened` (DetectionMethods, ConfidenceLevel) are decoded when they arrive as JSON text.
 */
const ROWS: readonly ColumnRow[] = [
  ['NetworkMessageId', 'network.message_id'],
  ['InternetMessageId', 'internet_message_id'],
  ['ReportId', 'report_id'],
  ['AdditionalFields', 'additional_fields', json],
  // Senders and recipients
  ['SenderMailFromAddress', 'sender.mail_from_address'],
  ['SenderFromAddress', 'sender.from_address'],
  ['SenderDisplayName', 'sender.display_name'],
  ['SenderObjectId', 'sender.object_id'],
  ['SenderMailFromDomain', 'sender.mail_from_domain'],
  ['SenderFromDomain', 'sender.from_domain'],
  ['SenderIPv4', 'sender.ipv4', ip],
  ['SenderIPv6', 'sender.ipv6', ip],
  ['RecipientEmailAddress', 'recipient.email_address'],
  ['RecipientObjectId', 'recipient.object_id'],
  ['AccountUpn', 'account.upn'],
  ['IPAddress', 'ip_address', ip],
  // EmailEvents
  ['Subject', 'subject'],
  ['EmailClusterId', 'email.cluster_id'],
  ['EmailDirection', 'email.direction'],
  ['EmailLanguage', 'email.language'],
  ['EmailAction', 'email.action'],
  ['EmailActionPolicy', 'email.action_policy'],
  ['EmailActionPolicyGuid', 'email.action_policy_guid'],
  ['DeliveryAction', 'delivery.action'],
  ['DeliveryLocation', 'delivery.location'],
  ['LatestDeliveryLocation', 'latest_delivery_location'],
  ['ThreatTypes', 'threat.types'],
  ['ThreatNames', 'threat.names'],
  ['DetectionMethods', 'detection.methods', json],
  ['ConfidenceLevel', 'confidence_level', json],
  ['BulkComplaintLevel', 'bulk_complaint_level', long],
  ['AuthenticationDetails', 'authentication_details', jsonText],
  ['AttachmentCount', 'attachment_count', long],
  ['UrlCount', 'url_count', long],
  ['Connectors', 'connectors'],
  ['OrgLevelAction', 'org_level.action'],
  ['OrgLevelPolicy', 'org_level.policy'],
  ['UserLevelAction', 'user_level_action'],
  ['UserLevelPolicy', 'user_level_policy'],
  // EmailAttachmentInfo
  ['FileName', 'file.name'],
  ['FileType', 'file.type'],
  ['FileSize', 'file.size', long],
  ['SHA256', 'sha256'],
  // EmailUrlInfo, MessageUrlInfo, UrlClickEvents
  ['Url', 'url'],
  ['UrlDomain', 'url_domain'],
  ['UrlLocation', 'url_location'],
  ['UrlChain', 'url_chain'],
  ['IsClickedThrough', 'is_clicked_through', boolean],
  ['Workload', 'workload'],
  // Post-delivery actions
  ['Action', 'action.value'],
  ['ActionType', 'action.type'],
  ['ActionTrigger', 'action.trigger'],
  ['ActionResult', 'action.result'],
  // Teams messages
  ['TeamsMessageId', 'teams_message_id'],
  ['MessageId', 'message_id'],
  ['MessageVersion', 'message_version'],
  ['MessageSubject', 'subject'],
  ['LastEditedTime', 'last_edited_time'],
  ['SenderEmailAddress', 'sender_email_address'],
  ['SenderType', 'sender_type'],
  ['IsOwnedThread', 'is_owned_thread', boolean],
  ['IsExternalThread', 'is_external_thread', boolean],
  ['GroupId', 'group_id'],
  ['GroupName', 'group_name'],
  ['ThreadId', 'thread_id'],
  ['ThreadSubtype', 'thread_subtype'],
  ['SafetyTip', 'safety_tip'],
];

export const EMAIL_COLUMNS = columnTable('m365_defender.event', ROWS);
