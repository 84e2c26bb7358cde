import { Command, Option } from 'commander';
import { lazyImport } from '../core/lazy-import.js';
import type { ApiClient } from '../microsoft/api.js';
import { CLASSIFICATIONS, DETERMINATIONS, type IncidentUpdate } from '../microsoft/write-back.js';
import type { UpdateFlags } from './write-back-action.js';

/**
 * What `incident update` and `alert update` share: flags, tenant choice, validation before any
 * request, and the exit codes (0 done, 1 Microsoft refused or failed, 2 bad arguments or config).
 * What `update` does is in write-back-action.ts, loaded only when it runs.
 */
export interface WriteBackKind {
  /** "incident" or "alert". */
  readonly kind: 'incident' | 'alert';
  readonly statuses: readonly string[];
  readonly update: (graph: ApiClient, id: string, update: IncidentUpdate, signal: AbortSignal) => Promise<unknown>;
  readonly comment: (graph: ApiClient, id: string, text: string, signal: AbortSignal) => Promise<unknown>;
}

export function writeBackCommand(spec: WriteBackKind): Command {
  const update = new Command('update')
    .description(`change a Defender XDR ${spec.kind} through Microsoft Graph and/or add a comment; prints what changed`)
    .argument('<id>', `the ${spec.kind} id`)
    .requiredOption('--config <file>', 'the YAML configuration file the connector runs with (its tenants: section)')
    .option('--tenant <name>', 'the tenant (a tenants[].name); optional when the configuration has exactly one')
    .addOption(new Option('--status <status>', `new status: ${spec.statuses.join(', ')}`))
    .addOption(new Option('--classification <classification>', `new classification: ${CLASSIFICATIONS.join(', ')}`))
    .addOption(new Option('--determination <determination>', `new determination: ${DETERMINATIONS.join(', ')}`))
    .option('--assigned-to <upn>', 'assign to this user principal name or mailbox ("" unassigns)')
    .option('--comment <text>', `add this comment to the ${spec.kind}`)
    .exitOverride();
  if (spec.kind === 'incident') update.option('--tag <tag...>', 'replace the custom tags with these');
  update.action(async (id: string, flags: UpdateFlags) => {
    const { runUpdate } = await lazyImport(`the ${spec.kind} update command`, () => import('./write-back-action.js'));
    process.exitCode = await runUpdate(spec, id, flags);
  });
  return new Command(spec.kind).description(`write back to Defender XDR ${spec.kind}s (needs ${spec.kind === 'incident' ? 'SecurityIncident' : 'SecurityAlert'}.ReadWrite.All)`).exitOverride().addCommand(update);
}
