import { randomUUID } from 'node:crypto';
import type { CheckpointStore, PartitionOwnership } from '@azure/event-hubs';
import type { SqliteDatabase } from '../buffer/database.js';
import { partitionPositionKey, partitionPositionPrefix } from '../pipeline/source-runner.js';
import type { StateStore } from '../state/state-store.js';
import type { Logger } from '../telemetry/log.js';
import { isPartitionCheckpoint, sameHub, type HubIdentity, type PartitionCheckpoint } from './checkpoint.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS eventhub_ownership (
  source TEXT NOT NULL,
  namespace TEXT NOT NULL,
  event_hub TEXT NOT NULL,
  consumer_group TEXT NOT NULL,
  partition_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  PRIMARY KEY (source, namespace, event_hub, consumer_group, partition_id)
) WITHOUT ROWID;
`;

interface OwnershipRow {
  namespace: string;
  event_hub: string;
  consumer_group: string;
  partition_id: string;
  owner_id: string;
  etag: string;
  last_modified_ms: number;
}

export interface SqliteCheckpointStoreOptions {
  readonly db: SqliteDatabase;
  readonly state: StateStore;
  /** The source's name: checkpoints are its per-partition positions (`source:<name>/<partition>`). */
  readonly source: string;
  readonly log: Logger;
  readonly now?: () => number;
}

/**
 * The SDK's CheckpointStore in the connector's own database, for a single instance (the database
 * is locked to one process). Checkpoints are not a table of their own: they are the source's
 * per-partition positions in the state table, which the source runner writes in the same
 * transaction as the batch's documents, so "buffered" and "checkpointed" cannot disagree.
 * `updateCheckpoint` writes the same row (the SDK never calls it: the source does not checkpoint
 * through the SDK). Ownership keeps the blob store's etag semantics, so the SDK's load balancer
 * works unchanged: a claim succeeds only with the current etag (or with none, for a partition
 * never owned), and each successful claim gets a new etag.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  readonly #options: SqliteCheckpointStoreOptions;
  readonly #now: () => number;
  readonly #selectAll;
  readonly #selectOne;
  readonly #upsert;
  readonly #claim;
  readonly #releaseAll;
  #warnedForeign = false;

  constructor(options: SqliteCheckpointStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const { db } = options;
    db.exec(SCHEMA);
    this.#selectAll = db.prepare(
      'SELECT namespace, event_hub, consumer_group, partition_id, owner_id, etag, last_modified_ms FROM eventhub_ownership WHERE source = ? AND namespace = ? AND event_hub = ? AND consumer_group = ? ORDER BY partition_id',
    );
    this.#selectOne = db.prepare('SELECT etag FROM eventhub_ownership WHERE source = ? AND namespace = ? AND event_hub = ? AND consumer_group = ? AND partition_id = ?');
    this.#upsert = db.prepare(
      'INSERT INTO eventhub_ownership (source, namespace, event_hub, consumer_group, partition_id, owner_id, etag, last_modified_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT DO UPDATE SET owner_id = excluded.owner_id, etag = excluded.etag, last_modified_ms = excluded.last_modified_ms',
    );
    this.#releaseAll = db.prepare("UPDATE eventhub_ownership SET owner_id = '', etag = lower(hex(randomblob(16))), last_modified_ms = ? WHERE source = ? AND owner_id <> ''");
    // Compare and set in one transaction: the etag check and the write cannot be split by another claim.
    this.#claim = db.transaction((ownership: PartitionOwnership): PartitionOwnership | undefined => {
      const key = this.#key(ownership);
      const current = this.#selectOne.get(...key, ownership.partitionId) as { etag: string } | undefined;
      const expected = ownership.etag;
      // No etag: claim a partition nobody ever owned (the blob store's If-None-Match: *).
      if (expected === undefined ? current !== undefined : current?.etag !== expected) return undefined;
      const etag = randomUUID();
      const lastModifiedTimeInMs = this.#now();
      this.#upsert.run(...key, ownership.partitionId, ownership.ownerId, etag, lastModifiedTimeInMs);
      return { ...ownership, ...this.#lowerCased(ownership), etag, lastModifiedTimeInMs };
    });
  }

  /**
   * Abandons every claim of this source, before a subscription starts. The database is locked to
   * this process, so no live reader holds them: they are left by a previous process (killed, so
   * it never abandoned them) or a previous read of this one. With the fixed owner id the SDK would
   * take such a claim for a partition it already reads (it only renews those it reads, and claims
   * only what it lacks), so it would read nothing until the claim expired (a minute by default).
   */
  releaseClaims(): void {
    const released = this.#releaseAll.run(this.#now(), this.#options.source).changes;
    if (released > 0) this.#options.log.debug({ source: this.#options.source, partitions: released }, 'released the partition claims of a previous reader');
  }

  async listOwnership(fullyQualifiedNamespace: string, eventHubName: string, consumerGroup: string): Promise<PartitionOwnership[]> {
    const rows = this.#selectAll.all(...this.#key({ fullyQualifiedNamespace, eventHubName, consumerGroup })) as OwnershipRow[];
    return rows.map((row) => ({
      fullyQualifiedNamespace: row.namespace,
      eventHubName: row.event_hub,
      consumerGroup: row.consumer_group,
      partitionId: row.partition_id,
      ownerId: row.owner_id,
      etag: row.etag,
      lastModifiedTimeInMs: row.last_modified_ms,
    }));
  }

  /** Returns the ownerships claimed; a claim with a stale etag is left out, as in the blob store. */
  async claimOwnership(ownerships: PartitionOwnership[]): Promise<PartitionOwnership[]> {
    const claimed: PartitionOwnership[] = [];
    for (const ownership of ownerships) {
      const result = this.#claim(ownership);
      if (result !== undefined) claimed.push(result);
    }
    return claimed;
  }

  async listCheckpoints(fullyQualifiedNamespace: string, eventHubName: string, consumerGroup: string): Promise<PartitionCheckpoint[]> {
    const hub = { fullyQualifiedNamespace, eventHubName, consumerGroup };
    const checkpoints: PartitionCheckpoint[] = [];
    for (const { key, value } of this.#options.state.entries(partitionPositionPrefix(this.#options.source))) {
      if (isPartitionCheckpoint(value) && sameHub(value, hub)) checkpoints.push(value);
      else this.#warnForeign(key, hub);
    }
    return checkpoints;
  }

  async updateCheckpoint(checkpoint: PartitionCheckpoint): Promise<void> {
    this.#options.state.set(partitionPositionKey(this.#options.source, checkpoint.partitionId), { ...checkpoint });
  }

  /**
   * A position of another hub or consumer group (the configuration changed): it is not a place
   * to resume from, so the partition starts at `start_position`, and that is worth saying once.
   */
  #warnForeign(key: string, hub: HubIdentity): void {
    if (this.#warnedForeign) return;
    this.#warnedForeign = true;
    this.#options.log.warn(
      { source: this.#options.source, key, namespace: hub.fullyQualifiedNamespace, event_hub: hub.eventHubName, consumer_group: hub.consumerGroup },
      'stored positions belong to another event hub or consumer group: those partitions start at start_position',
    );
  }

  #lowerCased(hub: HubIdentity): HubIdentity {
    return { fullyQualifiedNamespace: hub.fullyQualifiedNamespace.toLowerCase(), eventHubName: hub.eventHubName.toLowerCase(), consumerGroup: hub.consumerGroup.toLowerCase() };
  }

  #key(hub: HubIdentity): [string, string, string, string] {
    const lower = this.#lowerCased(hub);
    return [this.#options.source, lower.fullyQualifiedNamespace, lower.eventHubName, lower.consumerGroup];
  }
}
