import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Pre-signed links for the export files, in the shape of Azure Storage service SAS URLs: `se` is
 * the expiry and `sig` an HMAC over the path and the expiry with a key only this simulator holds,
 * so a changed path, expiry or signature is refused exactly like a forged SAS.
 */
export class LinkSigner {
  private readonly key = randomBytes(32);

  sign(baseUrl: string, path: string, startMs: number, expiryMs: number): string {
    const st = isoSeconds(startMs);
    const se = isoSeconds(expiryMs);
    return `${baseUrl}${path}?sv=2024-11-04&st=${encodeURIComponent(st)}&se=${encodeURIComponent(se)}&sr=b&sp=r&sig=${encodeURIComponent(this.signature(path, st, se))}`;
  }

  /** `ok`, or why the link is refused (Azure Storage answers both with 403 AuthenticationFailed). */
  check(path: string, query: URLSearchParams, nowMs: number): { ok: true } | { ok: false; reason: 'signature' | 'expired'; detail: string } {
    const st = query.get('st') ?? '';
    const se = query.get('se') ?? '';
    const sig = query.get('sig') ?? '';
    const expected = Buffer.from(this.signature(path, st, se));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given) || query.get('sp') !== 'r' || query.get('sr') !== 'b') {
      return { ok: false, reason: 'signature', detail: `Signature did not match. String to sign used was r\n${st}\n${se}\n${path}` };
    }
    const expiryMs = Date.parse(se);
    if (!(nowMs <= expiryMs)) {
      return { ok: false, reason: 'expired', detail: `Signature not valid in the specified time frame: Start [${utc(Date.parse(st))}] - Expiry [${utc(expiryMs)}] - Current [${utc(nowMs)}]` };
    }
    return { ok: true };
  }

  private signature(path: string, st: string, se: string): string {
    return createHmac('sha256', this.key).update(`r\n${st}\n${se}\n${path}`).digest('base64');
  }
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function utc(ms: number): string {
  return Number.isNaN(ms) ? 'invalid' : new Date(ms).toUTCString();
}
