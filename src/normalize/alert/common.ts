import { getPath, setPath, type JsonObject } from '../ecs/object.js';
import { keyword } from '../ecs/scalar.js';
import { severityScore } from '../ecs/severity.js';
import { mapOwner } from './owner.js';

/**
 * What an alert (alert stream) and an incident (incident stream) both promote from their vendor
 * copy: update time, id, tenant, creation time, severity score, portal link and owner. Only the
 * message differs: an alert's description, an incident's display name.
 */
export function mapCommonFields(doc: JsonObject, vendor: JsonObject, messageField: 'description' | 'display_name'): void {
  setPath(doc, '@timestamp', vendor.last_update_datetime);
  setPath(doc, 'message', vendor[messageField]);
  setPath(doc, 'cloud.account.id', vendor.tenant_id);
  setPath(doc, 'event.id', vendor.id);
  setPath(doc, 'event.created', vendor.created_datetime);
  setPath(doc, 'event.severity', severityScore(vendor.severity));
  setPath(doc, 'event.url', getPath(vendor, 'web_url.original'));
  mapOwner(keyword(vendor.assigned_to), doc);
}
