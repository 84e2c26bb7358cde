import { columnId } from '../../ecs/column-map.js';
import { ColumnValues } from '../../ecs/column-values.js';
import { appendUnique, setPath } from '../../ecs/object.js';
import { severityScore } from '../../ecs/severity.js';
import type { EventRecordContext } from '../context.js';
import { alertCategory, entityCategory } from './category.js';
import { ALERT_COLUMNS } from './columns.js';
import { mapCommandLine } from './process.js';
import { ALERT_PROMOTIONS } from './promotions.js';
import { mapAttackTechniques } from './techniques.js';

/**
 * Elastic's pipeline_alert: AlertInfo and AlertEvidence (`event.kind: alert`), BehaviorInfo and
 * BehaviorEntities (`event.kind: event`, since 5.10). All four share one column table; what a
 * table lacks is simply absent. No GeoIP here: Elastic's alert sub-pipeline does not enrich IPs.
 */
const SEVERITY = columnId('Severity');
const ENTITY_TYPE = columnId('EntityType');
const CATEGORY = columnId('Category');
const PROCESS_COMMAND_LINE = columnId('ProcessCommandLine');
const ATTACK_TECHNIQUES = columnId('AttackTechniques');

export function normalizeAlertTable(context: EventRecordContext): void {
  const { table, properties, doc, errors, options, original } = context;
  const columns = new ColumnValues(ALERT_COLUMNS, properties, doc, errors, original);

  setPath(doc, 'event.kind', table.startsWith('Alert') ? 'alert' : 'event');
  setPath(doc, 'event.type', ['info']);
  columns.promote(ALERT_PROMOTIONS);

  setPath(doc, 'event.severity', severityScore(columns.text(SEVERITY)));
  appendUnique(doc, 'event.category', entityCategory(columns.text(ENTITY_TYPE)), alertCategory(columns.text(CATEGORY)));

  const commandLine = columns.text(PROCESS_COMMAND_LINE);
  if (commandLine !== undefined) {
    mapCommandLine(doc, commandLine);
    columns.markDuplicate(PROCESS_COMMAND_LINE);
  }

  const techniques = columns.get(ATTACK_TECHNIQUES);
  if (Array.isArray(techniques)) {
    const sorted = mapAttackTechniques(doc, techniques as string[]);
    if (sorted !== undefined) columns.rewriteVendor(ATTACK_TECHNIQUES, sorted);
  }

  columns.writeVendor(options.preserveDuplicateCustomFields);
}
