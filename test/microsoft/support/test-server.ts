import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A scripted HTTPS server on 127.0.0.1 with a self-signed certificate: it plays Entra ID's
 * discovery and token endpoints and Graph/MDE as each test scripts them, and records every
 * request so tests can look at what the client really sent (headers, form, bodies).
 */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  readonly replies: Reply[];
}

/** One certificate for all servers of a test run (key generation is the slow part). */
let certificate: Promise<{ cert: string; key: string }> | undefined;

function serverCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  readonly #routes: Route[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    /** The PEM certificate to trust (write it to a ca_file). */
    readonly certificatePem: string,
  ) {
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<ScriptedServer> {
    const { cert, key } = await serverCertificate();
    let self: ScriptedServer | undefined;
    const server = createServer({ cert, key }, (request, response) => void self!.#handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new ScriptedServer(server, `https://127.0.0.1:${port}`, cert);
    return self;
  }

  /**
   * Adds a route; replies are used in turn and the last one repeats. Later routes win over
   * earlier ones for the same request, so a test can override a default.
   */
  route(method: string, path: string | RegExp, ...replies: Reply[]): this {
    this.#routes.unshift({ method, path, replies: [...replies] });
    return this;
  }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.url.startsWith(prefix));
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(recorded);
    const path = recorded.url.split('?')[0]!;
    const route = this.#routes.find((candidate) => candidate.method === recorded.method && (typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(recorded.url)));
    if (route === undefined) {
      json(404, { error: { code: 'NotScripted', message: `no route for ${recorded.method} ${recorded.url}` } })(recorded, response);
      return;
    }
    const reply = route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!;
    try {
      await reply(recorded, response);
    } catch (error) {
      response.destroy(error as Error);
    }
  }
}

/** A JSON reply with optional headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

/** A raw text reply (truncated JSON, HTML outage pages). */
export function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };
}

/** Drops the connection without an answer (a network failure as the client sees it). */
export const hangUp: Reply = (_request, response) => {
  response.socket?.destroy();
};

/** Graph-style OData error body. */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, { error: { code, message, innerError: { date: '2026-01-05T09:14:02', 'request-id': 'req-1' } } }, headers);
}
