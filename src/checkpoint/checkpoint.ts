import type { Checkpoint } from '@azure/event-hubs';

/**
 * An Event Hubs source's position for one partition: the SDK's own checkpoint (the last event
 * committed: its offset, from which reading resumes exclusively, and its sequence number), so the
 * value the runner commits with the documents is exactly what the checkpoint stores serve back.
 */
export type PartitionCheckpoint = Checkpoint;

/** Which event hub a checkpoint or an ownership belongs to. Names compare case-insensitively, as in the service and the blob store. */
export interface HubIdentity {
  readonly fullyQualifiedNamespace: string;
  readonly eventHubName: string;
  readonly consumerGroup: string;
}

export function sameHub(a: HubIdentity, b: HubIdentity): boolean {
  return (
    a.fullyQualifiedNamespace.toLowerCase() === b.fullyQualifiedNamespace.toLowerCase() &&
    a.eventHubName.toLowerCase() === b.eventHubName.toLowerCase() &&
    a.consumerGroup.toLowerCase() === b.consumerGroup.toLowerCase()
  );
}

/** A stored position that is a checkpoint (anything else — another source type's, a corrupt row — is not). */
export function isPartitionCheckpoint(value: unknown): value is PartitionCheckpoint {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.fullyQualifiedNamespace === 'string' &&
    typeof candidate.eventHubName === 'string' &&
    typeof candidate.consumerGroup === 'string' &&
    typeof candidate.partitionId === 'string' &&
    typeof candidate.offset === 'string' &&
    Number.isSafeInteger(candidate.sequenceNumber)
  );
}
