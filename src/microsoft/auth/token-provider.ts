import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { loadClientCredential } from '../credentials/client-credential.js';
import type { TenantConfig, TenantEndpoints } from '../tenant-config.js';
import { translateAuthError, type AuthContext } from './auth-errors.js';
import { EntraNetworkModule } from './network.js';

/**
 * Bearer tokens for one (tenant, resource scope). msal caches the token and renews it about five
 * minutes before it expires; `invalidate` makes the next call fetch a fresh one (after a 401).
 * Failures are `MicrosoftAuthError`s; `retryable` tells a transient Entra failure from a wrong
 * secret.
 */
export interface TokenProvider {
  readonly scope: string;
  getToken(signal: AbortSignal): Promise<string>;
  /** Forget the cached token; with `rejected`, only if it is still the one cached (concurrent 401s renew once). */
  invalidate(rejected?: string): void;
}

/** A token with its expiry, for clients that schedule their own renewal (the Azure SDKs' TokenCredential). */
export interface ExpiringTokenProvider extends TokenProvider {
  getAccessToken(signal: AbortSignal): Promise<{ token: string; expiresOnTimestamp: number }>;
}

/** When msal does not say, assume the shortest lifetime Entra issues, so a client renews early rather than late. */
const UNKNOWN_EXPIRY_MS = 5 * 60 * 1000;

/** One msal application per tenant: its token cache serves every scope of that tenant. */
export class TenantTokens {
  readonly #app: ConfidentialClientApplication;
  readonly #network: EntraNetworkModule;
  readonly #context: Omit<AuthContext, 'scope'>;

  constructor(tenant: TenantConfig, index: number, endpoints: TenantEndpoints, agent: Dispatcher, timeoutMs: number) {
    const credential = loadClientCredential(tenant, index);
    this.#network = new EntraNetworkModule(agent, timeoutMs);
    this.#app = new ConfidentialClientApplication({
      auth: {
        clientId: tenant.client_id,
        authority: endpoints.authority,
        // A custom authority (a sovereign proxy, the simulator) must not be validated against
        // Microsoft's instance discovery on login.microsoftonline.com.
        ...(endpoints.customAuthority ? { knownAuthorities: [new URL(endpoints.authorityHost).host] } : {}),
        ...credential,
      },
      system: {
        networkClient: this.#network,
        // Retries happen in the API client, on the Clock, with the connector's bounds.
        disableInternalRetries: true,
        // msal's log lines can carry request details: none are forwarded.
        loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
      },
    });
    this.#context = {
      tenantName: tenant.name,
      tenantIndex: index,
      tenantId: tenant.tenant_id,
      clientId: tenant.client_id,
      cloud: tenant.cloud,
      authorityHost: endpoints.authorityHost,
      credential: credential.clientSecret === undefined ? 'certificate' : 'secret',
    };
  }

  forScope(scope: string): ExpiringTokenProvider {
    return new MsalTokenProvider(this.#app, this.#network, { ...this.#context, scope });
  }
}

class MsalTokenProvider implements ExpiringTokenProvider {
  #current: string | undefined;
  #expiresOnTimestamp = 0;
  #forceRefresh = false;
  #inflight: Promise<string> | undefined;

  constructor(
    private readonly app: ConfidentialClientApplication,
    private readonly network: EntraNetworkModule,
    private readonly context: AuthContext,
  ) {}

  get scope(): string {
    return this.context.scope;
  }

  getToken(signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    // Concurrent callers share one acquisition: a burst after a 401 renews the token once.
    this.#inflight ??= this.#acquire().finally(() => {
      this.#inflight = undefined;
    });
    return abortable(this.#inflight, signal);
  }

  async getAccessToken(signal: AbortSignal): Promise<{ token: string; expiresOnTimestamp: number }> {
    const token = await this.getToken(signal);
    return { token, expiresOnTimestamp: this.#expiresOnTimestamp };
  }

  invalidate(rejected?: string): void {
    if (rejected !== undefined && rejected !== this.#current) return;
    this.#forceRefresh = true;
  }

  async #acquire(): Promise<string> {
    const skipCache = this.#forceRefresh;
    this.#forceRefresh = false;
    this.network.reset();
    try {
      const result = await this.app.acquireTokenByClientCredential({ scopes: [this.context.scope], skipCache });
      if (result === null || result.accessToken === '') throw new Error('empty token response');
      this.#current = result.accessToken;
      this.#expiresOnTimestamp = result.expiresOn?.getTime() ?? Date.now() + UNKNOWN_EXPIRY_MS;
      return result.accessToken;
    } catch (error) {
      if (skipCache) this.#forceRefresh = true;
      throw translateAuthError(error, this.context, this.network.lastFailure);
    }
  }
}

/** msal takes no AbortSignal: the caller stops waiting, the acquisition finishes in the background. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
