import type { TokenCredential } from '@azure/event-hubs';
import type { ExpiringTokenProvider } from './token-provider.js';

/**
 * The Azure SDKs' TokenCredential (Event Hubs, Blob Storage) on a tenant's msal application, so
 * those clients use the tenant's configured credential, authority and CA like the Graph and MDE
 * clients, without @azure/identity. Each credential serves the one scope it was made for,
 * whatever the SDK asks: Event Hubs asks for `https://eventhubs.azure.net//.default` (the
 * audience with a trailing slash, plus `/.default`), which names the same resource.
 */
export function azureTokenCredential(tokens: ExpiringTokenProvider): TokenCredential {
  return {
    async getToken(_scopes, options) {
      return tokens.getAccessToken(toAbortSignal(options?.abortSignal));
    },
  };
}

/** The SDKs pass an AbortSignalLike; the token provider wants a real AbortSignal. */
function toAbortSignal(signal: { aborted: boolean; addEventListener(type: 'abort', listener: () => void): void } | undefined): AbortSignal {
  const controller = new AbortController();
  if (signal?.aborted) controller.abort();
  else signal?.addEventListener('abort', () => controller.abort());
  return controller.signal;
}
