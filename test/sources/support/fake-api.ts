import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { ApiClient, ApiName, ODataPage, RequestOptions } from '../../../src/microsoft/api.js';

type Item = Record<string, unknown>;

/**
 * An in-memory ApiClient for source unit tests: collections answer the `$filter=<field> ge <time>`
 * / `$top` / `$expand` queries the sources send, sorted ascending by the change field, with a
 * nextLink per page; `fail` scripts errors by URL. The end-to-end tests use the real client
 * against the simulator; this isolates the cursor logic.
 */
export class FakeApi implements ApiClient {
  readonly tenant = 'test';
  readonly baseUrl = 'https://fake.example/v1.0';
  readonly calls: string[] = [];
  readonly collections = new Map<string, { changedField: string; items: Item[] }>();
  readonly files = new Map<string, string[]>();
  fail: (url: string) => Error | undefined = () => undefined;
  getHandlers = new Map<string, () => unknown>();

  constructor(readonly api: ApiName = 'graph') {}

  collection(path: string, changedField: string, items: Item[]): Item[] {
    this.collections.set(path, { changedField, items });
    return items;
  }

  async getJson(pathOrUrl: string, _signal: AbortSignal, _options?: RequestOptions): Promise<unknown> {
    this.calls.push(pathOrUrl);
    const error = this.fail(pathOrUrl);
    if (error !== undefined) throw error;
    const path = pathOrUrl.split('?')[0]!;
    const handler = this.getHandlers.get(path);
    if (handler === undefined) throw new Error(`FakeApi: no handler for ${pathOrUrl}`);
    return handler();
  }

  async *pages(pathOrUrl: string, _signal: AbortSignal): AsyncIterable<ODataPage> {
    let url: string | undefined = pathOrUrl;
    while (url !== undefined) {
      this.calls.push(url);
      const error = this.fail(url);
      if (error !== undefined) throw error;
      const page = this.page(url);
      yield page;
      url = page.nextLink;
    }
  }

  async send(): Promise<unknown> {
    throw new Error('FakeApi: send is not used by sources');
  }

  async download(url: string): Promise<Readable> {
    this.calls.push(url);
    const error = this.fail(url);
    if (error !== undefined) throw error;
    const lines = this.files.get(url);
    if (lines === undefined) throw new Error(`FakeApi: no file ${url}`);
    return Readable.from([gzipSync(lines.map((line) => `${line}\n`).join(''))]);
  }

  private page(url: string): ODataPage {
    const [path, query = ''] = url.split('?') as [string, string?];
    const params = new URLSearchParams(query);
    const collection = this.collections.get(path);
    if (collection === undefined) throw new Error(`FakeApi: no collection ${path}`);
    const filter = params.get('$filter') ?? '';
    const since = /ge (\S+)/.exec(filter)?.[1];
    const equals = /(\w+) eq '([^']*)'/.exec(filter);
    const top = Number(params.get('$top') ?? '100');
    const skip = Number(params.get('$skip') ?? '0');
    const expand = params.get('$expand');
    const field = collection.changedField;
    const matching = collection.items
      .filter((item) => since === undefined || Date.parse(String(item[field])) >= Date.parse(since))
      .filter((item) => equals === null || String(item[equals[1]!]) === equals[2])
      .sort((a, b) => (String(a[field]) < String(b[field]) ? -1 : String(a[field]) > String(b[field]) ? 1 : 0));
    const items = matching.slice(skip, skip + top).map((item) => (expand === 'alerts' || !('alerts' in item) ? item : withoutAlerts(item)));
    params.set('$skip', String(skip + top));
    return { items, url, nextLink: skip + top < matching.length ? `${path}?${params.toString()}` : undefined };
  }
}

function withoutAlerts(item: Item): Item {
  const { alerts: _alerts, ...rest } = item;
  return rest;
}

/** A Graph-like API error (the real client's MicrosoftApiError carries the HTTP status the same way). */
export function httpError(status: number, message = `HTTP ${status}`): Error & { status: number } {
  return Object.assign(new Error(message), { status });
}
