import { graphFieldName } from '../ecs/graph-name.js';
import { cloneJson, defineOwn, newObject, type JsonObject } from '../ecs/object.js';
import { own } from '../ecs/scalar.js';
import { uriParts } from '../ecs/uri-parts.js';
import { readDate, readKeyword, readKeywords } from '../alert/read.js';

/**
 * The incident's own properties as Elastic keeps them under `m365_defender.incident`. Properties
 * its pipeline does not rename (`customTags`, `summary`, `priorityScore`, …) are dropped, as in its
 * documents.
 */
const KEYWORDS = ['id', 'tenantId', 'status', 'redirectIncidentId', 'displayName', 'assignedTo', 'classification', 'determination', 'severity'] as const;
const DATES = ['createdDateTime', 'lastUpdateDateTime'] as const;

export function incidentProperties(incident: JsonObject, errors: string[]): JsonObject {
  const vendor = newObject();
  const put = (name: string, value: unknown) => {
    if (value !== undefined) defineOwn(vendor, name, value);
  };
  put('odata_type', readKeyword(incident, '@odata.type', '', errors));
  for (const key of KEYWORDS) put(graphFieldName(key), readKeyword(incident, key, '', errors));
  for (const key of DATES) put(graphFieldName(key), readDate(incident, key, '', errors));
  put('tags', readKeywords(incident, 'tags', '', errors));
  const webUrl = readKeyword(incident, 'incidentWebUrl', '', errors);
  if (webUrl) put('web_url', uriParts(webUrl));
  // Elastic 5.12.3 keeps incident comments exactly as Graph sent them (keys and dates untouched).
  const comments = own(incident, 'comments');
  if (Array.isArray(comments)) put('comments', cloneJson(comments));
  else if (comments !== undefined && comments !== null) errors.push('comments is not a list of comments');
  return vendor;
}
