import type { RequestContext } from './server/router.js';
import type { Reply } from './server/respond.js';
import { errorDate } from './time-format.js';

/** A Graph (OData v4) error, as §2.5 shows it: code, message and the innerError with request ids. */
export function graphError(ctx: RequestContext, nowMs: number, status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  const innerError = { date: errorDate(nowMs), 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId ?? ctx.requestId };
  const body = status === 400 && code === '' ? { error: { code, message, details: [], innerError } } : { error: { code, message, innerError } };
  return headers ? { status, json: body, headers } : { status, json: body };
}

/** A Defender for Endpoint error (§3.4): `target` is the per-request correlation id. */
export function mdeError(ctx: RequestContext, status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  const body = { error: { code, message, target: ctx.requestId } };
  return headers ? { status, json: body, headers } : { status, json: body };
}

/** Azure Storage's XML error, for the export file links. */
export function storageError(ctx: RequestContext, nowMs: number, status: number, code: string, message: string, detail: string): Reply {
  const xml =
    `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}\nRequestId:${ctx.requestId}\nTime:${new Date(nowMs).toISOString()}</Message>` +
    `<AuthenticationErrorDetail>${escapeXml(detail)}</AuthenticationErrorDetail></Error>`;
  return { status, text: { contentType: 'application/xml', body: xml }, headers: { 'x-ms-request-id': ctx.requestId, 'x-ms-error-code': code } };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
