import { appendUnique, isPlainObject, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';
import { mapEmail } from './email.js';
import { mapFile } from './file.js';
import { mapHost } from './host.js';
import { mapIdentity } from './identity.js';
import { mapProcess } from './process.js';
import { mapRegistry } from './registry.js';
import { isProcessEvidence, type EvidenceTarget } from './target.js';
import { vendorEvidence } from './vendor.js';

export { evidenceCategories } from './categories.js';
export { removeEvidenceDuplicates } from './duplicates.js';
export { ALERT_EVIDENCE, INCIDENT_EVIDENCE, type EvidenceFlavor, type EvidenceTarget } from './target.js';

/**
 * Graph evidence (shared by the alert and incident streams) → the vendor copy Elastic keeps under
 * `…evidence[]` plus the ECS arrays every item feeds (host, process, file, user, registry, email,
 * related.*). `where` names the list in error messages (`evidence`, `alerts.evidence`).
 *
 * Tolerant of shape: a single object counts as a list of one, null as none; anything else, and
 * any item that is not an object, is reported in `errors` and skipped.
 */
export function mapEvidence(value: unknown, where: string, target: EvidenceTarget, errors: string[]): JsonObject[] {
  const items = evidenceItems(value, where, errors);
  const vendor: JsonObject[] = [];
  items.forEach((item, index) => {
    const label = `${where}[${index}]`;
    if (!isPlainObject(item)) {
      errors.push(`${label} is not an object`);
      return;
    }
    vendor.push(vendorEvidence(item, label, errors));
    mapItem(item, target);
  });
  return vendor;
}

/** The items of an evidence value: tolerant of a lone object, strict about anything else. */
export function evidenceItems(value: unknown, where: string, errors: string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return [value];
  errors.push(`${where} is not a list of evidence`);
  return [];
}

function mapItem(item: JsonObject, target: EvidenceTarget): void {
  const { doc } = target;
  mapHost(item, target);
  mapFile(item, doc);
  if (isProcessEvidence(item)) mapProcess(item, target);
  mapIdentity(item, doc);
  mapEmail(item, doc);
  mapRegistry(item, doc);
  appendUnique(doc, 'event.action', keyword(own(item, 'detectionStatus')));
}
