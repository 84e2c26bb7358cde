import type { DataRequest } from '../data-request.js';
import { mdeError } from '../errors.js';
import type { GraphAlert } from '../generate/graph/alert.js';
import type { Reply } from '../server/respond.js';
import { mdeAlert } from './alert-shape.js';
import { mdeList, mdeSpec } from './listing.js';

const ENDPOINT = 'microsoftDefenderForEndpoint';

const ALERT_SPEC = mdeSpec(
  'Alert',
  {
    id: 'string', incidentId: 'number', status: 'string', severity: 'string', category: 'string', assignedTo: 'string', machineId: 'string',
    detectionSource: 'string', lastUpdateTime: 'datetime', alertCreationTime: 'datetime',
  },
  ['lastUpdateTime', 'alertCreationTime'],
  { property: 'alertCreationTime', descending: true },
  10_000,
  ['evidence'],
);

/** `GET /api/alerts`: the world's Endpoint alerts, keyset-paged like Graph (same snapshot rules). */
export function listMdeAlerts(request: DataRequest): Reply {
  const tenant = request.tenant;
  return mdeList(
    request,
    ALERT_SPEC,
    `${request.baseUrl}/api/$metadata#Alerts`,
    (seq) =>
      [...tenant.alerts.values()]
        .map((record) => record.asOf(seq))
        .filter((alert): alert is GraphAlert => alert !== undefined && alert.serviceSource === ENDPOINT)
        .map((alert) => mdeAlert(alert, tenant.tenant, true)),
    { value: (alert, property) => alert[property], id: (alert) => String(alert.id) },
    (alert, expand) => (expand.includes('evidence') ? alert : withoutEvidence(alert)),
  );
}

/** `GET /api/alerts/{id}`. */
export function getMdeAlert(request: DataRequest): Reply {
  const id = request.ctx.params.id ?? '';
  const alert = request.tenant.alerts.get(id)?.current;
  if (!alert || alert.serviceSource !== ENDPOINT) return mdeError(request.ctx, 404, 'ResourceNotFound', `Alert ${id} was not found`);
  const expand = request.ctx.url.searchParams.get('$expand') === 'evidence';
  return { status: 200, json: { '@odata.context': `${request.baseUrl}/api/$metadata#Alerts/$entity`, ...mdeAlert(alert, request.tenant.tenant, expand) } };
}

function withoutEvidence(alert: Record<string, unknown>): Record<string, unknown> {
  const { evidence: _evidence, ...rest } = alert;
  return rest;
}
