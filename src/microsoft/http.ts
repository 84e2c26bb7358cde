import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';

export type HttpHeaders = Readonly<Record<string, string>>;

export interface HttpExchange {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly headers: HttpHeaders;
  readonly body?: string | undefined;
  readonly signal: AbortSignal;
}

export interface HttpTextResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: HttpHeaders;
  readonly text: string;
}

export interface HttpStreamResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly body: Readable;
}

/** One HTTP exchange whose body is read whole as text (API responses, token responses). */
export async function exchangeText(agent: Dispatcher, exchange: HttpExchange): Promise<HttpTextResponse> {
  const response = await exchangeStream(agent, exchange);
  return { status: response.status, headers: response.headers, text: await readText(response.body) };
}

/** One HTTP exchange whose body is left as a stream (export downloads). */
export async function exchangeStream(agent: Dispatcher, exchange: HttpExchange): Promise<HttpStreamResponse> {
  const response = await request(exchange.url, {
    dispatcher: agent,
    method: exchange.method,
    headers: exchange.headers,
    body: exchange.body,
    signal: exchange.signal,
  });
  return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
}

/** Drains a body that is not wanted, so the connection goes back to the pool. */
export async function discard(body: Readable): Promise<void> {
  try {
    for await (const chunk of body) void chunk;
  } catch {
    // The body failed mid-way: the connection is dropped by undici, nothing to recover.
  }
}

async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): HttpHeaders {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** The Node/undici error code of a failed exchange (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, CERT_HAS_EXPIRED, …). */
export function networkCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause !== error) return networkCode(cause);
    return error.name;
  }
  return 'unknown';
}
