import { Agent, request } from 'undici';
import type { RunningSimulator } from '../../../src/simulator/simulator.js';

/** A TLS agent that trusts the simulator's certificate and nothing else. */
export function trustingAgent(simulator: Pick<RunningSimulator, 'caCertificatePem'>): Agent {
  return new Agent({ connect: { ca: simulator.caCertificatePem } });
}

export interface Response {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  /** The body parsed (throws if it is not JSON). */
  json<T = Record<string, unknown>>(): T;
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH';
  readonly token?: string;
  readonly body?: unknown;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

/** One HTTPS request to the simulator (path relative to its base URL, or an absolute nextLink). */
export async function call(simulator: Pick<RunningSimulator, 'baseUrl'>, agent: Agent, pathOrUrl: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${simulator.baseUrl}${pathOrUrl}`;
  const response = await request(url, { dispatcher: agent, method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  return { status: response.statusCode, headers: flat, text, json: <T>() => JSON.parse(text) as T };
}

export const MDE_SCOPE = 'https://api.securitycenter.microsoft.com/.default';
export const EVENT_HUBS_SCOPE = 'https://eventhubs.azure.net/.default';

/** A bearer token for tenant `index` from the token endpoint, with the app's secret. */
export async function tokenFor(simulator: RunningSimulator, agent: Agent, api: 'graph' | 'mde' | 'eventhubs', index = 0): Promise<string> {
  const tenant = simulator.tenants[index]!;
  const response = await call(simulator, agent, `/${tenant.id}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret, scope: api === 'graph' ? `${simulator.baseUrl}/.default` : api === 'mde' ? MDE_SCOPE : EVENT_HUBS_SCOPE },
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
  return response.json<{ access_token: string }>().access_token;
}

/** Every item of a collection, following @odata.nextLink; also returns how many pages it took. */
export async function sweep<T = Record<string, unknown>>(simulator: RunningSimulator, agent: Agent, path: string, token: string, between?: (page: number) => Promise<void>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const response = await call(simulator, agent, next, { token });
    if (response.status !== 200) throw new Error(`${next}: ${response.status} ${response.text}`);
    const body = response.json<{ value: T[]; '@odata.nextLink'?: string }>();
    items.push(...body.value);
    next = body['@odata.nextLink'];
    pages++;
    if (next && between) await between(pages);
  }
  return { items, pages };
}
