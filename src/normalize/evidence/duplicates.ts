import { deletePath, getPath, isPlainObject, type JsonObject } from '../ecs/object.js';
import { isAzure } from './host.js';

/**
 * Vendor copies of evidence values that were promoted to ECS, which Elastic deletes unless the
 * `preserve_duplicate_custom_fields` tag is set — the per-evidence list of study §1.3 step 9.
 * A path is deleted only where its value really reached an ECS field.
 */
const ALWAYS_PROMOTED: readonly string[] = [
  'ip_address',
  'detection_status',
  'file_details.sha1',
  'file_details.sha256',
  'file_details.name',
  'file_details.path',
  'file_details.size',
  'process.command_line',
  'process.id',
  'process.creation_datetime',
  'image_file.sha1',
  'image_file.sha256',
  'parent_process.id',
  'parent_process.creation_datetime',
  'parent_process.image_file.sha1',
  'parent_process.image_file.sha256',
  'registry_hive',
  'registry_key',
  'registry_value',
  'registry_value_type',
  'subject',
  'recipient_email_address',
];

/** host.os.* is read from device evidence only (see host.ts). */
const DEVICE_PROMOTED: readonly string[] = ['os_platform', 'version'];

export function removeEvidenceDuplicates(evidence: unknown): void {
  if (!Array.isArray(evidence)) return;
  for (const item of evidence) {
    if (!isPlainObject(item)) continue;
    for (const path of ALWAYS_PROMOTED) deletePath(item, path);
    if (isDevice(item)) for (const path of DEVICE_PROMOTED) deletePath(item, path);
    if (isAzure(getPath(item, 'vm_metadata.cloud_provider'))) deletePath(item, 'vm_metadata.cloud_provider');
    if (typeof item.odata_type === 'string' && item.odata_type.endsWith('.securityGroupEvidence')) deletePath(item, 'security_group_id');
  }
}

function isDevice(item: JsonObject): boolean {
  return (typeof item.odata_type === 'string' && item.odata_type.endsWith('.deviceEvidence')) || item.os_platform !== undefined;
}
