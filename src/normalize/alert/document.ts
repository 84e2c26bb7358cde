import { parseTimestamp } from '../ecs/date.js';
import { fingerprint, fingerprintValues } from '../ecs/fingerprint.js';
import { isPlainObject, newObject, setPath, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';
import { ALERT_EVIDENCE, evidenceCategories, evidenceItems } from '../evidence/index.js';
import { finishDocument } from '../finish.js';
import type { NormalizedDocument, NormalizeOptions } from '../types.js';
import { determinationCategory, setEventCategories } from './classification.js';
import { removeAlertDuplicates } from './duplicates.js';
import { mapCommonFields } from './common.js';
import { alertProperties } from './properties.js';
import { mapAlertThreat } from './threat.js';

export const ALERT_ECS_VERSION = '8.11.0';

/** Elastic's `_id` for an alert version: every update (new lastUpdateDateTime) is a new document. */
export const ALERT_ID_FIELDS = ['id', 'lastUpdateDateTime', 'incidentId', 'providerAlertId'];

/**
 * One Graph alert → one ECS document. `original` becomes event.original; `line` (the whole input
 * line, which may be a page of alerts) replaces it on a document that failed, so the exact input
 * can be replayed.
 */
export function alertDocument(alert: unknown, original: string, line: string, options: NormalizeOptions): NormalizedDocument {
  const doc = newObject();
  const errors: string[] = [];
  setPath(doc, 'ecs.version', ALERT_ECS_VERSION);
  setPath(doc, 'event.kind', 'alert');
  if (isPlainObject(alert)) mapAlert(alert, doc, errors);
  else errors.push('the alert is not a JSON object');

  if (!options.preserveDuplicateCustomFields) removeAlertDuplicates(doc);
  const id = (isPlainObject(alert) ? fingerprint(alert, ALERT_ID_FIELDS) : undefined) ?? fingerprintValues('alert', original);
  return { id, doc: finishDocument(doc, errors.length > 0 ? line : original, errors, options) };
}

function mapAlert(alert: JsonObject, doc: JsonObject, errors: string[]): void {
  const vendor = alertProperties(alert, { webUrlField: 'web_url', keepOdataType: true, where: '' }, { doc, flavor: ALERT_EVIDENCE }, errors);
  setPath(doc, 'm365_defender.alert', vendor);
  mapCommonFields(doc, vendor, 'description');
  setActivityPeriod(doc, vendor.first_activity_datetime, vendor.last_activity_datetime);
  mapAlertThreat(alert, doc);
  // A malformed evidence value was already reported by alertProperties: don't report it twice.
  const evidence = evidenceItems(own(alert, 'evidence'), 'evidence', []);
  setEventCategories(doc, [...evidenceCategories(evidence), determinationCategory(keyword(vendor.determination))]);
}

/** event.start/end and event.duration in nanoseconds, from millisecond-precision timestamps. */
function setActivityPeriod(doc: JsonObject, start: unknown, end: unknown): void {
  setPath(doc, 'event.start', start);
  setPath(doc, 'event.end', end);
  const from = parseTimestamp(start);
  const to = parseTimestamp(end);
  if (from === undefined || to === undefined) return;
  const millis = Date.parse(to) - Date.parse(from);
  // An activity that ends before it starts has no meaningful duration (ECS: nanoseconds, ≥ 0).
  if (millis >= 0) setPath(doc, 'event.duration', millis * 1_000_000);
}
