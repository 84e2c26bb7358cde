import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import type { TokenCredential } from '@azure/event-hubs';
import { ContainerClient } from '@azure/storage-blob';
import type { Secret } from '../config/redact.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../telemetry/log.js';

/**
 * Checkpoint and ownership calls are small: one that hangs for more than 30 s has failed. Without
 * a try timeout the storage client waits on a dead connection indefinitely, and the SDK's load
 * balancing (which renews claims) would stall with it.
 */
const STORAGE_OPTIONS = { retryOptions: { maxTries: 4, tryTimeoutInMs: 30_000 } };

export type BlobStoreAccess = { readonly connectionString: Secret } | { readonly accountUrl: string; readonly credential: TokenCredential };

export interface BlobCheckpointStoreHandle {
  readonly store: BlobCheckpointStore;
  /** Creates the container if it is missing (once per read; a credential without that right only logs). */
  ensureContainer(): Promise<void>;
}

/**
 * The SDK's blob checkpoint store: checkpoints and partition ownership as blobs (ownership claims
 * are conditional on the blob's etag), which lets several instances share an event hub's
 * partitions. Checkpoints are written by the source after each commit (SourceBatch.afterCommit),
 * never through the SDK before.
 */
export function openBlobCheckpointStore(access: BlobStoreAccess, containerName: string, log: Logger): BlobCheckpointStoreHandle {
  const container =
    'connectionString' in access
      ? new ContainerClient(access.connectionString.reveal(), containerName, STORAGE_OPTIONS)
      : new ContainerClient(`${access.accountUrl.replace(/\/+$/, '')}/${encodeURIComponent(containerName)}`, access.credential, STORAGE_OPTIONS);
  return {
    store: new BlobCheckpointStore(container),
    ensureContainer: async () => {
      try {
        const created = await container.createIfNotExists();
        if (created.succeeded) log.info({ container: containerName }, 'created the checkpoint container');
      } catch (error) {
        // Often a role that may read and write blobs but not create containers: if the container
        // exists all is well; if not, the SDK's errors will say so on every claim.
        log.warn({ container: containerName, err: error }, `cannot create the checkpoint container (it must exist): ${errorMessage(error)}`);
      }
    },
  };
}
