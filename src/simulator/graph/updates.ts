import type { DataRequest } from '../data-request.js';
import { graphError } from '../errors.js';
import { readBody, type Reply } from '../server/respond.js';
import { commentOn, reviseAlert, reviseIncident } from '../world/mutations.js';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES } from './schema.js';

type FieldCheck = (value: unknown) => boolean;

const text: FieldCheck = (value) => value === null || typeof value === 'string';
const oneOf = (values: readonly string[]): FieldCheck => (value) => typeof value === 'string' && values.includes(value);
const strings: FieldCheck = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The updatable properties of §2.11 and what each accepts. */
const INCIDENT_FIELDS: Readonly<Record<string, FieldCheck>> = {
  assignedTo: text,
  classification: oneOf(CLASSIFICATIONS),
  determination: oneOf(DETERMINATIONS),
  status: oneOf(INCIDENT_STATUSES),
  customTags: strings,
};
const ALERT_FIELDS: Readonly<Record<string, FieldCheck>> = {
  assignedTo: text,
  classification: oneOf(CLASSIFICATIONS),
  determination: oneOf(DETERMINATIONS),
  status: oneOf(ALERT_STATUSES),
};

/** `PATCH /v1.0/security/incidents/{id}`: validated, applied, lastUpdateDateTime bumped; 200 with the incident. */
export async function patchIncident(request: DataRequest): Promise<Reply> {
  const id = request.ctx.params.id ?? '';
  const parsed = await changes(request, INCIDENT_FIELDS, 'microsoft.graph.security.incident');
  if ('status' in parsed) return parsed;
  if (!request.tenant.incidents.has(id)) return graphError(request.ctx, request.clock.now(), 404, 'NotFound', `Incident with id '${id}' was not found.`);
  const state = reviseIncident(request.tenant, id, request.world.commit(), { ...parsed.fields, lastModifiedBy: request.claims.clientId });
  return { status: 200, json: { '@odata.context': `${request.baseUrl}/v1.0/$metadata#security/incidents/$entity`, ...state.doc } };
}

/** `PATCH /v1.0/security/alerts_v2/{id}`; resolving sets resolvedDateTime. */
export async function patchAlert(request: DataRequest): Promise<Reply> {
  const id = request.ctx.params.id ?? '';
  const parsed = await changes(request, ALERT_FIELDS, 'microsoft.graph.security.alert');
  if ('status' in parsed) return parsed;
  const record = request.tenant.alerts.get(id);
  if (!record) return graphError(request.ctx, request.clock.now(), 404, 'NotFound', `Alert with id '${id}' was not found.`);
  const stamp = request.world.commit();
  const fields: Record<string, unknown> = { ...parsed.fields };
  if (fields.status === 'resolved' && record.current.status !== 'resolved') fields.resolvedDateTime = stamp.time;
  const alert = reviseAlert(request.tenant, id, stamp, fields);
  return { status: 200, json: { '@odata.context': `${request.baseUrl}/v1.0/$metadata#security/alerts_v2/$entity`, ...alert } };
}

/** `POST …/incidents/{id}/comments` and `…/alerts_v2/{id}/comments`: 200 with every comment of the record. */
export async function postComment(request: DataRequest, kind: 'incident' | 'alert'): Promise<Reply> {
  const id = request.ctx.params.id ?? '';
  const body = await jsonBody(request);
  if ('status' in body) return body;
  const comment = body.value.comment;
  if (typeof comment !== 'string' || comment.trim().length === 0) {
    return graphError(request.ctx, request.clock.now(), 400, 'BadRequest', "The request body must contain a non-empty 'comment'.");
  }
  for (const key of Object.keys(body.value)) {
    if (key !== 'comment' && !key.startsWith('@odata.')) return unknownProperty(request, key, 'microsoft.graph.security.alertComment');
  }
  const author = request.claims.clientId;
  const context = `${request.baseUrl}/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`;
  if (kind === 'incident') {
    const record = request.tenant.incidents.get(id);
    if (!record) return graphError(request.ctx, request.clock.now(), 404, 'NotFound', `Incident with id '${id}' was not found.`);
    const stamp = request.world.commit();
    const state = reviseIncident(request.tenant, id, stamp, { comments: commentOn(record.current.doc, comment, author, stamp), lastModifiedBy: author });
    return { status: 200, json: { '@odata.context': context, value: state.doc.comments } };
  }
  const record = request.tenant.alerts.get(id);
  if (!record) return graphError(request.ctx, request.clock.now(), 404, 'NotFound', `Alert with id '${id}' was not found.`);
  const stamp = request.world.commit();
  const alert = reviseAlert(request.tenant, id, stamp, { comments: commentOn(record.current, comment, author, stamp) });
  return { status: 200, json: { '@odata.context': context, value: alert.comments } };
}

async function changes(request: DataRequest, allowed: Readonly<Record<string, FieldCheck>>, typeName: string): Promise<{ fields: Record<string, unknown> } | Reply> {
  const body = await jsonBody(request);
  if ('status' in body) return body;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body.value)) {
    if (key.startsWith('@odata.')) continue;
    const check = allowed[key];
    if (!check) return unknownProperty(request, key, typeName);
    if (!check(value)) {
      return graphError(request.ctx, request.clock.now(), 400, 'BadRequest', `Cannot convert the literal '${JSON.stringify(value)}' to the expected type of property '${key}' on '${typeName}'.`);
    }
    fields[key] = value;
  }
  return { fields };
}

function unknownProperty(request: DataRequest, key: string, typeName: string): Reply {
  return graphError(
    request.ctx,
    request.clock.now(),
    400,
    'BadRequest',
    `The property '${key}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
}

async function jsonBody(request: DataRequest): Promise<{ value: Record<string, unknown> } | Reply> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(request.ctx.req));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return graphError(request.ctx, request.clock.now(), 400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  return { value: parsed as Record<string, unknown> };
}
