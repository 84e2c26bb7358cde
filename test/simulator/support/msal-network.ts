import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request, type Dispatcher } from 'undici';

/**
 * MSAL's `system.networkClient` on undici, so MSAL talks to the simulator through an agent that
 * trusts the simulator's certificate (MSAL's own client would use the system trust store).
 */
export class UndiciNetworkModule implements INetworkModule {
  constructor(private readonly dispatcher: Dispatcher) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
    const response = await request(url, { method, headers: options?.headers, body: options?.body, dispatcher: this.dispatcher });
    const text = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, headers, body: (text.length > 0 ? JSON.parse(text) : {}) as T };
  }
}
