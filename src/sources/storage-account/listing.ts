import type { BlobServiceClient } from '@azure/storage-blob';
import { dayPrefix, daysBetween, parseBlobName } from './blob-path.js';

/** One export blob as the listing saw it. */
export interface ListedBlob {
  readonly container: string;
  readonly name: string;
  readonly tenantId: string;
  readonly hourMs: number;
  readonly etag: string;
  readonly size: number;
}

export type ContainerChoice = { readonly names: readonly string[] } | { readonly prefix: string };

/** The configured containers, or those named with the prefix now (tables enabled later appear on the next poll). */
export async function listContainers(service: BlobServiceClient, choice: ContainerChoice, signal: AbortSignal): Promise<string[]> {
  if ('names' in choice) return [...choice.names];
  const names: string[] = [];
  for await (const container of service.listContainers({ prefix: choice.prefix, abortSignal: signal })) names.push(container.name);
  return names.sort();
}

/**
 * The export blobs of hours from `fromHourMs` on, oldest hour first: one listing of the tenant
 * folders, then one per tenant and day (so a connector that was down for a week lists 7 prefixes,
 * never the whole history).
 */
export async function listHourlyBlobs(service: BlobServiceClient, container: string, fromHourMs: number, nowMs: number, signal: AbortSignal): Promise<ListedBlob[]> {
  const client = service.getContainerClient(container);
  const tenants: string[] = [];
  for await (const item of client.listBlobsByHierarchy('/', { prefix: 'tenantId=', abortSignal: signal })) {
    if (item.kind === 'prefix') tenants.push(item.name.slice('tenantId='.length, -1));
  }
  const blobs: ListedBlob[] = [];
  for (const tenantId of tenants) {
    for (const day of daysBetween(fromHourMs, nowMs)) {
      for await (const item of client.listBlobsFlat({ prefix: dayPrefix(tenantId, day), abortSignal: signal })) {
        const parsed = parseBlobName(item.name);
        if (parsed === undefined || parsed.hourMs < fromHourMs) continue;
        blobs.push({ container, name: item.name, ...parsed, etag: item.properties.etag ?? '', size: item.properties.contentLength ?? 0 });
      }
    }
  }
  return blobs;
}
