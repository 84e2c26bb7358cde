import type { DataRequest } from '../data-request.js';
import { mdeError } from '../errors.js';
import { listQuery, envelope } from '../graph/collection.js';
import { ODataError, type EntitySpec } from '../graph/odata-query.js';
import { pageOf, type Accessors } from '../graph/paging.js';
import type { Reply } from '../server/respond.js';

/** An MDE collection spec: the OData grammar of Graph with MDE's own $top ceilings (§3.2). */
export function mdeSpec(name: string, filterable: EntitySpec['filterable'], sortable: readonly string[], defaultOrder: EntitySpec['defaultOrder'], maxTop: number, expandable: readonly string[] = []): EntitySpec {
  return {
    typeName: `microsoft.windowsDefenderATP.api.${name}`,
    filterable,
    sortable,
    defaultOrder,
    defaultTop: maxTop,
    maxTop,
    topError: (requested) => new ODataError(`Invalid ODataQuery: $top=${requested} exceeds the maximum page size of ${maxTop}.`, 'ODataError'),
    expandable,
  };
}

/** One page of an MDE collection, with a nextLink while more items follow. */
export function mdeList<T>(request: DataRequest, spec: EntitySpec, context: string, read: (seq: number) => readonly T[], accessors: Accessors<T>, render: (item: T, expand: readonly string[]) => unknown): Reply {
  try {
    const { query, cursor, seq } = listQuery(request, spec);
    const page = pageOf(read(seq), query, accessors, seq, cursor);
    return { status: 200, json: envelope(request, context, { query, page, seq }, page.items.map((item) => render(item, query.expand))) };
  } catch (error) {
    if (error instanceof ODataError) return mdeError(request.ctx, 400, error.code === '' || error.code === 'BadRequest' ? 'ODataError' : error.code, error.message);
    throw error;
  }
}

export const recordAccessors: Accessors<Readonly<Record<string, unknown>>> = {
  value: (item, property) => item[property],
  id: (item) => String(item.id),
};
