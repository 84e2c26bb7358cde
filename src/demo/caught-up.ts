import type { SourceStatus } from '../telemetry/source-status.js';

export interface WorldState {
  /** The simulator stopped changing records. */
  readonly quiescent: boolean;
  /** Clock time of its last change. */
  readonly lastChangeMs: number;
}

/**
 * Everything the simulator holds has been delivered: it stopped changing records, every update
 * poller completed a poll that started after the last change (so that poll saw every final
 * version), every snapshot source completed one snapshot, and no document waits in a buffer.
 */
export function caughtUp(world: WorldState, sources: ReadonlyArray<{ status: SourceStatus; snapshot: boolean }>, buffered: number, expectedSources: number): boolean {
  // Until every source is built and reporting, nothing can be said (an empty list is not "all done").
  if (!world.quiescent || buffered > 0 || sources.length < expectedSources) return false;
  for (const { status, snapshot } of sources) {
    if (snapshot ? status.completedPolls === 0 : status.lastSuccessMs === undefined || status.lastSuccessMs <= world.lastChangeMs) return false;
  }
  return true;
}
