import { AuthError, ServerError } from '@azure/msal-node';
import { MicrosoftAuthError } from '../errors.js';
import type { EntraExchangeFailure } from './network.js';

/** Who failed to authenticate, for messages that say exactly which key to fix. */
export interface AuthContext {
  readonly tenantName: string;
  readonly tenantIndex: number;
  readonly tenantId: string;
  readonly clientId: string;
  readonly cloud: string;
  readonly authorityHost: string;
  readonly scope: string;
  readonly credential: 'secret' | 'certificate';
}

interface Diagnosis {
  readonly oauthError: string | undefined;
  readonly aadsts: number | undefined;
  readonly correlationId: string | undefined;
  readonly networkCode: string | undefined;
  readonly status: number | undefined;
}

/** AADSTS codes Entra documents as transient (service busy, tenant throttled). */
const TRANSIENT_AADSTS = new Set([90024, 90006, 90033, 90055]);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|HOSTNAME|ALTNAME/;

/**
 * msal/Entra error → MicrosoftAuthError naming cause and fix. Only the OAuth error, the AADSTS
 * number and the correlation id are taken from msal's error: its text can hold request details,
 * so it is neither logged nor copied.
 */
export function translateAuthError(error: unknown, context: AuthContext, lastFailure: EntraExchangeFailure | undefined): MicrosoftAuthError {
  const diagnosis = diagnose(error, lastFailure);
  const { message, retryable } = explain(diagnosis, context);
  const reference = [diagnosis.aadsts === undefined ? undefined : `AADSTS${diagnosis.aadsts}`, diagnosis.oauthError, diagnosis.correlationId === undefined ? undefined : `correlation id ${diagnosis.correlationId}`]
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
  return new MicrosoftAuthError(`tenant ${context.tenantName}: ${message}${reference === '' ? '' : ` (${reference})`}`, {
    retryable,
    oauthError: diagnosis.oauthError,
    aadsts: diagnosis.aadsts,
    correlationId: diagnosis.correlationId,
    retryAfterMs: retryable ? lastFailure?.retryAfterMs : undefined,
  });
}

function diagnose(error: unknown, lastFailure: EntraExchangeFailure | undefined): Diagnosis {
  const msalCode = error instanceof AuthError ? error.errorCode : undefined;
  const errorNo = error instanceof ServerError ? Number(error.errorNo) : Number.NaN;
  // What Entra itself answered (seen by the network module during this acquisition) wins over
  // msal's own codes (network_error, endpoints_resolution_error, …), which hide the cause.
  return {
    oauthError: lastFailure?.oauthError ?? msalCode,
    aadsts: lastFailure?.aadsts ?? (Number.isInteger(errorNo) && errorNo > 0 ? errorNo : aadstsInText(error)),
    // Entra's correlation id (from the response body) is the one its support can look up.
    correlationId: lastFailure?.correlationId ?? (error instanceof AuthError && error.correlationId !== '' ? error.correlationId : undefined),
    networkCode: lastFailure?.networkCode,
    status: lastFailure?.status ?? (error instanceof ServerError ? error.status : undefined),
  };
}

/** The AADSTS number only (never the surrounding text). */
function aadstsInText(error: unknown): number | undefined {
  const text = error instanceof AuthError ? error.errorMessage : '';
  const match = /AADSTS(\d+)/.exec(text);
  return match === null ? undefined : Number(match[1]);
}

function explain(diagnosis: Diagnosis, context: AuthContext): { message: string; retryable: boolean } {
  const key = `tenants[${context.tenantIndex}]`;
  const app = `Entra ID > App registrations > ${context.clientId}`;
  const fixed = (message: string) => ({ message, retryable: false });
  const transient = (message: string) => ({ message, retryable: true });
  switch (diagnosis.aadsts) {
    case 7000215:
      return fixed(`the client secret is wrong: create a new one in ${app} > Certificates & secrets and update ${key}.client_secret (the secret's Value, not its ID)`);
    case 7000222:
      return fixed(`the client secret has expired: create a new one in ${app} > Certificates & secrets and update ${key}.client_secret`);
    case 7000218:
      return fixed(`Entra ID received no credential: set ${key}.client_secret or ${key}.client_certificate`);
    case 700016:
      return fixed(
        `application ${context.clientId} was not found in directory ${context.tenantId}: check ${key}.tenant_id and ${key}.client_id, and have an administrator of that tenant consent to the app (a multi-tenant app must be consented in each customer tenant)`,
      );
    case 700027:
      return fixed(`the certificate assertion failed signature validation: upload this certificate (its public part) to ${app} > Certificates & secrets, or point ${key}.client_certificate at the certificate already uploaded there`);
    case 700024:
      return fixed('the certificate assertion is outside its valid time window: this host\'s clock is wrong; synchronise it (NTP)');
    case 7000112:
    case 70001:
      return fixed(`application ${context.clientId} is disabled in directory ${context.tenantId}: re-enable it (Enterprise applications > Properties > Enabled for users to sign-in)`);
    case 70011:
    case 700022:
      return fixed(`the scope ${context.scope} is invalid: check ${key}.graph_host / ${key}.mde_scope (one resource per scope, ending in /.default)`);
    case 500011:
      return fixed(
        `the resource of scope ${context.scope} does not exist in directory ${context.tenantId}: for Defender for Endpoint the tenant must have MDE provisioned and the app its WindowsDefenderATP permissions consented; check ${key}.mde_scope`,
      );
    case 90002:
      return fixed(`directory ${context.tenantId} was not found in the ${context.cloud} cloud: check ${key}.tenant_id, and ${key}.cloud (a GCC High or DoD tenant needs cloud: gcc_high or dod)`);
    case 90038:
    case 900432:
      return fixed(`directory ${context.tenantId} belongs to another national cloud than ${context.cloud}: set ${key}.cloud to the tenant's cloud (gcc_high, dod, china …)`);
    case 53003:
      return fixed(`a Conditional Access policy blocks application ${context.clientId}: ask the tenant's administrators to exclude it or allow this host's address`);
    default:
      if (diagnosis.aadsts !== undefined && TRANSIENT_AADSTS.has(diagnosis.aadsts)) return transient('Entra ID is busy or throttling this tenant; retrying with backoff');
  }
  switch (diagnosis.oauthError) {
    case 'temporarily_unavailable':
      return transient(`Entra ID is temporarily unavailable${diagnosis.status === undefined ? '' : ` (HTTP ${diagnosis.status})`}; retrying with backoff`);
    case 'invalid_client':
      return fixed(
        context.credential === 'secret'
          ? `client authentication failed: check ${key}.client_id and ${key}.client_secret (${app} > Certificates & secrets)`
          : `client authentication failed: check that ${key}.client_certificate is the certificate uploaded to ${app} > Certificates & secrets`,
      );
    case 'unauthorized_client':
      return fixed(`application ${context.clientId} may not use the client credentials grant in directory ${context.tenantId}: check ${key}.tenant_id and that an administrator consented to the app`);
    case 'invalid_scope':
      return fixed(`the scope ${context.scope} is invalid: check ${key}.graph_host / ${key}.mde_scope`);
    case 'invalid_resource':
      return fixed(`the resource of scope ${context.scope} is not configured in directory ${context.tenantId}: check ${key}.mde_scope and that the API is provisioned there`);
    case 'invalid_request':
      return fixed(`Entra ID rejected the token request as malformed: check ${key}.tenant_id (a GUID or verified domain, not "common") and ${key}.authority_host`);
    case 'invalid_tenant':
      return fixed(`directory ${context.tenantId} was not found in the ${context.cloud} cloud: check ${key}.tenant_id and ${key}.cloud`);
    default:
      break;
  }
  if (diagnosis.networkCode !== undefined) {
    if (TLS_CODES.test(diagnosis.networkCode)) {
      return fixed(`the TLS certificate of ${context.authorityHost} is not trusted (${diagnosis.networkCode}): if a proxy inspects TLS, add its CA certificate to ${key}.ca_file`);
    }
    return transient(`cannot reach Entra ID at ${context.authorityHost} (${diagnosis.networkCode}); retrying with backoff`);
  }
  if (diagnosis.status !== undefined && (diagnosis.status >= 500 || diagnosis.status === 429)) return transient(`Entra ID answered HTTP ${diagnosis.status}; retrying with backoff`);
  if (diagnosis.oauthError === 'network_error') return transient(`cannot reach Entra ID at ${context.authorityHost}; retrying with backoff`);
  if (diagnosis.oauthError === 'endpoints_resolution_error' || diagnosis.oauthError === 'openid_config_error') {
    return fixed(`cannot read the OpenID configuration of ${context.authorityHost}/${context.tenantId}: check ${key}.tenant_id, ${key}.cloud and ${key}.authority_host`);
  }
  return fixed(`no token from Entra ID (${diagnosis.oauthError ?? 'unknown error'}): check ${key}.tenant_id, client_id and its credential`);
}
