import type { DataRequest } from '../data-request.js';
import { graphError } from '../errors.js';
import type { GraphAlert } from '../generate/graph/alert.js';
import type { Reply } from '../server/respond.js';
import { envelope, graphBadRequest, listQuery, pageOf, selectFields } from './collection.js';
import { ALERT_SPEC } from './schema.js';

/** `GET /v1.0/security/alerts_v2`: filtered, ordered, keyset-paged, evidence always inline. */
export function listAlerts(request: DataRequest): Reply {
  try {
    const { query, cursor, seq } = listQuery(request, ALERT_SPEC);
    const alerts = [...request.tenant.alerts.values()].map((record) => record.asOf(seq)).filter((alert): alert is GraphAlert => alert !== undefined);
    const page = pageOf(alerts, query, { value: (alert, property) => alert[property], id: (alert) => String(alert.id) }, seq, cursor);
    const items = page.items.map((alert) => selectFields(alert, query.select));
    return { status: 200, json: envelope(request, `${request.baseUrl}/v1.0/$metadata#security/alerts_v2`, { query, page, seq }, items) };
  } catch (error) {
    return graphBadRequest(request, error);
  }
}

/** `GET /v1.0/security/alerts_v2/{id}`. */
export function getAlert(request: DataRequest): Reply {
  const id = request.ctx.params.id ?? '';
  const record = request.tenant.alerts.get(id);
  if (!record) return graphError(request.ctx, request.clock.now(), 404, 'NotFound', `Alert with id '${id}' was not found.`);
  return { status: 200, json: { '@odata.context': `${request.baseUrl}/v1.0/$metadata#security/alerts_v2/$entity`, ...record.current } };
}
