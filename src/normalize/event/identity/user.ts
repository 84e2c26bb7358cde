import { columnId, type ColumnId } from '../../ecs/column-map.js';
import type { ColumnValues } from '../../ecs/column-values.js';
import { appendUnique, setPath, type JsonObject } from '../../ecs/object.js';

/**
 * The acting user of an identity or cloud-app row: the account name, else its display name
 * (SAMR queries by a machine account carry only `AccountDisplayName`, CloudAppEvents only the
 * display name), and `user.id` from the table's id columns (Elastic takes the SID for logons and
 * the Defender for Cloud Apps account id for app events, but no id for directory queries and
 * changes). Each chosen value is also a related user.
 */
const NAME_COLUMNS = [columnId('AccountName'), columnId('AccountDisplayName')];

export function mapActingUser(doc: JsonObject, columns: ColumnValues, idColumns: readonly ColumnId[]): void {
  promoteFirst(doc, columns, NAME_COLUMNS, 'user.name');
  promoteFirst(doc, columns, idColumns, 'user.id');
}

function promoteFirst(doc: JsonObject, columns: ColumnValues, candidates: readonly ColumnId[], target: string): void {
  for (const column of candidates) {
    const value = columns.text(column);
    if (value === undefined) continue;
    setPath(doc, target, value);
    appendUnique(doc, 'related.user', value);
    columns.markDuplicate(column);
    return;
  }
}
