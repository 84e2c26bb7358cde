import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../core/errors.js';
import { sleep } from '../../core/retry.js';
import type { StateStore } from '../../state/state-store.js';
import type { Logger } from '../../telemetry/log.js';
import type { SourceOutcome } from '../source-runner.js';
import type { LeaderTerm, LeaseLeader } from './lease-leader.js';
import { parseShared, serializeShared } from './shared-positions.js';

export interface LeadingOptions {
  readonly leader: LeaseLeader;
  /** The state keys of the leader-only sources (`source:<name>`). */
  readonly keys: readonly string[];
  readonly state: StateStore;
  /** Runs the leader-only sources until `signal` aborts (or they end by themselves). */
  readonly run: (signal: AbortSignal) => Promise<SourceOutcome[]>;
  /** How often the leader mirrors its committed positions into the lease blob. */
  readonly mirrorIntervalMs: number;
  readonly log: Logger;
}

/** The key of this instance's id in its own state: stable across restarts of the same database. */
const INSTANCE_KEY = 'leadership:instance';

/**
 * Runs the leader-only sources in terms of leadership: acquire the lease, adopt the positions the
 * previous leader mirrored, run the sources (mirroring their committed positions into the lease
 * blob), and when the lease is lost stop them and wait to lead again. On `stop` the positions are
 * mirrored a last time and the lease released, so another instance continues at once.
 *
 * At least once: a mirrored position is one that was committed, with its documents, to the
 * writer's buffer (commit 1), which that instance delivers even after losing the lead (its sinks
 * keep running; a restart drains it). The mirror lags the commits, so a new leader starts at or
 * before where the old one stopped: it may read a stretch again (duplicates, which collapse by
 * document id), never skip one.
 */
export async function runWhileLeading(options: LeadingOptions, stop: AbortSignal): Promise<SourceOutcome[]> {
  const { leader, log } = options;
  const instance = instanceId(options.state);
  let outcomes: SourceOutcome[] = options.keys.map(() => 'stopped');
  while (!stop.aborted) {
    const term = await leader.acquire(stop);
    if (term === undefined) break;
    try {
      await adoptPositions(options, instance, stop);
      const signal = AbortSignal.any([stop, term.lost]);
      const mirrorStop = new AbortController();
      const mirroring = mirrorLoop(options, instance, term, AbortSignal.any([signal, mirrorStop.signal]));
      outcomes = await options.run(signal);
      mirrorStop.abort();
      await mirroring;
      if (!term.lost.aborted) await mirror(options, instance, term, AbortSignal.timeout(options.mirrorIntervalMs));
    } catch (error) {
      log.warn({ err: error }, `leadership term ended with an error: ${errorMessage(error)}`);
      await term.release();
      // Not at once again: the storage account is probably unreachable.
      await sleep(options.mirrorIntervalMs, stop);
      continue;
    }
    await term.release();
    // Stopped (the release just aborted `lost` too: that is no loss worth a line), or sources that
    // ended by themselves (a permanent failure), which leading again would not restart.
    if (stop.aborted || !term.lost.aborted || outcomes.every((outcome) => outcome !== 'stopped')) break;
    log.info('leadership lost: the leader-only sources stopped; waiting to lead again');
  }
  return outcomes;
}

/** A new leader continues from the mirrored positions, unless it wrote them itself (its own are newer). */
async function adoptPositions(options: LeadingOptions, instance: string, signal: AbortSignal): Promise<void> {
  const shared = parseShared(await options.leader.read(signal));
  if (shared === undefined || shared.instance === instance) return;
  for (const key of options.keys) {
    const position = shared.positions[key];
    if (position !== undefined) options.state.set(key, position);
  }
  options.log.info({ from_instance: shared.instance, written_at: shared.written_at }, 'continuing from the positions the previous leader mirrored');
}

async function mirrorLoop(options: LeadingOptions, instance: string, term: LeaderTerm, signal: AbortSignal): Promise<void> {
  while (await sleep(options.mirrorIntervalMs, signal)) {
    try {
      await mirror(options, instance, term, signal);
    } catch (error) {
      if (signal.aborted) return;
      // Harmless for correctness: the mirror only lags further (a takeover re-reads more).
      options.log.warn({ err: error }, `cannot mirror the positions to the lease blob: ${errorMessage(error)}`);
    }
  }
}

async function mirror(options: LeadingOptions, instance: string, term: LeaderTerm, signal: AbortSignal): Promise<void> {
  const positions: Record<string, unknown> = {};
  for (const key of options.keys) {
    const position = options.state.get(key);
    if (position !== undefined) positions[key] = position;
  }
  await term.write(serializeShared(instance, positions), signal);
}

function instanceId(state: StateStore): string {
  const known = state.get(INSTANCE_KEY);
  if (typeof known === 'string') return known;
  const id = randomUUID();
  state.set(INSTANCE_KEY, id);
  return id;
}
