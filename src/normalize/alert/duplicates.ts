import { deletePath, getPath, type JsonObject } from '../ecs/object.js';
import { removeEvidenceDuplicates } from '../evidence/index.js';

/**
 * Vendor copies Elastic deletes from alert documents unless the `preserve_duplicate_custom_fields`
 * tag is set (study §1.3 step 9): each has its value in an ECS field too.
 */
const PROMOTED = [
  'id',
  'description',
  'tenant_id',
  'created_datetime',
  'last_update_datetime',
  'first_activity_datetime',
  'last_activity_datetime',
  'service_source',
  'web_url',
  'assigned_to',
  'threat_family_name',
  'category',
  'mitre_techniques',
];

export function removeAlertDuplicates(doc: JsonObject): void {
  for (const field of PROMOTED) deletePath(doc, `m365_defender.alert.${field}`);
  removeEvidenceDuplicates(getPath(doc, 'm365_defender.alert.evidence'));
}
