import type { SourceStatus } from '../telemetry/source-status.js';

export interface WorldState {
  /** The simulator stopped changing records. */
  readonly quiescent: boolean;
  /** Clock time of its last change. */
  readonly lastChangeMs: number;
  /** Streamed events: whether publishing is over, and how many were published. */
  readonly events?: { readonly done: boolean; readonly published: number } | undefined;
}

/**
 * How a source shows it has everything: an update poller by completing a poll that started after
 * the world's last change; a snapshot source by completing one snapshot; a stream (Event Hubs)
 * by the event documents counted against what was published.
 */
export type SourceProgress =
  | { readonly kind: 'poll' | 'snapshot'; readonly status: SourceStatus | undefined }
  | { readonly kind: 'stream' };

/**
 * Everything the simulator holds has been delivered: it stopped changing records and publishing
 * events, every source shows it has read everything, and no document waits in a buffer.
 */
export function caughtUp(world: WorldState, sources: readonly SourceProgress[], buffered: number, eventDocuments: number): boolean {
  if (!world.quiescent || buffered > 0) return false;
  if (world.events !== undefined && (!world.events.done || eventDocuments < world.events.published)) return false;
  for (const source of sources) {
    if (source.kind === 'stream') continue;
    // Until a source is built and reporting, nothing can be said about it.
    const { status } = source;
    if (status === undefined) return false;
    if (source.kind === 'snapshot' ? status.completedPolls === 0 : status.lastSuccessMs === undefined || status.lastSuccessMs <= world.lastChangeMs) return false;
  }
  return true;
}
