import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { AppRegistration } from './apps.js';

export type AssertionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 700027 | 700024 | 700021; readonly text: string };

/** Client assertion lifetimes are checked with this tolerance for clock skew, as Entra allows some. */
const SKEW_SECONDS = 300;

/**
 * Verifies a certificate client assertion (§1.3) against the app's registered certificate: the
 * header's `x5t#S256` or `x5t` names that certificate, the signature is RS256 or PS256 by its key,
 * `aud` is this token endpoint, `iss` = `sub` = the client id, and `nbf`/`exp` bracket the
 * present. The present is the wall clock, not the simulator's: the connector signs with its host
 * clock (MSAL uses Date.now), so a scaled simulator clock would reject every honest assertion.
 */
export async function verifyAssertion(assertion: string, app: AppRegistration, audiences: readonly string[]): Promise<AssertionCheck> {
  const certificate = app.certificate;
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return { ok: false, code: 700027, text: 'Client assertion failed signature validation. The assertion is not a well-formed JWT.' };
  }
  const thumbprint = header['x5t#S256'] ?? header.x5t;
  const matches = certificate !== undefined && (header['x5t#S256'] === certificate.x5tS256 || (header['x5t#S256'] === undefined && header.x5t === certificate.x5t));
  if (!matches) {
    return { ok: false, code: 700027, text: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(thumbprint ?? 'none')}'.]` };
  }
  try {
    const { payload } = await jwtVerify(assertion, certificate.publicKey, { algorithms: ['RS256', 'PS256'], clockTolerance: SKEW_SECONDS });
    if (typeof payload.aud !== 'string' || !audiences.includes(payload.aud)) {
      return { ok: false, code: 700027, text: `Client assertion failed signature validation. The audience claim '${String(payload.aud)}' is not this token endpoint.` };
    }
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
      return { ok: false, code: 700021, text: "Client assertion application identifier doesn't match 'client_id' parameter." };
    }
    if (typeof payload.exp !== 'number') return { ok: false, code: 700024, text: 'Client assertion is not within its valid time range. The assertion has no expiry time.' };
    return { ok: true };
  } catch (error) {
    if (error instanceof errors.JWTExpired || (error instanceof errors.JWTClaimValidationFailed && (error.claim === 'nbf' || error.claim === 'iat'))) {
      return { ok: false, code: 700024, text: `Client assertion is not within its valid time range. Current time: ${new Date().toISOString()}.` };
    }
    return { ok: false, code: 700027, text: 'Client assertion failed signature validation.' };
  }
}
