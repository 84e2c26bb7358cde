/**
 * Where a vulnerability snapshot stands. While an export is being read: which snapshot
 * (`generatedTime`), which file and how many of its lines are committed — a restart resumes
 * there if Microsoft still serves that snapshot. Once complete: when, so the next snapshot waits
 * for the interval even across restarts.
 */
export interface SnapshotReading {
  readonly snapshot: string;
  readonly file: number;
  readonly line: number;
}
export interface SnapshotComplete {
  readonly snapshot: string;
  readonly completedMs: number;
}
export type SnapshotPosition = SnapshotReading | SnapshotComplete;

export function readSnapshotPosition(position: unknown): SnapshotPosition | undefined {
  if (typeof position !== 'object' || position === null) return undefined;
  const { snapshot, file, line, completedMs } = position as Record<string, unknown>;
  if (typeof snapshot !== 'string') return undefined;
  if (typeof completedMs === 'number') return { snapshot, completedMs };
  if (typeof file === 'number' && typeof line === 'number' && file >= 0 && line >= 0) return { snapshot, file, line };
  return undefined;
}

export function isComplete(position: SnapshotPosition | undefined): position is SnapshotComplete {
  return position !== undefined && 'completedMs' in position;
}
