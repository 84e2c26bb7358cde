import { HOSTILE_IPS } from '../catalog/places.js';
import { msTime } from '../time.js';
import type { TableBuilder } from './record.js';

/** Defender for Cloud Apps activity (Microsoft 365 and connected SaaS). */
const ACTIVITIES: readonly (readonly [string, string, number, string, string])[] = [
  // [ActionType, Application, ApplicationId, ObjectType, Workload]
  ['FileAccessed', 'Microsoft SharePoint Online', 20892, 'File', 'SharePoint'],
  ['FileDownloaded', 'Microsoft OneDrive for Business', 15600, 'File', 'OneDrive'],
  ['MailItemsAccessed', 'Microsoft Exchange Online', 20893, 'Mailbox', 'Exchange'],
  ['New-InboxRule', 'Microsoft Exchange Online', 20893, 'Inbox rule', 'Exchange'],
  ['MessageSent', 'Microsoft Teams', 28711, 'Message', 'MicrosoftTeams'],
  ['Add member to role.', 'Microsoft Azure', 12260, 'User', 'AzureActiveDirectory'],
];

export const cloudAppEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const user = rng.pick(tenant.users);
  const [action, application, applicationId, objectType, workload] = rng.pick(ACTIVITIES);
  const odd = rng.chance(0.05);
  const objectName = objectType === 'File' ? `/sites/${user.department.toLowerCase().replace(/ /g, '')}/Shared Documents/${rng.pick(['plan.docx', 'salaries.xlsx', 'roadmap.pptx'])}` : user.upn;
  return {
    Timestamp: msTime(context.timeMs, rng),
    ActionType: action,
    Application: application,
    ApplicationId: applicationId,
    AppInstanceId: 0,
    AccountObjectId: user.objectId,
    AccountId: user.objectId,
    AccountDisplayName: user.displayName,
    AccountType: user.isAdmin ? 'Admin' : 'Regular',
    IsAdminOperation: action === 'Add member to role.',
    IsExternalUser: false,
    IsImpersonated: false,
    DeviceType: 'Desktop',
    OSPlatform: 'Windows 11',
    IPAddress: odd ? rng.pick(HOSTILE_IPS) : rng.pick(user.office.egressIps),
    IsAnonymousProxy: odd && rng.chance(0.5),
    CountryCode: odd ? 'CN' : user.office.countryCode,
    City: odd ? 'Changchun' : user.office.city,
    ISP: odd ? 'Example Hosting' : 'Example Broadband',
    UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ActivityType: action.startsWith('File') ? 'Download' : action.startsWith('New') ? 'Create' : 'Basic',
    ActivityObjects: JSON.stringify([{ Type: objectType, Name: objectName }]),
    ObjectName: objectName,
    ObjectType: objectType,
    ObjectId: rng.guid(),
    IPTags: odd ? JSON.stringify(['Hosting']) : null,
    IPCategory: odd ? 'Hosting' : 'Corporate',
    UserAgentTags: null,
    RawEventData: JSON.stringify({ Operation: action, Workload: workload, UserId: user.upn, ClientIP: 'redacted', ResultStatus: 'Succeeded', OrganizationId: tenant.id }),
    AdditionalFields: JSON.stringify({ IsSatelliteProvider: false }),
    LastSeenForUser: odd ? JSON.stringify({ ISP: -1, CountryCode: -1 }) : null,
    UncommonForUser: odd ? JSON.stringify(['ISP', 'CountryCode']) : null,
    AuditSource: 'Defender for Cloud Apps app connector',
    SessionData: null,
    OAuthAppId: null,
    ReportId: `${rng.hex(32)}_${rng.digits(10)}`,
  };
};
