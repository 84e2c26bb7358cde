import { ColumnValues } from '../../ecs/column-map.js';
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
export function normalizeAlertTable(context: EventRecordContext): void {
  const { table, properties, doc, errors, options, original } = context;
  const columns = new ColumnValues(ALERT_COLUMNS, properties, doc, errors, original);

  setPath(doc, 'event.kind', table.startsWith('Alert') ? 'alert' : 'event');
  setPath(doc, 'event.type', ['info']);
  columns.promote(ALERT_PROMOTIONS);

  setPath(doc, 'event.severity', severityScore(columns.text('Severity')));
  appendUnique(doc, 'event.category', entityCategory(columns.text('EntityType')), alertCategory(columns.text('Category')));

  const commandLine = columns.text('ProcessCommandLine');
  if (commandLine !== undefined) {
    mapCommandLine(doc, commandLine);
    columns.markDuplicate('ProcessCommandLine');
  }

  const techniques = columns.get('AttackTechniques');
  if (Array.isArray(techniques)) mapAttackTechniques(doc, 'm365_defender.event.attack_techniques', techniques as string[]);

  columns.removeDuplicates(options.preserveDuplicateCustomFields);
}
