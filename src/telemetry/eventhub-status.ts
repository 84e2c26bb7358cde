import type { LastEnqueuedEventProperties } from '@azure/event-hubs';
import { Gauge, type Registry } from 'prom-client';
import { componentGauge, seconds } from './component-gauge.js';

/** What is known of one partition this instance reads. */
export interface PartitionState {
  /** Sequence number and enqueued time (ms) of the last event whose batch is committed to the buffers. */
  committedSequenceNumber?: number;
  committedEnqueuedMs?: number;
  /** The partition's newest event when the SDK last heard (runtime information on received events). */
  lastEnqueuedSequenceNumber?: number;
  lastEnqueuedMs?: number;
}

interface OwnedPartition {
  committedSequenceNumber?: number;
  committedEnqueuedMs?: number;
  /** The SDK's view, kept up to date by its receiver as events arrive (even while a batch waits to be committed). */
  readonly lastEnqueued: () => LastEnqueuedEventProperties | undefined;
}

/**
 * What an eventhub source tells operators about the partitions it reads: which it owns, where
 * each stands (the last committed event) and how far behind the partition's newest event that is
 * (the SDK's `trackLastEnqueuedEventProperties`, which the service sends along with received
 * events). Exposed as gauges, read on each scrape; a partition handed to another instance (or
 * not read any more) disappears from them.
 */
export class EventHubStatus {
  readonly #partitions = new Map<string, OwnedPartition>();
  /** Wall-clock time (ms) of the latest error the SDK reported (it retries by itself); takeovers are not errors. */
  lastErrorMs: number | undefined;

  constructor(readonly source: string) {}

  /** The SDK reported an error (a lost connection, a refused token, a missing hub): it retries by itself. */
  failed(atMs = Date.now()): void {
    this.lastErrorMs = atMs;
  }

  /** This instance started reading the partition; `lastEnqueued` reads the partition context's `lastEnqueuedEventProperties`. */
  opened(partitionId: string, lastEnqueued: () => LastEnqueuedEventProperties | undefined): void {
    this.#partitions.set(partitionId, { lastEnqueued });
  }

  /** This instance stopped reading it (shutdown, or another instance took it over). */
  closed(partitionId: string): void {
    this.#partitions.delete(partitionId);
  }

  /** A batch ending with this event is committed (ignored once the partition is no longer ours). */
  committed(partitionId: string, sequenceNumber: number, enqueuedOn: Date): void {
    const state = this.#partitions.get(partitionId);
    if (state === undefined) return;
    state.committedSequenceNumber = sequenceNumber;
    state.committedEnqueuedMs = enqueuedOn.getTime();
  }

  /** The owned partitions and their state now. */
  partitions(): ReadonlyMap<string, Readonly<PartitionState>> {
    return new Map(
      [...this.#partitions].map(([id, { committedSequenceNumber, committedEnqueuedMs, lastEnqueued }]) => {
        const last = lastEnqueued();
        return [id, { committedSequenceNumber, committedEnqueuedMs, lastEnqueuedSequenceNumber: last?.sequenceNumber, lastEnqueuedMs: last?.enqueuedOn?.getTime() }];
      }),
    );
  }

  /** Events enqueued after the last committed one; undefined until both are known. */
  static lagEvents(state: Readonly<PartitionState>): number | undefined {
    if (state.lastEnqueuedSequenceNumber === undefined || state.committedSequenceNumber === undefined) return undefined;
    return Math.max(0, state.lastEnqueuedSequenceNumber - state.committedSequenceNumber);
  }

  /** Enqueue time of the partition's newest event minus that of the last committed one. */
  static lagSeconds(state: Readonly<PartitionState>): number | undefined {
    if (state.lastEnqueuedMs === undefined || state.committedEnqueuedMs === undefined) return undefined;
    return Math.max(0, (state.lastEnqueuedMs - state.committedEnqueuedMs) / 1000);
  }
}

/** Registers the gauges of every eventhub source in `statuses` (read on each scrape). */
export function registerEventHubGauges(registry: Registry, statuses: () => Iterable<EventHubStatus>): void {
  const perSource = (name: string, help: string, read: (status: EventHubStatus) => number | undefined) => componentGauge(registry, name, help, statuses, (status) => status.source, read);
  perSource('defender_siem_eventhub_partitions_owned', 'Partitions of the event hub this instance reads, by eventhub source', (status) => status.partitions().size);
  perSource(
    'defender_siem_eventhub_last_error_timestamp_seconds',
    'Time of the latest error the Event Hubs client reported (Unix seconds), by eventhub source; partition takeovers are not errors',
    (status) => seconds(status.lastErrorMs),
  );
  const perPartition = (name: string, help: string, read: (state: Readonly<PartitionState>) => number | undefined) => {
    const metric: Gauge<'component_id' | 'partition'> = new Gauge({
      name,
      help,
      labelNames: ['component_id', 'partition'] as const,
      registers: [registry],
      collect: () => {
        // Only the partitions owned now: a handed-over partition's old values would mislead.
        metric.reset();
        for (const status of statuses()) {
          for (const [partition, state] of status.partitions()) {
            const value = read(state);
            if (value !== undefined) metric.set({ component_id: status.source, partition }, value);
          }
        }
      },
    });
  };
  perPartition('defender_siem_eventhub_committed_sequence_number', 'Sequence number of the last event committed to the buffers, by partition', (s) => s.committedSequenceNumber);
  perPartition('defender_siem_eventhub_committed_enqueued_timestamp_seconds', 'Enqueue time of the last event committed to the buffers (Unix seconds), by partition', (s) => seconds(s.committedEnqueuedMs));
  perPartition('defender_siem_eventhub_last_enqueued_sequence_number', "Sequence number of the partition's newest event, as last reported by the service", (s) => s.lastEnqueuedSequenceNumber);
  perPartition('defender_siem_eventhub_lag_events', "Events in the partition after the last committed one (its newest sequence number minus the committed one)", EventHubStatus.lagEvents);
  perPartition('defender_siem_eventhub_lag_seconds', "Enqueue time of the partition's newest event minus that of the last committed one", EventHubStatus.lagSeconds);
}
