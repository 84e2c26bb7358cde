/** Application permissions (app roles) the simulator's apps can hold, per API (§1.8). */
export const GRAPH_READ_ROLES = ['SecurityIncident.Read.All', 'SecurityAlert.Read.All'] as const;
export const GRAPH_WRITE_ROLES = ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All'] as const;
export const MDE_ROLES = ['Alert.Read.All', 'Vulnerability.Read.All', 'Machine.Read.All', 'Software.Read.All'] as const;

export const ALL_ROLES: readonly string[] = [...GRAPH_READ_ROLES, ...GRAPH_WRITE_ROLES, ...MDE_ROLES];

/** The APIs the simulator issues tokens for: Graph, Defender for Endpoint, Event Hubs (the emulator's $cbs) and Blob Storage (Azurite). */
export type Audience = 'graph' | 'mde' | 'eventhubs' | 'storage';

/** Azure resources: their tokens carry no app roles and are v1 tokens (issuer `https://sts.windows.net/<tenant>/`). */
export function isAzureResource(audience: Audience): boolean {
  return audience === 'eventhubs' || audience === 'storage';
}

/**
 * The roles of an app that a token for `audience` carries (a Graph token never holds MDE roles).
 * Event Hubs and Storage tokens carry none: Azure RBAC role assignments are checked by the service, not
 * written into the token.
 */
export function rolesFor(audience: Audience, roles: readonly string[]): string[] {
  if (isAzureResource(audience)) return [];
  const own: readonly string[] = audience === 'graph' ? [...GRAPH_READ_ROLES, ...GRAPH_WRITE_ROLES] : MDE_ROLES;
  return roles.filter((role) => own.includes(role));
}

/** True if any of `accepted` is granted (a ReadWrite role also allows reading). */
export function hasAnyRole(granted: readonly string[], accepted: readonly string[]): boolean {
  return accepted.some((role) => granted.includes(role));
}
