/**
 * Offices and outside addresses. The public addresses are in the ranges the MaxMind test databases
 * (and GeoLite2) know, so a replay with GeoIP enrichment shows real `*.geo` fields; private
 * addresses are RFC 1918.
 */
export interface Office {
  readonly city: string;
  readonly country: string;
  readonly countryCode: string;
  /** Egress (NAT) addresses of the office. */
  readonly egressIps: readonly string[];
  /** First three octets of the office LAN. */
  readonly lanPrefix: string;
}

export const OFFICES: readonly Office[] = [
  { city: 'London', country: 'United Kingdom', countryCode: 'GB', egressIps: ['81.2.69.142', '81.2.69.144', '81.2.69.160'], lanPrefix: '10.40.7' },
  { city: 'Linköping', country: 'Sweden', countryCode: 'SE', egressIps: ['89.160.20.112', '89.160.20.128'], lanPrefix: '10.41.2' },
  { city: 'Milton', country: 'United States', countryCode: 'US', egressIps: ['216.160.83.56', '216.160.83.58'], lanPrefix: '10.42.9' },
];

/** Addresses attackers come from in the generated stories (test ranges in China and Bhutan). */
export const HOSTILE_IPS = ['175.16.199.0', '175.16.199.23', '67.43.156.0', '67.43.156.14', '2a02:cf40::'];

/** Benign outside services endpoints talk to. */
export const BENIGN_REMOTES: readonly (readonly [string, string])[] = [
  ['login.microsoftonline.com', '20.190.151.68'],
  ['outlook.office365.com', '52.97.146.162'],
  ['teams.microsoft.com', '52.113.194.132'],
  ['update.googleapis.com', '142.250.74.99'],
  ['github.com', '140.82.121.4'],
  ['time.windows.com', '168.61.215.74'],
  ['ctldl.windowsupdate.com', '93.184.221.240'],
];

/** Invented hostile domains (all under `.example`). */
export const HOSTILE_DOMAINS = ['cdn-sync-updates.example', 'invoice-notices.example', 'secure-docs-share.example', 'm1crosoft-login.example'];

/** Invented partner domains mail comes from. */
export const PARTNER_DOMAINS = ['adatum.example', 'litware.example', 'proseware.example', 'wingtiptoys.example'];
