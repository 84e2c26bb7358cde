import type { ColumnId } from '../../ecs/column-map.js';
import type { ColumnValues } from '../../ecs/column-values.js';
import { setPath, type JsonObject } from '../../ecs/object.js';
import { parseUserAgent } from '../../ecs/user-agent.js';

/** `user_agent.*` from the column holding the header; the vendor copy duplicates `user_agent.original`. */
export function mapUserAgent(doc: JsonObject, columns: ColumnValues, column: ColumnId): void {
  const header = columns.text(column);
  if (header === undefined) return;
  setPath(doc, 'user_agent', parseUserAgent(header));
  columns.markDuplicate(column);
}
