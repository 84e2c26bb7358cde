import type { RequestContext } from '../server/router.js';
import type { Reply } from '../server/respond.js';
import { entraTimestamp } from '../time-format.js';

/** The OAuth `error` values of §1.6 the simulator answers with. */
export type OAuthError = 'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'invalid_scope' | 'invalid_resource' | 'unsupported_grant_type';

/**
 * An Entra token endpoint error in the shape of §1.6: the AADSTS code leads the description, which
 * ends with the trace and correlation ids and a timestamp, as the real service writes it.
 */
export function tokenError(ctx: RequestContext, baseUrl: string, nowMs: number, status: 400 | 401, error: OAuthError, code: number, text: string): Reply {
  const correlationId = ctx.clientRequestId ?? ctx.requestId;
  const timestamp = entraTimestamp(nowMs);
  return {
    status,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': ctx.requestId },
    json: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${ctx.requestId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: ctx.requestId,
      correlation_id: correlationId,
      error_uri: `${baseUrl}/error?code=${code}`,
    },
  };
}
