import type { Metrics } from '../telemetry/metrics.js';
import { total } from '../telemetry/metrics.js';

export interface ProgressSnapshot {
  /** Documents committed to the buffers, per source. */
  readonly collected: ReadonlyMap<string, number>;
  /** Documents the sinks delivered, all sinks together. */
  readonly delivered: number;
  /** Documents waiting in the buffers. */
  readonly buffered: number;
  /** The latest error of each source still failing (cleared by a later success). */
  readonly failing: ReadonlyMap<string, string>;
}

export async function progressSnapshot(metrics: Metrics): Promise<ProgressSnapshot> {
  const collected = new Map<string, number>();
  const failing = new Map<string, string>();
  for (const [name, status] of metrics.sourceStatuses) {
    collected.set(name, await total(metrics.sent, { component_kind: 'source', component_id: name }));
    if (status.lastError !== undefined && (status.lastSuccessMs === undefined || (status.lastErrorMs ?? 0) > status.lastSuccessMs)) failing.set(name, status.lastError);
  }
  return {
    collected,
    delivered: await total(metrics.sent, { component_kind: 'sink' }),
    buffered: await total(metrics.bufferDocuments),
    failing,
  };
}

/** One progress line for a terminal: totals first, then any source that is failing and why. */
export function formatProgress(snapshot: ProgressSnapshot, elapsedSeconds: number): string {
  const collected = [...snapshot.collected.values()].reduce((sum, value) => sum + value, 0);
  const failing = [...snapshot.failing].map(([source, error]) => `\n  ${source} retrying: ${error}`).join('');
  return `[${elapsedSeconds.toFixed(0).padStart(4)} s] collected ${collected}, delivered ${snapshot.delivered}, buffered ${snapshot.buffered}${failing}\n`;
}
