/**
 * Detections the generated alerts are made of, one per Defender product, with the evidence each
 * kind of detection carries. Titles follow Microsoft's wording style; descriptions are ours.
 */
export type EvidenceKind = 'device' | 'process' | 'file' | 'user' | 'ip' | 'url' | 'registry' | 'mailbox' | 'message' | 'group' | 'cloudApp';

export interface Product {
  /** Graph `serviceSource`. */
  readonly serviceSource: string;
  /** `productName` and the display string Advanced Hunting uses for ServiceSource. */
  readonly productName: string;
  /** Graph alert ids start with a product prefix (`da…` for Endpoint). */
  readonly idPrefix: string;
}

export const PRODUCTS = {
  endpoint: { serviceSource: 'microsoftDefenderForEndpoint', productName: 'Microsoft Defender for Endpoint', idPrefix: 'da' },
  office: { serviceSource: 'microsoftDefenderForOffice365', productName: 'Microsoft Defender for Office 365', idPrefix: 'fa' },
  identity: { serviceSource: 'microsoftDefenderForIdentity', productName: 'Microsoft Defender for Identity', idPrefix: 'aa' },
  cloudApps: { serviceSource: 'microsoftDefenderForCloudApps', productName: 'Microsoft Defender for Cloud Apps', idPrefix: 'ca' },
} as const satisfies Record<string, Product>;

export interface Detection {
  readonly title: string;
  readonly description: string;
  readonly recommendedActions: string;
  readonly product: Product;
  /** Graph `detectionSource` and its Advanced Hunting display form. */
  readonly detectionSource: string;
  readonly ahDetectionSource: string;
  /** Kill-chain category (`category`, AH `Category`). */
  readonly category: string;
  readonly techniques: readonly (readonly [string, string])[];
  readonly severity: 'low' | 'medium' | 'high';
  readonly threatFamilyName: string | null;
  /** Determination when the alert is a true positive. */
  readonly determination: string;
  readonly evidence: readonly EvidenceKind[];
}

const INVESTIGATE = '1. Review the device timeline around the alert.\n2. Look for the same indicators on other devices.\n3. Contain the device if the activity is not expected.';

export const DETECTIONS: readonly Detection[] = [
  {
    title: 'Suspicious PowerShell command line', description: 'A PowerShell process ran with an encoded command and a hidden window, a common way to run downloaded code in memory.',
    recommendedActions: INVESTIGATE, product: PRODUCTS.endpoint, detectionSource: 'microsoftDefenderForEndpoint', ahDetectionSource: 'EDR', category: 'Execution',
    techniques: [['PowerShell', 'T1059.001']], severity: 'medium', threatFamilyName: null, determination: 'malware', evidence: ['device', 'process', 'user', 'url'],
  },
  {
    title: "'Mimikatz' credential theft tool", description: 'A known credential theft tool was detected on the device and blocked.',
    recommendedActions: INVESTIGATE, product: PRODUCTS.endpoint, detectionSource: 'antivirus', ahDetectionSource: 'Antivirus', category: 'CredentialAccess',
    techniques: [['LSASS Memory', 'T1003.001']], severity: 'high', threatFamilyName: 'Mimikatz', determination: 'malware', evidence: ['device', 'file', 'process', 'user'],
  },
  {
    title: 'Suspicious Run key modification', description: 'A process added a value to a Run key so that a program starts at every logon.',
    recommendedActions: INVESTIGATE, product: PRODUCTS.endpoint, detectionSource: 'microsoftDefenderForEndpoint', ahDetectionSource: 'EDR', category: 'Persistence',
    techniques: [['Registry Run Keys / Startup Folder', 'T1547.001']], severity: 'medium', threatFamilyName: null, determination: 'unwantedSoftware', evidence: ['device', 'registry', 'process'],
  },
  {
    title: 'Email messages containing malicious URL removed after delivery', description: 'Messages with a URL later found malicious were removed from mailboxes by zero-hour auto purge.',
    recommendedActions: 'Check whether recipients clicked the URL and reset their credentials if they did.', product: PRODUCTS.office, detectionSource: 'microsoftDefenderForOffice365', ahDetectionSource: 'MDO',
    category: 'InitialAccess', techniques: [['Spearphishing Link', 'T1566.002']], severity: 'medium', threatFamilyName: null, determination: 'phishing', evidence: ['mailbox', 'message', 'url', 'user'],
  },
  {
    title: 'Suspected brute-force attack (Kerberos, NTLM)', description: 'Many failed authentications against one account came from one source in a short time.',
    recommendedActions: 'Reset the account password and block the source.', product: PRODUCTS.identity, detectionSource: 'microsoftDefenderForIdentity', ahDetectionSource: 'MDI',
    category: 'CredentialAccess', techniques: [['Brute Force', 'T1110'], ['Password Guessing', 'T1110.001']], severity: 'medium', threatFamilyName: null, determination: 'compromisedAccount', evidence: ['device', 'user', 'ip'],
  },
  {
    title: 'Suspicious additions to sensitive groups', description: 'An account was added to a sensitive group by an account that does not usually do so.',
    recommendedActions: 'Confirm the change with the group owner and revert it if unexpected.', product: PRODUCTS.identity, detectionSource: 'microsoftDefenderForIdentity', ahDetectionSource: 'MDI',
    category: 'Persistence', techniques: [['Account Manipulation', 'T1098']], severity: 'high', threatFamilyName: null, determination: 'maliciousUserActivity', evidence: ['user', 'group'],
  },
  {
    title: 'Impossible travel activity', description: 'The same user signed in from two countries too far apart to travel between in the time observed.',
    recommendedActions: 'Confirm with the user and revoke sessions if the sign-in was not theirs.', product: PRODUCTS.cloudApps, detectionSource: 'cloudAppSecurity', ahDetectionSource: 'MCAS',
    category: 'InitialAccess', techniques: [['Valid Accounts', 'T1078'], ['Cloud Accounts', 'T1078.004']], severity: 'medium', threatFamilyName: null, determination: 'compromisedAccount', evidence: ['user', 'ip', 'cloudApp'],
  },
  {
    title: 'Suspicious inbox forwarding rule', description: 'A user created an inbox rule that forwards mail to an outside address.',
    recommendedActions: 'Remove the rule and review the mailbox sign-ins.', product: PRODUCTS.cloudApps, detectionSource: 'cloudAppSecurity', ahDetectionSource: 'MCAS',
    category: 'Collection', techniques: [['Email Forwarding Rule', 'T1114.003']], severity: 'low', threatFamilyName: null, determination: 'compromisedAccount', evidence: ['mailbox', 'user', 'ip', 'cloudApp'],
  },
];
