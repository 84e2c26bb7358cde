import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { Clock } from '../../core/clock.js';
import type { DataRequest } from '../data-request.js';
import { mdeError, storageError } from '../errors.js';
import type { Faults } from '../faults.js';
import type { RequestContext } from '../server/router.js';
import { sendReply, type Reply } from '../server/respond.js';
import type { TenantWorld, World } from '../world/world.js';
import type { LinkSigner } from './sas.js';

export interface ExportSettings {
  readonly signer: LinkSigner;
  /** Rows per export file part. */
  readonly fileRows: number;
}

/**
 * `GET /api/machines/SoftwareVulnerabilitiesExport`: SAS links to the gzip NDJSON parts of the
 * tenant's snapshot, valid `sasValidHours` (1 by default, 6 at most) or the link_expiry fault.
 */
export function exportLinks(request: DataRequest, settings: ExportSettings): Reply {
  const hoursText = request.ctx.url.searchParams.get('sasValidHours');
  const hours = hoursText === null ? 1 : Number(hoursText);
  if (!Number.isInteger(hours) || hours < 1 || hours > 6) return mdeError(request.ctx, 400, 'InvalidInput', `sasValidHours must be a whole number of hours from 1 to 6, got '${hoursText}'.`);
  const now = request.clock.now();
  const validMs = request.faults.link_expiry !== undefined ? request.faults.link_expiry * 1000 : hours * 3_600_000;
  const plan = request.tenant.vulnerabilities;
  const parts = Math.ceil(plan.totalRows / settings.fileRows);
  const exportFiles = Array.from({ length: parts }, (_, part) => settings.signer.sign(request.baseUrl, partPath(request.tenant, part), now, now + validMs));
  return {
    status: 200,
    json: {
      '@odata.context': `${request.baseUrl}/api/$metadata#microsoft.windowsDefenderATP.api.ExportFilesResponse`,
      exportFiles,
      generatedTime: new Date(plan.snapshotMs).toISOString().replace('.000Z', 'Z'),
    },
  };
}

export function partPath(tenant: TenantWorld, part: number): string {
  return `/tvm-export/OrgId=${tenant.tenant.id}/${snapshotStamp(tenant.vulnerabilities.snapshotMs)}/part-${String(part).padStart(5, '0')}.json.gz`;
}

export const PART_PATH = /^\/tvm-export\/OrgId=(?<tenant>[0-9a-f-]+)\/(?<snapshot>\d{8}T\d{4})\/part-(?<part>\d{5})\.json\.gz$/;

function snapshotStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '');
}

/**
 * Serves one export file part: the link is checked (signature, then expiry on the clock), then
 * the part's rows are generated, serialised and gzipped as the client reads, with backpressure,
 * so a million-row export never sits in memory.
 */
export async function downloadPart(ctx: RequestContext, world: World, clock: Clock, faults: Faults, settings: ExportSettings): Promise<void> {
  const now = clock.now();
  const link = settings.signer.check(ctx.url.pathname, ctx.url.searchParams, now);
  if (!link.ok) {
    const message = 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.';
    return sendReply(ctx.res, storageError(ctx, now, 403, 'AuthenticationFailed', message, link.detail));
  }
  const tenant = world.tenantById(ctx.params.tenant ?? '');
  const part = Number(ctx.params.part);
  const plan = tenant?.vulnerabilities;
  if (!tenant || !plan || part >= Math.ceil(plan.totalRows / settings.fileRows) || ctx.params.snapshot !== snapshotStamp(plan.snapshotMs)) {
    return sendReply(ctx.res, storageError(ctx, now, 404, 'BlobNotFound', 'The specified blob does not exist.', ''));
  }
  if (faults.latency) await clock.sleep(faults.latency, new AbortController().signal);
  const fault = tenant.faults.random();
  if (fault?.kind === 'error') {
    return sendReply(ctx.res, { status: fault.status, text: { contentType: 'application/xml', body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>The server is busy.</Message></Error>' } });
  }
  if (fault?.kind === 'throttle') {
    return sendReply(ctx.res, { status: 503, headers: { 'retry-after': String(fault.retryAfterSeconds) }, text: { contentType: 'application/xml', body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>Egress is over the account limit.</Message></Error>' } });
  }
  ctx.res.writeHead(200, { 'content-type': 'application/x-gzip', 'x-ms-blob-type': 'BlockBlob', 'x-ms-request-id': ctx.requestId });
  const start = part * settings.fileRows;
  try {
    await pipeline(Readable.from(lines(plan.rows(start, settings.fileRows))), createGzip({ level: constants.Z_BEST_SPEED }), ctx.res);
  } catch {
    // The client went away mid-download; nothing to clean up but the sockets, which pipeline closed.
  }
}

/** NDJSON text in chunks of about 64 KiB (one chunk per row would cost a stream write each). */
function* lines(rows: Iterable<Record<string, unknown>>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += `${JSON.stringify(row)}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
