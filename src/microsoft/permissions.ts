import type { ApiName } from './api.js';

/**
 * The application permission a call needs (API reference §1.8), from its API, method and path,
 * so a 403 can say what to grant instead of just "forbidden".
 */
export function requiredPermission(api: ApiName, method: string, url: string): string | undefined {
  const path = pathOf(url).toLowerCase();
  const write = method !== 'GET';
  if (api === 'graph') {
    if (path.includes('/security/incidents')) {
      if (write) return 'SecurityIncident.ReadWrite.All';
      // $expand=alerts reads alert data too.
      return /[?&]\$expand=[^&]*alerts/i.test(url) ? 'SecurityIncident.Read.All and SecurityAlert.Read.All' : 'SecurityIncident.Read.All';
    }
    if (path.includes('/security/alerts_v2')) return write ? 'SecurityAlert.ReadWrite.All' : 'SecurityAlert.Read.All';
    return undefined;
  }
  if (path.includes('/vulnerabilities') || path.includes('softwarevulnerabilit')) return 'Vulnerability.Read.All';
  if (path.includes('softwareinventory') || path.includes('/software')) return 'Software.Read.All';
  if (path.includes('/alerts')) return 'Alert.Read.All';
  if (path.includes('/machines')) return 'Machine.Read.All';
  return undefined;
}

/** How to grant a permission, for the resource the API belongs to. */
export function howToGrant(api: ApiName, permission: string, clientId: string): string {
  const resource = api === 'graph' ? 'Microsoft Graph' : 'APIs my organization uses > WindowsDefenderATP';
  return `in Entra ID > App registrations > ${clientId} > API permissions > Add a permission > ${resource} > Application permissions, add ${permission}, then "Grant admin consent" (a tenant administrator must do it; it takes effect within minutes)`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
