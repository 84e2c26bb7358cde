import type { ServerResponse } from 'node:http';

/** A response a handler decided on; the gateway applies faults (latency, truncation) before sending it. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON. */
  readonly json?: unknown;
  /** A non-JSON body (Azure Storage answers errors in XML). */
  readonly text?: { readonly contentType: string; readonly body: string };
}

export function jsonReply(status: number, json: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json, headers } : { status, json };
}

/** Writes a reply; `cut` sends only the first half of the body (a connection dropped mid-body, seen as a truncated 200). */
export function sendReply(res: ServerResponse, reply: Reply, cut = false): void {
  let body = '';
  let contentType = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
  if (reply.text) {
    body = reply.text.body;
    contentType = reply.text.contentType;
  } else if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
  }
  let bytes = Buffer.from(body, 'utf8');
  if (cut) bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': bytes.length };
  if (body.length > 0) headers['content-type'] = contentType;
  res.writeHead(reply.status, headers);
  res.end(bytes);
}

/** Reads a request body (bounded: the simulator takes small JSON and form bodies only). */
export async function readBody(req: NodeJS.ReadableStream, limit = 1024 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
