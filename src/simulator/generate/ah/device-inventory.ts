import { WINDOWS_PROGRAMS } from '../catalog/processes.js';
import { msTime } from '../time.js';
import { deviceColumns, pickDevice } from './columns.js';
import type { TableBuilder } from './record.js';

/** Inventory snapshots: the device itself, its network adapters, the certificates of its files. */
export const deviceInfo: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const device = pickDevice(context);
  const user = device.primaryUser;
  return Object.assign(deviceColumns(context, device, null), {
    ClientVersion: device.clientVersion,
    PublicIP: device.publicIp,
    OSArchitecture: '64-bit',
    OSPlatform: device.osPlatform,
    OSBuild: device.osBuild,
    OSVersion: device.osVersion,
    OSVersionInfo: device.osVersionInfo,
    OSDistribution: device.osDistribution,
    IsAzureADJoined: device.aadDeviceId !== null,
    JoinType: device.aadDeviceId !== null ? 'Hybrid Azure AD Join' : null,
    AadDeviceId: device.aadDeviceId,
    LoggedOnUsers: JSON.stringify(user ? [{ UserName: user.accountName, DomainName: tenant.netbiosDomain, Sid: user.sid }] : []),
    RegistryDeviceTag: null,
    OnboardingStatus: 'Onboarded',
    DeviceCategory: 'Endpoint',
    DeviceType: device.kind,
    DeviceSubtype: null,
    Model: device.model,
    Vendor: device.vendor,
    MergedDeviceIds: null,
    MergedToDeviceId: null,
    IsInternetFacing: device.kind === 'Server' && rng.chance(0.2),
    SensorHealthState: 'Active',
    IsExcluded: false,
    ExclusionReason: null,
    ExposureLevel: rng.pick(['Low', 'Medium', 'High']),
    AssetValue: device.name.startsWith('dc-') ? 'High' : 'Normal',
    DeviceManualTags: JSON.stringify(device.kind === 'Server' ? ['Production'] : []),
    DeviceDynamicTags: '[]',
    ConnectivityType: 'Streamlined',
    HostDeviceId: null,
    AdditionalFields: null,
  });
};

export const deviceNetworkInfo: TableBuilder = (context) => {
  const { rng } = context;
  const device = pickDevice(context);
  const gateway = `${device.office.lanPrefix}.1`;
  return Object.assign(deviceColumns(context, device, null), {
    NetworkAdapterName: device.family === 'windows' ? 'Ethernet' : 'eth0',
    MacAddress: device.mac,
    NetworkAdapterType: 'Ethernet',
    NetworkAdapterStatus: 'Up',
    NetworkAdapterVendor: rng.pick(['Intel Corporation', 'Realtek', 'Microsoft']),
    TunnelType: 'None',
    ConnectedNetworks: JSON.stringify([{ Name: `corp.${context.tenant.domain}`, Description: 'Corporate network', IsConnectedToInternet: true, Category: 'Domain' }]),
    DnsAddresses: JSON.stringify([`${device.office.lanPrefix}.10`, `${device.office.lanPrefix}.11`]),
    IPv4Dhcp: `${device.office.lanPrefix}.2`,
    IPv6Dhcp: null,
    DefaultGateways: JSON.stringify([gateway]),
    IPAddresses: JSON.stringify([
      { IPAddress: device.localIp, SubnetPrefix: 24, AddressType: 'Private' },
      { IPAddress: `fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`, SubnetPrefix: 64, AddressType: 'Private' },
    ]),
  });
};

export const deviceFileCertificateInfo: TableBuilder = (context) => {
  const { rng } = context;
  const device = pickDevice(context);
  const program = rng.pick(WINDOWS_PROGRAMS);
  const signer = program.company || 'Microsoft Windows';
  const signerHashes = rng.fork(`signer:${signer}`);
  const created = context.timeMs - rng.int(100, 700) * 86_400_000;
  const columns = deviceColumns(context, device, null);
  delete columns.ActionType;
  return Object.assign(columns, {
    SHA1: program.sha1,
    IsSigned: true,
    SignatureType: rng.pick(['Embedded', 'Catalog']),
    Signer: signer,
    SignerHash: signerHashes.hex(40),
    Issuer: signer.startsWith('Microsoft') ? 'Microsoft Windows Production PCA 2011' : 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1',
    IssuerHash: signerHashes.hex(40),
    CertificateSerialNumber: signerHashes.hex(38),
    CrlDistributionPointUrls: JSON.stringify(['http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl']),
    CertificateCreationTime: msTime(created, rng),
    CertificateExpirationTime: msTime(created + 400 * 86_400_000, rng),
    CertificateCountersignatureTime: msTime(created + rng.int(1, 300) * 86_400_000, rng),
    IsTrusted: true,
    IsRootSignerMicrosoft: signer.startsWith('Microsoft'),
  });
};
