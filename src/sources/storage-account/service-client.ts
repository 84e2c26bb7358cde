import { BlobServiceClient } from '@azure/storage-blob';
import type { Secret } from '../../config/redact.js';
import type { TokenCredential } from './token-credential.js';

/** How a storage account is reached: its connection string, or its URL and an Entra credential. */
export type StorageAuth = { readonly connectionString: Secret } | { readonly accountUrl: string; readonly credential: TokenCredential };

/**
 * The account's blob service client. The connection string is revealed here only, to the SDK
 * (which signs requests with the key and never logs it). The SDK's own retries stay on: a
 * failure that outlasts them goes to the source runner, which reads again from the committed
 * position.
 */
export function blobService(auth: StorageAuth): BlobServiceClient {
  if ('connectionString' in auth) return BlobServiceClient.fromConnectionString(auth.connectionString.reveal());
  return new BlobServiceClient(auth.accountUrl, auth.credential);
}
