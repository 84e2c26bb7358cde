import { HOSTILE_IPS } from '../catalog/places.js';
import type { TenantUser } from '../tenant.js';
import { msTime } from '../time.js';
import type { EventContext, TableBuilder } from './record.js';

/** Defender for Identity tables: AD authentications, queries, directory changes, account inventory. */
function identityColumns(context: EventContext, user: TenantUser, actionType: string, application: string): Record<string, unknown> {
  const { rng, tenant } = context;
  const dc = tenant.domainController;
  // The user's own workstation, else any device but the DC the request goes to.
  const device = tenant.devices.find((candidate) => candidate.primaryUser === user) ?? rng.pick(tenant.devices.filter((candidate) => candidate !== dc));
  return {
    Timestamp: msTime(context.timeMs, rng),
    ActionType: actionType,
    Application: application,
    AccountName: user.accountName,
    AccountDomain: `corp.${tenant.domain}`,
    AccountUpn: user.upn,
    AccountSid: user.sid,
    AccountObjectId: user.objectId,
    AccountDisplayName: user.displayName,
    DeviceName: device.name,
    IPAddress: device.localIp,
    Port: rng.int(49_152, 65_535),
    DestinationDeviceName: dc.fqdn,
    DestinationIPAddress: dc.localIp,
    DestinationPort: actionType.startsWith('Logon') ? 88 : 389,
    Location: null,
    ISP: null,
    ReportId: rng.guid(),
  };
}

export const identityLogonEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const user = rng.pick(tenant.users);
  const failed = rng.chance(0.15);
  const cloud = rng.chance(0.35);
  const columns = identityColumns(context, user, failed ? 'LogonFailed' : 'LogonSuccess', cloud ? 'Microsoft 365' : 'Active Directory');
  if (cloud) {
    // Entra sign-ins come from the Internet, sometimes from far away.
    const far = failed && rng.chance(0.4);
    Object.assign(columns, { IPAddress: far ? rng.pick(HOSTILE_IPS) : rng.pick(user.office.egressIps), DestinationDeviceName: null, DestinationIPAddress: null, DestinationPort: null, Location: far ? 'CN' : user.office.countryCode });
  }
  return Object.assign(columns, {
    LogonType: cloud ? 'OAuth2:Authorize' : rng.pick(['Resource access', 'Credentials validation', 'Interactive']),
    Protocol: cloud ? null : rng.pick(['Kerberos', 'Kerberos', 'Ntlm']),
    FailureReason: failed ? rng.pick(['WrongPassword', 'AccountDisabled', 'UnknownUser']) : null,
    DeviceType: 'Desktop',
    OSPlatform: cloud ? 'Windows 11' : null,
    TargetDeviceName: cloud ? null : tenant.domainController.fqdn,
    TargetAccountDisplayName: null,
    Isp: null,
    AdditionalFields: JSON.stringify({ Count: String(rng.int(1, 5)), 'Pass-through': 'false' }),
  });
};

const QUERIES: readonly (readonly [string, string, string])[] = [
  // [QueryType, QueryTarget, Query]
  ['AllUsers', 'corp', '(&(objectCategory=person)(objectClass=user))'],
  ['AllGroups', 'corp', '(objectClass=group)'],
  ['SensitiveGroup', 'Domain Admins', '(&(objectClass=group)(cn=Domain Admins))'],
  ['Dns', 'dc-01', 'dc-01.corp'],
  ['SamrQueryUser', 'Administrator', 'QueryUser'],
];

export const identityQueryEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const user = rng.pick(tenant.users);
  const [queryType, target, query] = rng.pick(QUERIES);
  return Object.assign(identityColumns(context, user, queryType === 'Dns' ? 'DNS query' : queryType.startsWith('Samr') ? 'SAMR query' : 'LDAP query', 'Active Directory'), {
    QueryType: queryType,
    QueryTarget: target,
    Query: query,
    Protocol: queryType === 'Dns' ? 'Dns' : queryType.startsWith('Samr') ? 'Samr' : 'Ldap',
    TargetDeviceName: tenant.domainController.fqdn,
    TargetAccountUpn: null,
    TargetAccountDisplayName: queryType === 'SamrQueryUser' ? target : null,
    AdditionalFields: JSON.stringify({ SourceComputerOperatingSystemType: 'windows', Count: '1' }),
  });
};

const DIRECTORY_ACTIONS = ['Account Password changed', 'Group Membership changed', 'Account Enabled changed', 'Directory Services replication'];

export const identityDirectoryEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const admin = tenant.users.find((user) => user.isAdmin) ?? rng.pick(tenant.users);
  const target = rng.pick(tenant.users);
  const action = rng.pick(DIRECTORY_ACTIONS);
  return Object.assign(identityColumns(context, admin, action, 'Active Directory'), {
    TargetAccountUpn: target.upn,
    TargetAccountDisplayName: target.displayName,
    TargetDeviceName: null,
    Protocol: action === 'Directory Services replication' ? 'Drsr' : null,
    AdditionalFields: JSON.stringify(action === 'Group Membership changed' ? { 'TO.GROUP': rng.pick(['Finance-Readers', 'VPN-Users', 'Domain Admins']), 'TARGET_OBJECT.USER': target.accountName } : { 'TARGET_OBJECT.USER': target.accountName }),
  });
};

export const identityInfo: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const user = rng.pick(tenant.users);
  const [givenName, surname] = user.isService ? [null, null] : user.displayName.split(' ');
  return {
    Timestamp: msTime(context.timeMs, rng),
    ReportId: rng.guid(),
    AccountObjectId: user.objectId,
    AccountUpn: user.upn,
    OnPremSid: user.sid,
    AccountDisplayName: user.displayName,
    AccountName: user.accountName,
    AccountDomain: `corp.${tenant.domain}`,
    GivenName: givenName ?? null,
    Surname: surname ?? null,
    Department: user.department,
    JobTitle: user.jobTitle,
    EmailAddress: user.isService ? null : user.upn,
    City: user.office.city,
    Country: user.office.country,
    IsAccountEnabled: true,
    CriticalityLevel: user.isAdmin ? 4 : null,
    Type: user.isService ? 'ServiceAccount' : 'User',
    DistinguishedName: `CN=${user.displayName},OU=${user.department},DC=corp,DC=${tenant.domain.split('.')[0]},DC=example`,
    SourceProviders: JSON.stringify(['ActiveDirectory', 'AzureActiveDirectory']),
    TenantId: tenant.id,
  };
};
