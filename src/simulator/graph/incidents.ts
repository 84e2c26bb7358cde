import type { DataRequest } from '../data-request.js';
import { graphError } from '../errors.js';
import type { Reply } from '../server/respond.js';
import type { IncidentState, TenantWorld } from '../world/world.js';
import { envelope, graphBadRequest, listQuery, pageOf, selectFields } from './collection.js';
import { INCIDENT_SPEC } from './schema.js';

/** `GET /v1.0/security/incidents`: filtered, ordered, keyset-paged, alerts inline with $expand=alerts. */
export function listIncidents(request: DataRequest): Reply {
  try {
    const { query, cursor, seq } = listQuery(request, INCIDENT_SPEC);
    const expand = query.expand.includes('alerts');
    const states = [...request.tenant.incidents.values()].map((record) => record.asOf(seq)).filter((state): state is IncidentState => state !== undefined);
    const page = pageOf(states, query, { value: (state, property) => state.doc[property], id: (state) => String(state.doc.id) }, seq, cursor);
    const limit = request.faults.expand500;
    if (expand && limit !== undefined && page.items.some((state) => state.alertIds.length > limit)) {
      // The stall Elastic's users met: a page holding a big incident fails the same way every time.
      return graphError(request.ctx, request.clock.now(), 500, 'UnknownError', 'An internal server error occurred while expanding alerts.');
    }
    const items = page.items.map((state) => incidentJson(request.tenant, state, seq, expand, query.select));
    const context = `${request.baseUrl}/v1.0/$metadata#security/incidents${expand ? '(alerts())' : ''}`;
    return { status: 200, json: envelope(request, context, { query, page, seq }, items) };
  } catch (error) {
    return graphBadRequest(request, error);
  }
}

/** `GET /v1.0/security/incidents/{id}` (accepts $expand=alerts). */
export function getIncident(request: DataRequest): Reply {
  const id = request.ctx.params.id ?? '';
  const record = request.tenant.incidents.get(id);
  if (!record) return graphError(request.ctx, request.clock.now(), 404, 'NotFound', `Incident with id '${id}' was not found.`);
  const expandText = request.ctx.url.searchParams.get('$expand');
  if (expandText !== null && expandText !== 'alerts') {
    return graphError(request.ctx, request.clock.now(), 400, 'BadRequest', `Could not find a property named '${expandText}' on type '${INCIDENT_SPEC.typeName}'.`);
  }
  const expand = expandText === 'alerts';
  const body = { '@odata.context': `${request.baseUrl}/v1.0/$metadata#security/incidents${expand ? '(alerts())' : ''}/$entity`, ...incidentJson(request.tenant, record.current, request.world.sequence, expand, undefined) };
  return { status: 200, json: body };
}

export function incidentJson(tenant: TenantWorld, state: IncidentState, seq: number, expand: boolean, select: readonly string[] | undefined): Record<string, unknown> {
  const doc = selectFields(state.doc, select);
  if (expand) doc.alerts = state.alertIds.map((id) => tenant.alerts.get(id)?.asOf(seq)).filter((alert) => alert !== undefined);
  return doc;
}
