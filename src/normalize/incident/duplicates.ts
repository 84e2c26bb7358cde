import { deletePath, getPath, type JsonObject } from '../ecs/object.js';
import { removeEvidenceDuplicates } from '../evidence/index.js';

/**
 * Vendor copies Elastic deletes from incident documents unless the
 * `preserve_duplicate_custom_fields` tag is set: each has its value in an ECS field too.
 */
const INCIDENT_PROMOTED = ['id', 'display_name', 'tenant_id', 'created_datetime', 'last_update_datetime', 'web_url', 'assigned_to'];
const ALERT_PROMOTED = ['service_source', 'category', 'mitre_techniques', 'threat_family_name'];

export function removeIncidentDuplicates(doc: JsonObject): void {
  for (const field of INCIDENT_PROMOTED) deletePath(doc, `m365_defender.incident.${field}`);
  const alert = getPath(doc, 'm365_defender.incident.alert');
  for (const item of Array.isArray(alert) ? alert : [alert]) {
    for (const field of ALERT_PROMOTED) deletePath(item as JsonObject, field);
    removeEvidenceDuplicates(getPath(item, 'evidence'));
  }
}
