import type { Config } from '../../config/schema.js';
import type { StateStore } from '../../state/state-store.js';
import type { Logger } from '../../telemetry/log.js';
import { storageService, type SourceBuildContext } from '../build.js';
import { positionKey, type SourceOutcome } from '../source-runner.js';
import { LeaseLeader } from './lease-leader.js';
import { runWhileLeading } from './run-while-leading.js';

/**
 * Sources that poll a shared service: two instances running one would read everything twice.
 * Partitioned sources (Event Hubs: the SDK balances partitions) and local files run everywhere.
 */
export const LEADER_ONLY_TYPES: ReadonlySet<string> = new Set(['graph_incidents', 'graph_alerts', 'mde_alerts', 'mde_vulnerabilities', 'storage_account']);

export interface Leadership {
  readonly leader: LeaseLeader;
  readonly mirrorIntervalMs: number;
}

/**
 * The lease leader of the `leadership:` section, or undefined (no section: this instance always
 * leads, and @azure/storage-blob is not loaded for it).
 */
export async function openLeadership(config: Config['leadership'], context: Pick<SourceBuildContext, 'tenantClients' | 'log'>): Promise<Leadership | undefined> {
  if (config === undefined) return undefined;
  const container = (await storageService(config, context, 'the leadership: section')).getContainerClient(config.container);
  return {
    leader: new LeaseLeader({ container, blob: config.blob, leaseDurationMs: config.lease_duration_ms, log: context.log.child({ component: 'leadership' }) }),
    // Mirrored at each renewal's pace: a takeover re-reads at most about this much.
    mirrorIntervalMs: Math.floor(config.lease_duration_ms / 3),
  };
}

/**
 * Runs every configured source until `stop`: the leader-only ones only while this instance holds
 * the lease (when there is a `leadership:` section), the others all the time.
 */
export async function runSources(
  sources: ReadonlyArray<{ readonly name: string; readonly type: string }>,
  runOne: (index: number, signal: AbortSignal) => Promise<SourceOutcome>,
  leadership: Leadership | undefined,
  context: { readonly state: StateStore; readonly log: Logger },
  stop: AbortSignal,
): Promise<SourceOutcome[]> {
  if (leadership === undefined) return Promise.all(sources.map((_, index) => runOne(index, stop)));
  const leading = sources.map((source, index) => (LEADER_ONLY_TYPES.has(source.type) ? index : -1)).filter((index) => index >= 0);
  const always = sources.map((_, index) => index).filter((index) => !leading.includes(index));
  const [alwaysOutcomes, leadingOutcomes] = await Promise.all([
    Promise.all(always.map((index) => runOne(index, stop))),
    leading.length === 0
      ? Promise.resolve([])
      : runWhileLeading(
          {
            leader: leadership.leader,
            keys: leading.map((index) => positionKey(sources[index]!.name)),
            state: context.state,
            run: (signal) => Promise.all(leading.map((index) => runOne(index, signal))),
            mirrorIntervalMs: leadership.mirrorIntervalMs,
            log: context.log,
          },
          stop,
        ),
  ]);
  const outcomes: SourceOutcome[] = sources.map(() => 'stopped');
  always.forEach((index, at) => (outcomes[index] = alwaysOutcomes[at]!));
  leading.forEach((index, at) => (outcomes[index] = leadingOutcomes[at] ?? 'stopped'));
  return outcomes;
}
