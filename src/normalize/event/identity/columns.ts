import { columnTable, type ColumnRow } from '../../ecs/column-map.js';
import { boolean, date, ip, json, keywordList, long } from '../../ecs/convert.js';

/**
 * The columns of the Identity*, CloudAppEvents and Cloud{Audit,StorageAggregated}Events tables that
 * Elastic's pipeline_app_and_identity keeps under `m365_defender.event`, with Elastic's names.
 * Numeric ids (ApplicationId, AccountTenantId) become keywords; booleans accept 0/1 and text.
 * Columns not listed (e.g. CloudStorageAggregatedEvents' AzureResourceId) are not indexed by
 * Elastic either and stay in `event.original`.
 */
const ACCOUNT: readonly ColumnRow[] = [
  ['AccountName', 'account.name'],
  ['AccountDomain', 'account.domain'],
  ['AccountSid', 'account.sid'],
  ['AccountObjectId', 'account.object_id'],
  ['AccountUpn', 'account.upn'],
  ['AccountDisplayName', 'account.display_name'],
  ['AccountId', 'account.id'],
  ['AccountType', 'account.type'],
];

const COMMON: readonly ColumnRow[] = [
  ['ReportId', 'report_id'],
  ['ActionType', 'action.type'],
  ['AdditionalFields', 'additional_fields', json],
  ['RawEventData', 'raw_event_data', json],
  ['Application', 'application'],
  ['ApplicationId', 'application_id'],
  ['IPAddress', 'ip_address', ip],
  ['Location', 'location'],
  ['City', 'city'],
  ['CountryCode', 'country_code'],
  ['ISP', 'isp'],
  ['Isp', 'isp'],
  ['IsAnonymousProxy', 'is_anonymous_proxy', boolean],
  ['UserAgent', 'user_agent'],
  ['DataSource', 'data_source'],
];

/** IdentityLogonEvents, IdentityQueryEvents, IdentityDirectoryEvents. */
const IDENTITY_EVENTS: readonly ColumnRow[] = [
  ['DeviceName', 'device.name'],
  ['DeviceType', 'device.type'],
  ['OSPlatform', 'os.platform'],
  ['Port', 'port', long],
  ['Protocol', 'protocol'],
  ['LogonType', 'logon.type'],
  ['FailureReason', 'failure_reason'],
  ['DestinationDeviceName', 'destination.device_name'],
  ['DestinationIPAddress', 'destination.ip_address', ip],
  ['DestinationPort', 'destination.port', long],
  ['TargetDeviceName', 'target.device_name'],
  ['TargetAccountDisplayName', 'target.account_display_name'],
  ['TargetAccountUpn', 'target.account_upn'],
  ['Query', 'query.value'],
  ['QueryTarget', 'query.target'],
  ['QueryType', 'query.type'],
  ['IsAdminOperation', 'is_admin_operation', boolean],
];

const CLOUD_APP: readonly ColumnRow[] = [
  ['ActivityType', 'activity.type'],
  ['ActivityObjects', 'activity.objects', json],
  ['AppInstanceId', 'app_instance_id', long],
  ['IPCategory', 'ip_category'],
  ['IPTags', 'ip_tags', keywordList],
  ['IsExternalUser', 'is_external_user', boolean],
  ['IsImpersonated', 'is_impersonated', boolean],
  ['ObjectId', 'object.id'],
  ['ObjectName', 'object.name'],
  ['ObjectType', 'object.type'],
  ['UserAgentTags', 'user_agent_tags', keywordList],
];

const CLOUD_AUDIT: readonly ColumnRow[] = [
  ['OperationName', 'properties_operation_name'],
  ['ResourceId', 'resource_id'],
];

const CLOUD_STORAGE: readonly ColumnRow[] = [
  ['DataAggregationStartTime', 'data_aggregation_start_time', date],
  ['DataAggregationEndTime', 'data_aggregation_end_time', date],
  ['FirstEventTimestamp', 'first_event_timestamp', date],
  ['LastEventTimestamp', 'last_event_timestamp', date],
  ['SubscriptionId', 'subscription_id'],
  ['ResourceGroup', 'resource_group'],
  ['StorageAccount', 'storage_account'],
  ['StorageContainer', 'storage_container'],
  ['StorageFileShare', 'storage_file_share'],
  ['ServiceType', 'service_type'],
  ['IpAddress', 'storage_ip_address', ip],
  ['UserAgentHeader', 'user_agent_header'],
  ['OperationNamesList', 'operation_names_list', keywordList],
  ['AuthenticationType', 'authentication_type'],
  ['AccountTenantId', 'account_tenant_id'],
  ['AccountApplicationId', 'account_application_id'],
  ['OperationsCount', 'operations_count', long],
  ['SuccessfulOperationsCount', 'successful_operations_count', long],
  ['FailedOperationsCount', 'failed_operations_count', long],
  ['TotalResponseLength', 'total_response_length', long],
  ['SuccessfulReadOperations', 'successful_read_operations', long],
  ['DistinctGetOperations', 'distinct_get_operations', long],
  ['AnonymousSuccessfulOperations', 'anonymous_successful_operations', long],
  ['HasAnonymousResourceNotFoundFailures', 'has_anonymous_resource_not_found_failures', boolean],
  ['CountryName', 'country_name'],
  ['CityName', 'city_name'],
  ['ProvinceName', 'province_name'],
  ['ClientSystemServiceName', 'client_system_service_name'],
  ['ClientCloudPlatformName', 'client_cloud_platform_name'],
  ['IsTorExitNode', 'is_tor_exit_node', boolean],
  ['IsKnownSuspiciousIp', 'is_known_suspicious_ip', boolean],
  ['IsPrivateIp', 'is_private_ip', boolean],
  ['SuspiciousUserAgentName', 'suspicious_user_agent_name'],
];

/**
 * IdentityInfo (account inventory, 2.19.0): Entra/AD attributes under `account.*`, as Elastic's
 * field list names them. Its `City`, `Country`, `Type`… describe the account, not a sign-in.
 */
const IDENTITY_INFO: readonly ColumnRow[] = [
  ['ReportId', 'report_id'],
  ['OnPremSid', 'account.on_prem_sid'],
  ['CloudSid', 'account.cloud_sid'],
  ['GivenName', 'account.given_name'],
  ['Surname', 'account.surname'],
  ['Department', 'account.department'],
  ['JobTitle', 'account.job_title'],
  ['EmailAddress', 'account.email_address'],
  ['SipProxyAddress', 'account.sip_proxy_address'],
  ['Address', 'account.address'],
  ['City', 'account.city'],
  ['State', 'account.state'],
  ['Country', 'account.country'],
  ['IsAccountEnabled', 'account.is_enabled', boolean],
  ['Manager', 'account.manager'],
  ['Phone', 'account.phone'],
  ['CreatedDateTime', 'account.created', date],
  ['DeletedDateTime', 'account.deleted_date_time', date],
  ['CompanyName', 'account.company_name'],
  ['EmployeeId', 'account.employee_id'],
  ['OtherMailAddresses', 'account.other_mail_addresses', keywordList],
  ['DistinguishedName', 'account.distinguished_name'],
  ['Type', 'account.type'],
  ['Tags', 'account.tags', keywordList],
  ['AssignedRoles', 'account.assigned_roles', keywordList],
  ['BlastRadius', 'account.blast_radius'],
  ['CriticalityLevel', 'account.criticality_level'],
  ['RiskLevel', 'account.risk_level'],
  ['RiskLevelDetails', 'account.risk_level_details'],
  ['SourceProvider', 'source_provider'],
  ['SourceSystem', 'source_system'],
  ['ChangeSource', 'change_source'],
  ['AdditionalFields', 'additional_fields', json],
];

const PREFIX = 'm365_defender.event';
export const IDENTITY_EVENT_COLUMNS = columnTable(PREFIX, ACCOUNT, COMMON, IDENTITY_EVENTS);
export const CLOUD_APP_COLUMNS = columnTable(PREFIX, ACCOUNT, COMMON, IDENTITY_EVENTS, CLOUD_APP);
export const CLOUD_AUDIT_COLUMNS = columnTable(PREFIX, ACCOUNT, COMMON, CLOUD_AUDIT);
export const CLOUD_STORAGE_COLUMNS = columnTable(PREFIX, ACCOUNT, COMMON, CLOUD_STORAGE);
export const IDENTITY_INFO_COLUMNS = columnTable(PREFIX, ACCOUNT, IDENTITY_INFO);
