/**
 * Graph security query URLs (relative to the client's `…/v1.0` base). Query option names keep
 * their `$`; values are percent-encoded. DateTimeOffset literals are unquoted ISO 8601 UTC.
 */
export function changedSinceQuery(collection: 'security/incidents' | 'security/alerts_v2', fromMs: number, top: number, expandAlerts: boolean): string {
  const filter = `lastUpdateDateTime ge ${new Date(fromMs).toISOString()}`;
  const expand = expandAlerts ? '&$expand=alerts' : '';
  return `${collection}?$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent('lastUpdateDateTime asc')}&$top=${top}${expand}`;
}

/** The alerts of one incident, for the `$expand=alerts` fallback. */
export function incidentAlertsQuery(incidentId: string, top: number): string {
  const quoted = incidentId.replaceAll("'", "''");
  return `security/alerts_v2?$filter=${encodeURIComponent(`incidentId eq '${quoted}'`)}&$top=${top}`;
}
