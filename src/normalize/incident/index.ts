import { pageItems } from '../alert/page.js';
import type { NormalizedDocument, NormalizeOptions, RawInput } from '../types.js';
import { incidentDocument } from './document.js';
import { perAlertUnits, perIncidentUnit } from './split.js';

export { INCIDENT_ECS_VERSION, INCIDENT_ID_FIELDS } from './document.js';

/**
 * The incident stream. A line is one incident whose `alerts` is a single object (what Elastic's
 * collector emits), a list (a raw Graph incident) or absent. By default every (incident, alert)
 * pair is one document, as in Elastic; `incidentOutput: 'per_incident'` gives one document per
 * incident with all its alerts. A page `{"value": [...]}` yields the documents of each incident;
 * the empty last page none.
 */
export function normalizeIncident(input: RawInput, options: NormalizeOptions): NormalizedDocument[] {
  const incidents = pageItems(input.json);
  if (incidents === undefined) return incidentDocuments(input.json, input.original, input.original, options);
  return incidents.flatMap((incident) => incidentDocuments(incident, JSON.stringify(incident) ?? 'null', input.original, options));
}

function incidentDocuments(incident: unknown, original: string, line: string, options: NormalizeOptions): NormalizedDocument[] {
  const units = options.incidentOutput === 'per_incident' ? [perIncidentUnit(incident, original)] : perAlertUnits(incident, original);
  return units.map((unit) => incidentDocument(unit, line, options));
}
