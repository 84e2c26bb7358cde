import type { Clock } from '../../core/clock.js';
import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import type { ApiClient } from '../../microsoft/api.js';
import type { Logger } from '../../telemetry/log.js';
import type { SourceStatus } from '../../telemetry/source-status.js';
import { pollLoop } from '../poll/poll-loop.js';
import { isComplete, readSnapshotPosition, type SnapshotPosition } from './snapshot-position.js';
import { readExportSnapshot } from './vulnerabilities-export.js';
import { readJoinSnapshot } from './vulnerabilities-join.js';

export interface MdeVulnerabilitiesOptions {
  readonly name: string;
  readonly tenantId: string;
  readonly mde: ApiClient;
  readonly clock: Clock;
  readonly status: SourceStatus;
  readonly log: Logger;
  readonly mode: 'export' | 'join';
  readonly snapshotIntervalMs: number;
  readonly batchMaxRecords: number;
}

/**
 * Defender for Endpoint vulnerabilities as a full snapshot every interval (Microsoft regenerates
 * the data every 6 hours; there is no cursor). Document ids are fingerprints of device, CVE and
 * software, so each snapshot overwrites the previous one's documents in the SIEM.
 */
export class MdeVulnerabilitiesSource implements Source {
  readonly name: string;

  constructor(private readonly options: MdeVulnerabilitiesOptions) {
    this.name = options.name;
  }

  async *read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    const { options } = this;
    let position = readSnapshotPosition(from);
    // After a restart, a completed snapshot still counts: wait out the rest of its interval.
    if (isComplete(position)) {
      options.status.cursorMoved(position.completedMs);
      const waitMs = position.completedMs + options.snapshotIntervalMs - options.clock.now();
      if (waitMs > 0 && !(await options.clock.sleep(waitMs, signal))) return;
    }
    yield* pollLoop({
      intervalMs: options.snapshotIntervalMs,
      clock: options.clock,
      status: options.status,
      signal,
      sweep: () => this.snapshot(position, signal, (next) => (position = next)),
    });
  }

  private async *snapshot(from: SnapshotPosition | undefined, signal: AbortSignal, remember: (position: SnapshotPosition) => void): AsyncIterable<SourceBatch> {
    const { options } = this;
    const batches =
      options.mode === 'export'
        ? readExportSnapshot({ ...options, source: options.name, sasValidHours: 1 }, from, signal)
        : readJoinSnapshot(options, signal);
    for await (const batch of batches) {
      const position = readSnapshotPosition(batch.position);
      if (position !== undefined) remember(position);
      if (isComplete(position)) options.status.cursorMoved(position.completedMs);
      yield batch;
    }
  }
}
