import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler gets: the parsed URL, the path parameters and the raw request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  /** Our id for this request (Graph's `request-id`, MDE's `target`, Entra's trace id). */
  readonly requestId: string;
  /** The caller's `client-request-id` header, echoed in errors as Graph does. */
  readonly clientRequestId: string | undefined;
}

export interface Route<H> {
  readonly method: string;
  /** Matched against the decoded path; named groups become `params`. */
  readonly pattern: RegExp;
  /** The name requestCounts() reports this endpoint under. */
  readonly endpoint: string;
  readonly handler: H;
}

export type RouteMatch<H> = { readonly route: Route<H>; readonly params: Record<string, string> } | { readonly route: undefined; readonly methodAllowed: boolean };

/** First route whose pattern matches the path and whose method is the request's. */
export function matchRoute<H>(routes: readonly Route<H>[], method: string, path: string): RouteMatch<H> {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) params[name] = value;
    return { route, params };
  }
  return { route: undefined, methodAllowed: !pathMatched };
}
