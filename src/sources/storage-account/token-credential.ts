// Types only (erased at run time): @azure/core-auth comes with @azure/storage-blob.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
export type { TokenCredential };
import type { TokenProvider } from '../../microsoft/auth/token-provider.js';

/** The storage data-plane scope: every account, any cloud's public endpoint suffix alike. */
export const STORAGE_SCOPE = 'https://storage.azure.com/.default';

/**
 * The Azure SDK's credential interface over the tenant's msal application (the same token cache
 * and network settings as the Graph and MDE clients). msal renews tokens itself about five minutes
 * before they expire, so the SDK is told a short lifetime and simply asks again; each ask is a
 * cache hit until msal refreshes.
 */
export class TenantTokenCredential implements TokenCredential {
  constructor(
    private readonly tokens: TokenProvider,
    private readonly lifetimeMs = 5 * 60 * 1000,
  ) {}

  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    // The SDK passes an AbortSignalLike (no reason, no throwIfAborted): bridge it to a real one.
    const controller = new AbortController();
    const stop = () => controller.abort();
    if (options?.abortSignal?.aborted) stop();
    options?.abortSignal?.addEventListener('abort', stop);
    const token = await this.tokens.getToken(controller.signal).finally(() => options?.abortSignal?.removeEventListener('abort', stop));
    return { token, expiresOnTimestamp: Date.now() + this.lifetimeMs };
  }
}
