import { graphFieldName } from '../ecs/graph-name.js';
import { defineOwn, newObject, type JsonObject } from '../ecs/object.js';
import { own } from '../ecs/scalar.js';
import { uriParts } from '../ecs/uri-parts.js';
import { mapEvidence, type EvidenceTarget } from '../evidence/index.js';
import { alertComments } from './comments.js';
import { readDate, readKeyword, readKeywords } from './read.js';

/**
 * The vendor copy of a Graph alert, as Elastic keeps it under `m365_defender.alert` (alert stream)
 * and `m365_defender.incident.alert` (incident stream). Only these properties are kept: Elastic's
 * pipeline renames them one by one and drops the rest (`productName`, `additionalData`, … are
 * absent from its sample events).
 */
const KEYWORDS = [
  'id',
  'providerAlertId',
  'incidentId',
  'status',
  'severity',
  'classification',
  'determination',
  'serviceSource',
  'detectionSource',
  'detectorId',
  'tenantId',
  'title',
  'description',
  'recommendedActions',
  'category',
  'assignedTo',
  'actorDisplayName',
  'threatDisplayName',
  'threatFamilyName',
  'alertPolicyId',
] as const;

const DATES = ['createdDateTime', 'lastUpdateDateTime', 'resolvedDateTime', 'firstActivityDateTime', 'lastActivityDateTime'] as const;

export interface AlertShape {
  /** `web_url` in the alert stream, `alert_web_url` inside an incident. */
  readonly webUrlField: string;
  /** The alert stream keeps `odata_type`; the incident stream drops the alert's. */
  readonly keepOdataType: boolean;
  /** Prefix of property names in error messages: '' or 'alerts.'. */
  readonly where: string;
}

export function alertProperties(alert: JsonObject, shape: AlertShape, target: EvidenceTarget, errors: string[]): JsonObject {
  const { where } = shape;
  const vendor = newObject();
  const put = (name: string, value: unknown) => {
    if (value !== undefined) defineOwn(vendor, name, value);
  };
  if (shape.keepOdataType) put('odata_type', readKeyword(alert, '@odata.type', where, errors));
  for (const key of KEYWORDS) put(graphFieldName(key), readKeyword(alert, key, where, errors));
  for (const key of DATES) put(graphFieldName(key), readDate(alert, key, where, errors));
  put('mitre_techniques', readKeywords(alert, 'mitreTechniques', where, errors));
  put(shape.webUrlField, webUrl(readKeyword(alert, 'alertWebUrl', where, errors)));
  put('incident_web_url', webUrl(readKeyword(alert, 'incidentWebUrl', where, errors)));
  put('comments', alertComments(own(alert, 'comments'), `${where}comments`, target.doc, errors));
  put('evidence', mapEvidence(own(alert, 'evidence'), `${where}evidence`, target, errors));
  return vendor;
}

function webUrl(url: string | undefined): JsonObject | undefined {
  return url === undefined || url === '' ? undefined : uriParts(url);
}
