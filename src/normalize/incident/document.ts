import { addCommentAuthors } from '../alert/comments.js';
import { determinationCategory, setEventCategories } from '../alert/classification.js';
import { mapCommonFields } from '../alert/common.js';
import { alertProperties } from '../alert/properties.js';
import { mapAlertThreat } from '../alert/threat.js';
import { fingerprint, fingerprintValues } from '../ecs/fingerprint.js';
import { isPlainObject, newObject, setPath, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';
import { INCIDENT_EVIDENCE } from '../evidence/index.js';
import { finishDocument } from '../finish.js';
import type { NormalizedDocument, NormalizeOptions } from '../types.js';
import { removeIncidentDuplicates } from './duplicates.js';
import { incidentProperties } from './properties.js';
import { identityOf, type IncidentUnit } from './split.js';

export const INCIDENT_ECS_VERSION = '8.11.0';

/** Elastic's `_id`: one document per incident version × alert version. */
export const INCIDENT_ID_FIELDS = ['id', 'lastUpdateDateTime', 'incidentWebUrl', 'createdDateTime', 'alerts.id', 'alerts.lastUpdateDateTime'];

/**
 * One incident (with the alerts of its unit) → one ECS document. `line` replaces event.original
 * on a document that failed, so the exact input can be replayed.
 */
export function incidentDocument(unit: IncidentUnit, line: string, options: NormalizeOptions): NormalizedDocument {
  const doc = newObject();
  const errors: string[] = [];
  setPath(doc, 'ecs.version', INCIDENT_ECS_VERSION);
  setPath(doc, 'event.kind', 'alert');
  if (isPlainObject(unit.incident)) mapIncident(unit.incident, doc, errors);
  else errors.push('the incident is not a JSON object');
  mapAlerts(unit.alerts, doc, errors);
  if (!options.preserveDuplicateCustomFields) removeIncidentDuplicates(doc);
  const identity = identityOf(unit);
  const id = (identity && fingerprint(identity, INCIDENT_ID_FIELDS)) ?? fingerprintValues('incident', unit.original);
  return { id, doc: finishDocument(doc, errors.length > 0 ? line : unit.original, errors, options) };
}

/** The incident's own properties → m365_defender.incident.* and ECS. */
function mapIncident(incident: JsonObject, doc: JsonObject, errors: string[]): void {
  const vendor = incidentProperties(incident, errors);
  setPath(doc, 'm365_defender.incident', vendor);
  mapCommonFields(doc, vendor, 'display_name');
  addCommentAuthors(own(incident, 'comments'), doc);
  // Only the incident's determination classifies it: Elastic's current incident sample carries
  // device, file, process and registry evidence and still has no event.category.
  setEventCategories(doc, [determinationCategory(keyword(vendor.determination))]);
}

/** The unit's alerts → m365_defender.incident.alert (one object, or a list in per-incident mode). */
function mapAlerts(alerts: readonly unknown[], doc: JsonObject, errors: string[]): void {
  const vendors: JsonObject[] = [];
  for (const alert of alerts) {
    if (!isPlainObject(alert)) {
      errors.push('alerts is not an alert object');
      continue;
    }
    const shape = { webUrlField: 'alert_web_url', keepOdataType: false, where: 'alerts.' };
    vendors.push(alertProperties(alert, shape, { doc, flavor: INCIDENT_EVIDENCE }, errors));
    mapAlertThreat(alert, doc);
  }
  if (vendors.length > 0) setPath(doc, 'm365_defender.incident.alert', vendors.length === 1 ? vendors[0] : vendors);
}
