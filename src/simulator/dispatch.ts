import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { instanceDiscovery, openIdConfiguration, signingKeys } from './entra/metadata.js';
import { tokenEndpoint, type EntraDirectory } from './entra/token.js';
import { serveData, type GatewayDeps } from './gateway.js';
import { downloadPart, type ExportSettings } from './mde/export.js';
import type { RequestCounter } from './request-counts.js';
import type { RouteTarget } from './routes.js';
import { sendReply, type Reply } from './server/respond.js';
import { matchRoute, type RequestContext, type Route } from './server/router.js';

/** Everything a request may need, built once the simulator knows its own URL. */
export interface Deps {
  readonly routes: readonly Route<RouteTarget>[];
  readonly gateway: GatewayDeps;
  readonly directory: EntraDirectory;
  readonly exportSettings: ExportSettings;
  readonly counter: RequestCounter;
}

/** Routes one request, counts its response per endpoint and status, and never lets a simulator bug escape. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  const url = new URL(req.url ?? '/', deps.gateway.baseUrl);
  const method = req.method ?? 'GET';
  const header = req.headers['client-request-id'];
  const match = matchRoute(deps.routes, method, decodedPath(url));
  const endpoint = match.route?.endpoint ?? 'unknown';
  res.once('close', () => deps.counter.add(endpoint, res.statusCode));
  const ctx: RequestContext = {
    req,
    res,
    method,
    url,
    params: match.route ? match.params : {},
    requestId: randomUUID(),
    clientRequestId: typeof header === 'string' ? header : undefined,
  };
  try {
    if (!match.route) return sendReply(res, notFound(ctx, match.methodAllowed));
    const target = match.route.handler;
    if (target.kind === 'data') return await serveData(ctx, target.route, deps.gateway);
    if (target.kind === 'file') return await downloadPart(ctx, deps.gateway.world, deps.gateway.clock, deps.gateway.faults, deps.exportSettings);
    sendReply(res, await entra(ctx, target.name, deps));
  } catch {
    // A bug of the simulator, never a client's fault: say so without echoing anything received.
    if (!res.headersSent) sendReply(res, { status: 500, json: { error: { code: 'InternalServerError', message: 'The simulator failed to handle the request.' } } });
    else res.destroy();
  }
}

async function entra(ctx: RequestContext, name: 'token' | 'openid' | 'instance' | 'keys', deps: Deps): Promise<Reply> {
  const { directory } = deps;
  if (name === 'token') return tokenEndpoint(ctx, directory);
  if (name === 'instance') return instanceDiscovery(ctx, directory.baseUrl);
  const tenant = directory.tenant(ctx.params.tenant ?? '');
  if (!tenant) {
    return { status: 400, json: { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${ctx.params.tenant ?? ''}' not found.`, error_codes: [90002], trace_id: ctx.requestId, correlation_id: ctx.clientRequestId ?? ctx.requestId } };
  }
  if (name === 'keys') return signingKeys(directory.issuer.jwk);
  return openIdConfiguration(directory.baseUrl, tenant.id);
}

function notFound(ctx: RequestContext, methodAllowed: boolean): Reply {
  if (!methodAllowed) return { status: 405, json: { error: { code: 'MethodNotAllowed', message: `The method ${ctx.method} is not allowed on this resource.` } } };
  const path = ctx.url.pathname;
  if (path.startsWith('/v1.0/')) return { status: 400, json: { error: { code: 'BadRequest', message: `Resource not found for the segment '${path.split('/').at(-1) ?? ''}'.` } } };
  if (path.toLowerCase().startsWith('/api/')) return { status: 404, json: { error: { code: 'ResourceNotFound', message: `No API at ${path}.`, target: ctx.requestId } } };
  return { status: 404, json: { error: { code: 'NotFound', message: `No resource at ${path}.` } } };
}

function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}
