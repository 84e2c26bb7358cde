import { PartitionLog } from './partition-log.js';

/** Consumer groups per event hub on the Standard tier and in Microsoft's emulator (§4.8). */
export const MAX_CONSUMER_GROUPS = 20;

/**
 * One event hub: its partitions and the consumer groups used so far. Names are compared without
 * case, as the service does (the SDK itself writes `$default` for `$Default`).
 */
export class EventHub {
  readonly partitions: readonly PartitionLog[];
  private readonly consumerGroups = new Set<string>(['$default']);
  private nextPartition = 0;

  constructor(
    readonly name: string,
    partitionCount: number,
    maxEventsPerPartition: number,
    readonly createdAtMs: number,
  ) {
    this.partitions = Array.from({ length: partitionCount }, (_, index) => new PartitionLog(String(index), maxEventsPerPartition));
  }

  partition(id: string): PartitionLog | undefined {
    return /^\d+$/.test(id) ? this.partitions[Number(id)] : undefined;
  }

  /**
   * Where a publication without a partition goes: by partition key (a stable hash, so one key
   * always lands in one partition) or, without a key, round-robin.
   */
  route(partitionKey: string | undefined): PartitionLog {
    const index = partitionKey === undefined ? this.nextPartition++ % this.partitions.length : fnv1a(partitionKey) % this.partitions.length;
    return this.partitions[index]!;
  }

  /** Creates the consumer group on first use; false once the hub has its maximum. */
  useConsumerGroup(name: string): boolean {
    const key = name.toLowerCase();
    if (this.consumerGroups.has(key)) return true;
    if (this.consumerGroups.size >= MAX_CONSUMER_GROUPS) return false;
    this.consumerGroups.add(key);
    return true;
  }
}

/** 32-bit FNV-1a over the key's UTF-8 bytes (the service's own hash is not documented). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
