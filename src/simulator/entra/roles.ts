/** Application permissions (app roles) the simulator's apps can hold, per API (§1.8). */
export const GRAPH_READ_ROLES = ['SecurityIncident.Read.All', 'SecurityAlert.Read.All'] as const;
export const GRAPH_WRITE_ROLES = ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All'] as const;
export const MDE_ROLES = ['Alert.Read.All', 'Vulnerability.Read.All', 'Machine.Read.All', 'Software.Read.All'] as const;

export const ALL_ROLES: readonly string[] = [...GRAPH_READ_ROLES, ...GRAPH_WRITE_ROLES, ...MDE_ROLES];

export type Audience = 'graph' | 'mde';

/** The roles of an app that a token for `audience` carries (a Graph token never holds MDE roles). */
export function rolesFor(audience: Audience, roles: readonly string[]): string[] {
  const own: readonly string[] = audience === 'graph' ? [...GRAPH_READ_ROLES, ...GRAPH_WRITE_ROLES] : MDE_ROLES;
  return roles.filter((role) => own.includes(role));
}

/** True if any of `accepted` is granted (a ReadWrite role also allows reading). */
export function hasAnyRole(granted: readonly string[], accepted: readonly string[]): boolean {
  return accepted.some((role) => granted.includes(role));
}
