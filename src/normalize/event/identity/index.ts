import { columnId } from '../../ecs/column-map.js';
import { ColumnValues } from '../../ecs/column-values.js';
import { eventAction } from '../../ecs/event-action.js';
import { addGeo } from '../../ecs/geo-enrich.js';
import { setPath } from '../../ecs/object.js';
import type { EventRecordContext } from '../context.js';
import { logonOutcome } from './outcome.js';
import { IDENTITY_TABLES } from './tables.js';
import { mapActingUser } from './user.js';
import { mapUserAgent } from './user-agent.js';

/**
 * Elastic's pipeline_app_and_identity: Defender for Identity tables, CloudAppEvents, the 5.11
 * cloud tables and the IdentityInfo inventory. `event.id` is the ReportId, `event.action` the
 * normalised ActionType.
 */
const ACTION_TYPE = columnId('ActionType');
const FAILURE_REASON = columnId('FailureReason');

export function normalizeIdentityTable(context: EventRecordContext): void {
  const { table, properties, doc, errors, options, original } = context;
  const mapping = IDENTITY_TABLES.get(table);
  if (mapping === undefined) {
    errors.push(`The event category AdvancedHunting-${table} is not supported.`);
    return;
  }
  const columns = new ColumnValues(mapping.columns, properties, doc, errors, original);

  if (mapping.kind !== undefined) setPath(doc, 'event.kind', mapping.kind);
  else setPath(doc, 'event.type', ['info']);
  if (mapping.category !== undefined) setPath(doc, 'event.category', [mapping.category]);
  setPath(doc, 'event.action', eventAction(columns.text(ACTION_TYPE)));
  if (mapping.logonOutcome) setPath(doc, 'event.outcome', logonOutcome(columns.text(ACTION_TYPE), columns.text(FAILURE_REASON)));

  columns.promote(mapping.promotions);
  if (mapping.actingUser) mapActingUser(doc, columns, mapping.userIdColumns);
  const clientIp = mapping.clientIpColumn === undefined ? undefined : columns.text(mapping.clientIpColumn);
  if (clientIp !== undefined) addGeo(doc, 'client', clientIp, options.geo);
  if (mapping.userAgentColumn !== undefined) mapUserAgent(doc, columns, mapping.userAgentColumn);

  columns.writeVendor(options.preserveDuplicateCustomFields);
}
