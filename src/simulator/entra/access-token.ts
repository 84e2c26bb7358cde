import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, errors, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../../core/clock.js';
import type { AppRegistration } from './apps.js';
import { isAzureResource, rolesFor, type Audience } from './roles.js';

/** What a valid bearer token says about its caller. */
export interface TokenClaims {
  readonly tenantId: string;
  readonly clientId: string;
  readonly audience: Audience;
  readonly roles: readonly string[];
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'expired' | 'audience' };

/**
 * Issues and checks the simulator's access tokens: RS256 JWTs with `tid`, `aud`, `roles` and an
 * `exp` on the simulator's clock, so a scaled clock expires them as fast as it runs.
 */
export class TokenIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
    private readonly clock: Clock,
    private readonly audiences: Readonly<Record<Audience, string>>,
    private readonly issuerBase: string,
  ) {}

  static async create(clock: Clock, audiences: Readonly<Record<Audience, string>>, issuerBase: string): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
    return new TokenIssuer(privateKey, publicKey, jwk, clock, audiences, issuerBase);
  }

  async issue(app: AppRegistration, audience: Audience, expiresInSeconds: number): Promise<string> {
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ tid: app.tenantId, appid: app.clientId, azp: app.clientId, idtyp: 'app', oid: app.clientId, roles: rolesFor(audience, app.roles), ver: isAzureResource(audience) ? '1.0' : '2.0', uti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: String(this.jwk.kid) })
      // Azure resources get v1 tokens, as from Entra (their issuer is what Azurite checks).
      .setIssuer(isAzureResource(audience) ? `https://sts.windows.net/${app.tenantId}/` : `${this.issuerBase}/${app.tenantId}/v2.0`)
      .setSubject(app.clientId)
      .setAudience(this.audiences[audience])
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + expiresInSeconds)
      .sign(this.privateKey);
  }

  /** Checks signature, lifetime (on the clock) and that the token is for `audience`. */
  async check(authorization: string | undefined, audience: Audience): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    try {
      const { payload } = await jwtVerify(match[1]!, this.publicKey, { algorithms: ['RS256'], currentDate: new Date(this.clock.now()) });
      if (payload.aud !== this.audiences[audience]) return { ok: false, reason: 'audience' };
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [];
      return { ok: true, claims: { tenantId: String(payload.tid), clientId: String(payload.appid), audience, roles } };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'malformed' };
    }
  }
}
