import { columnTable, type ColumnRow, type ColumnTable } from '../../ecs/column-map.js';
import { boolean, date, INVALID, ip, json, keyword, keywordList, long, type Converter } from '../../ecs/convert.js';
import { keyword as keywordText, own } from '../../ecs/scalar.js';

/**
 * Every column of the Device* tables and CloudProcessEvents that Elastic's device pipeline keeps,
 * with its place under `m365_defender.event` and its conversion. The names are Elastic's, not a
 * mechanical snake_case (`InitiatingProcessAccountName` → `initiating_process.account_name`,
 * `LoggedOnUsers` → `active_users`). Columns missing here (IsProcessRemoteSession,
 * `_TimeReceivedBySvc`…) are not indexed by Elastic either; they stay in `event.original`.
 */
export const VENDOR_PREFIX = 'm365_defender.event';

/** `LoggedOnUsers` (`[{"UserName":"a"},…]`) becomes the list of user names. */
const loggedOnUsers: Converter = {
  type: 'keyword[]',
  convert(value) {
    const list = json.convert(value);
    if (list === INVALID || !Array.isArray(list)) return INVALID;
    const names: string[] = [];
    for (const entry of list) {
      const name = keywordText(own(entry, 'UserName'));
      if (typeof name === 'string' && name.length > 0 && !names.includes(name)) names.push(name);
    }
    return names.length > 0 ? names : undefined;
  },
};

/** Adapter names come as GUIDs in braces (`{31D7…}`); Elastic strips the braces. */
const BRACES = /^\{|\}$/g;
const adapterName: Converter = {
  type: 'keyword',
  convert(value) {
    const text = keyword.convert(value);
    return typeof text === 'string' ? text.replace(BRACES, '') : text;
  },
};

const COMMON: readonly ColumnRow[] = [
  ['DeviceId', 'device.id'],
  ['DeviceName', 'device.name'],
  ['ActionType', 'action.type'],
  ['ReportId', 'report_id'],
  ['MachineGroup', 'machine_group'],
  ['AppGuardContainerId', 'app_guard_container_id'],
  ['AdditionalFields', 'additional_fields', json],
];

const FILE: readonly ColumnRow[] = [
  ['FileName', 'file.name'],
  ['FolderPath', 'folder_path'],
  ['FileSize', 'file.size', long],
  ['SHA1', 'sha1'],
  ['SHA256', 'sha256'],
  ['MD5', 'md5'],
  ['FileOriginUrl', 'file.origin_url'],
  ['FileOriginIP', 'file.origin_ip', ip],
  ['FileOriginReferrerUrl', 'file.origin_referrer_url'],
  ['PreviousFileName', 'previous.file_name'],
  ['PreviousFolderPath', 'previous.folder_path'],
  ['SensitivityLabel', 'sensitivity.label'],
  ['SensitivitySubLabel', 'sensitivity.sub_label'],
  ['IsAzureInfoProtectionApplied', 'is_azure_info_protection_applied', boolean],
  ['ShareName', 'share_name'],
  ['RequestProtocol', 'request.protocol'],
  ['RequestSourceIP', 'request.source_ip', ip],
  ['RequestSourcePort', 'request.source_port', long],
  ['RequestAccountName', 'request.account_name'],
  ['RequestAccountDomain', 'request.account_domain'],
  ['RequestAccountSid', 'request.account_sid'],
];

const ACCOUNT: readonly ColumnRow[] = [
  ['AccountDomain', 'account.domain'],
  ['AccountName', 'account.name'],
  ['AccountSid', 'account.sid'],
  ['AccountUpn', 'account.upn'],
  ['AccountObjectId', 'account.object_id'],
  ['LogonId', 'logon.id'],
  ['LogonType', 'logon.type'],
  ['IsLocalAdmin', 'is_local_admin', boolean],
  ['FailureReason', 'failure_reason'],
  ['Protocol', 'protocol'],
];

const PROCESS: readonly ColumnRow[] = [
  ['ProcessId', 'process.id', long],
  ['ProcessCommandLine', 'process.command_line'],
  ['ProcessCreationTime', 'process.creation_time', date],
  ['ProcessIntegrityLevel', 'process.integrity_level'],
  ['ProcessTokenElevation', 'process.token_elevation'],
  ['ProcessVersionInfoCompanyName', 'process.version_info_company_name'],
  ['ProcessVersionInfoFileDescription', 'process.version_info_file_description'],
  ['ProcessVersionInfoInternalFileName', 'process.version_info_internal_file_name'],
  ['ProcessVersionInfoOriginalFileName', 'process.version_info_original_file_name'],
  ['ProcessVersionInfoProductName', 'process.version_info_product_name'],
  ['ProcessVersionInfoProductVersion', 'process.version_info_product_version'],
];

const INITIATING_PROCESS: readonly ColumnRow[] = [
  ['InitiatingProcessAccountDomain', 'initiating_process.account_domain'],
  ['InitiatingProcessAccountName', 'initiating_process.account_name'],
  ['InitiatingProcessAccountObjectId', 'initiating_process.account_object_id'],
  ['InitiatingProcessAccountSid', 'initiating_process.account_sid'],
  ['InitiatingProcessAccountUpn', 'initiating_process.account_upn'],
  ['InitiatingProcessCommandLine', 'initiating_process.command_line'],
  ['InitiatingProcessCreationTime', 'initiating_process.creation_time', date],
  ['InitiatingProcessFileName', 'initiating_process.file_name'],
  ['InitiatingProcessFileSize', 'initiating_process.file_size', long],
  ['InitiatingProcessFolderPath', 'initiating_process.folder_path'],
  ['InitiatingProcessId', 'initiating_process.id', long],
  ['InitiatingProcessIntegrityLevel', 'initiating_process.integrity_level'],
  ['InitiatingProcessLogonId', 'initiating_process.logon_id'],
  ['InitiatingProcessMD5', 'initiating_process.md5'],
  ['InitiatingProcessParentCreationTime', 'initiating_process.parent_creation_time', date],
  ['InitiatingProcessParentFileName', 'initiating_process.parent_file_name'],
  ['InitiatingProcessParentId', 'initiating_process.parent_id', long],
  ['InitiatingProcessSHA1', 'initiating_process.sha1'],
  ['InitiatingProcessSHA256', 'initiating_process.sha256'],
  ['InitiatingProcessSignatureStatus', 'initiating_process.signature_status'],
  ['InitiatingProcessSignerType', 'initiating_process.signer_type'],
  ['InitiatingProcessTokenElevation', 'initiating_process.token_elevation'],
  ['InitiatingProcessVersionInfoCompanyName', 'initiating_process.version_info_company_name'],
  ['InitiatingProcessVersionInfoFileDescription', 'initiating_process.version_info_file_description'],
  ['InitiatingProcessVersionInfoInternalFileName', 'initiating_process.version_info_internal_file_name'],
  ['InitiatingProcessVersionInfoOriginalFileName', 'initiating_process.version_info_original_file_name'],
  ['InitiatingProcessVersionInfoProductName', 'initiating_process.version_info_product_name'],
  ['InitiatingProcessVersionInfoProductVersion', 'initiating_process.version_info_product_version'],
];

const NETWORK: readonly ColumnRow[] = [
  ['LocalIP', 'local.ip', ip],
  ['LocalIPType', 'local.ip_type'],
  ['LocalPort', 'local.port', long],
  ['RemoteIP', 'remote.ip', ip],
  ['RemoteIPType', 'remote.ip_type'],
  ['RemotePort', 'remote.port', long],
  ['RemoteUrl', 'remote.url'],
  ['RemoteDeviceName', 'remote.device_name'],
];

const REGISTRY: readonly ColumnRow[] = [
  ['RegistryKey', 'registry.key'],
  ['RegistryValueName', 'registry.value_name'],
  ['RegistryValueData', 'registry.value_data'],
  ['RegistryValueType', 'registry.value_type'],
  ['PreviousRegistryKey', 'previous.registry_key'],
  ['PreviousRegistryValueName', 'previous.registry_value_name'],
  ['PreviousRegistryValueData', 'previous.registry_value_data'],
];

const CERTIFICATE: readonly ColumnRow[] = [
  ['CertificateCountersignatureTime', 'certificate.countersignature_time', date],
  ['CertificateCreationTime', 'certificate.creation_time', date],
  ['CertificateExpirationTime', 'certificate.expiration_time', date],
  ['CertificateSerialNumber', 'certificate.serial_number'],
  ['CrlDistributionPointUrls', 'crl_distribution_point_urls', keywordList],
  ['IsRootSignerMicrosoft', 'is_root_signer_microsoft', boolean],
  ['IsSigned', 'is_signed', boolean],
  ['IsTrusted', 'is_trusted', boolean],
  ['Issuer', 'issuer'],
  ['IssuerHash', 'issuer_hash'],
  ['SignatureType', 'signature_type'],
  ['Signer', 'signer'],
  ['SignerHash', 'signer_hash'],
];

const DEVICE_INFO: readonly ColumnRow[] = [
  ['AadDeviceId', 'aad_device_id'],
  ['AssetValue', 'asset_value'],
  ['ClientVersion', 'client_version'],
  ['DeviceCategory', 'device.category'],
  ['DeviceType', 'device.type'],
  ['DeviceSubtype', 'device.sub_type'],
  ['DeviceDynamicTags', 'device_dynamic_tags'],
  ['DeviceManualTags', 'device_manual_tags'],
  ['ExclusionReason', 'exclusion_reason'],
  ['ExposureLevel', 'exposure_level'],
  ['IsAzureADJoined', 'is_azure_ad_joined', boolean],
  ['IsExcluded', 'is_excluded', boolean],
  ['IsInternetFacing', 'is_internet_facing', boolean],
  ['JoinType', 'join_type'],
  ['LoggedOnUsers', 'active_users', loggedOnUsers],
  ['MergedDeviceIds', 'merged_device_ids'],
  ['MergedToDeviceId', 'merged_to_device_id'],
  ['Model', 'model'],
  ['Vendor', 'vendor'],
  ['OnboardingStatus', 'onboarding_status'],
  ['OSArchitecture', 'os.architecture'],
  ['OSBuild', 'os.build'],
  ['OSDistribution', 'os.distribution'],
  ['OSPlatform', 'os.platform'],
  ['OSVersion', 'os.version'],
  ['OSVersionInfo', 'os.version_info'],
  ['PublicIP', 'public_ip.value', ip],
  ['RegistryDeviceTag', 'registry.device_tag'],
  ['SensorHealthState', 'sensor_health_state'],
];

const NETWORK_INFO: readonly ColumnRow[] = [
  ['ConnectedNetworks', 'connected_networks', json],
  ['DefaultGateways', 'default_gateways', keywordList],
  ['DnsAddresses', 'dns_addresses', keywordList],
  ['IPAddresses', 'ip_addresses', json],
  ['IPv4Dhcp', 'ipv4_dhcp', ip],
  ['IPv6Dhcp', 'ipv6_dhcp', ip],
  ['MacAddress', 'mac_address'],
  ['NetworkAdapterName', 'network.adapter_name', adapterName],
  ['NetworkAdapterStatus', 'network.adapter_status'],
  ['NetworkAdapterType', 'network.adapter_type'],
  ['NetworkAdapterVendor', 'network.adapter_vendor'],
  ['TunnelType', 'tunnel_type'],
];

/** CloudProcessEvents (5.11): Elastic kept Microsoft's names, snake_cased, at the top level. */
const CLOUD_PROCESS: readonly ColumnRow[] = [
  ['AzureResourceId', 'azure_resource_id'],
  ['AwsResourceName', 'aws_resource_name'],
  ['GcpFullResourceName', 'gcp_full_resource_name'],
  ['ContainerId', 'container_id'],
  ['ContainerImageName', 'container_image_name'],
  ['ContainerName', 'container_name'],
  ['KubernetesNamespace', 'kubernetes_namespace'],
  ['KubernetesPodName', 'kubernetes_pod_name'],
  ['KubernetesResource', 'kubernetes_resource'],
  ['ProcessName', 'process_name'],
  ['ParentProcessName', 'parent_process_name'],
  ['ParentProcessId', 'parent_process_id', long],
  ['ProcessCurrentWorkingDirectory', 'process_current_working_directory'],
];

export const DEVICE_COLUMNS: ColumnTable = columnTable(
  VENDOR_PREFIX,
  COMMON,
  FILE,
  ACCOUNT,
  PROCESS,
  INITIATING_PROCESS,
  NETWORK,
  REGISTRY,
  CERTIFICATE,
  DEVICE_INFO,
  NETWORK_INFO,
  CLOUD_PROCESS,
);
