import type { DataRequest } from '../data-request.js';
import { graphError } from '../errors.js';
import type { Reply } from '../server/respond.js';
import { ODataError, parseListQuery, type EntitySpec, type ListQuery } from './odata-query.js';
import { decodeSkipToken, nextLink, pageOf, type Cursor, type Page } from './paging.js';

/**
 * The shared part of a Graph list request: parse the query, position the sweep (a nextLink's
 * snapshot, or the present), page, and wrap the items in the OData envelope.
 */
export interface Listing<T> {
  readonly query: ListQuery;
  readonly page: Page<T>;
  /** The change sequence the page was read as of. */
  readonly seq: number;
}

export function listQuery(request: DataRequest, spec: EntitySpec): { query: ListQuery; cursor: Cursor | undefined; seq: number } {
  const query = parseListQuery(request.ctx.url.searchParams, spec);
  const cursor = query.skiptoken === undefined ? undefined : decodeSkipToken(query.skiptoken);
  if (cursor && cursor.seq > request.world.sequence) throw new ODataError('The $skiptoken is invalid or has expired. Request the collection again without it.');
  return { query, cursor, seq: cursor?.seq ?? request.world.sequence };
}

export function envelope(request: DataRequest, context: string, listing: Listing<unknown>, items: readonly unknown[]): Record<string, unknown> {
  const body: Record<string, unknown> = { '@odata.context': context };
  if (listing.query.count && listing.query.skiptoken === undefined) body['@odata.count'] = listing.page.count;
  if (listing.page.next) body['@odata.nextLink'] = nextLink(request.baseUrl, request.ctx.url, listing.page.next);
  body.value = items;
  return body;
}

export { pageOf };

/** $select: the listed properties (with the id and @odata.type Graph always keeps). */
export function selectFields(doc: Readonly<Record<string, unknown>>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return { ...doc };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) if (key === '@odata.type' || key === 'id' || select.includes(key)) out[key] = doc[key];
  return out;
}

/** OData errors of a list request become Graph 400s. */
export function graphBadRequest(request: DataRequest, error: unknown): Reply {
  if (error instanceof ODataError) return graphError(request.ctx, request.clock.now(), 400, error.code, error.message);
  throw error;
}
