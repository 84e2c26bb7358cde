import { systemClock } from '../core/clock.js';
import { DefenderSiemError, errorMessage } from '../core/errors.js';
import type { Config } from '../config/schema.js';
import { MicrosoftApiError, MicrosoftAuthError, MicrosoftCredentialError } from '../microsoft/errors.js';
import { createTenantClients } from '../microsoft/tenant-clients.js';
import { validatedBody, WriteBackValidationError, type IncidentUpdate } from '../microsoft/write-back.js';
import { createLogger } from '../telemetry/log.js';
import { loadConfigOrReport } from './config-errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { WriteBackKind } from './write-back-command.js';

export interface UpdateFlags {
  readonly config: string;
  readonly tenant?: string;
  readonly status?: string;
  readonly classification?: string;
  readonly determination?: string;
  readonly assignedTo?: string;
  readonly comment?: string;
  readonly tag?: string[];
}

/** `incident update` / `alert update`: see writeBackCommand. */
export async function runUpdate(spec: WriteBackKind, id: string, flags: UpdateFlags): Promise<number> {
  const command = `${spec.kind} update`;
  const fail = (code: number, message: string) => {
    process.stderr.write(`defender-siem ${command}: ${message}\n`);
    return code;
  };
  const changes: IncidentUpdate = {
    ...(flags.status === undefined ? {} : { status: flags.status }),
    ...(flags.classification === undefined ? {} : { classification: flags.classification }),
    ...(flags.determination === undefined ? {} : { determination: flags.determination }),
    ...(flags.assignedTo === undefined ? {} : { assignedTo: flags.assignedTo }),
    ...(flags.tag === undefined ? {} : { customTags: flags.tag }),
  };
  const hasChanges = Object.keys(changes).length > 0;
  if (!hasChanges && flags.comment === undefined) {
    return fail(EXIT_USAGE, 'nothing to do: give at least one of --status, --classification, --determination, --assigned-to, --comment' + (spec.kind === 'incident' ? ', --tag' : ''));
  }
  try {
    // Checked before anything is sent: a typo must not leave half an update behind.
    if (hasChanges) validatedBody(changes, spec.statuses, spec.kind === 'incident');
    if (flags.comment !== undefined && flags.comment.trim() === '') throw new WriteBackValidationError('the comment is empty');
  } catch (error) {
    if (error instanceof WriteBackValidationError) return fail(EXIT_USAGE, error.message);
    throw error;
  }

  const loaded = loadConfigOrReport(command, flags.config);
  if ('exitCode' in loaded) return loaded.exitCode;
  const chosen = chooseTenant(loaded.config, flags.tenant);
  if (typeof chosen === 'string') return fail(EXIT_USAGE, chosen);

  const log = createLogger(loaded.config.log);
  const stop = new AbortController();
  const onSignal = () => stop.abort(new DefenderSiemError('ERR_ABORTED', 'interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let clients;
  try {
    clients = createTenantClients(chosen.tenant, { clock: systemClock, log, tenantIndex: chosen.index });
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (error instanceof MicrosoftCredentialError) return fail(EXIT_USAGE, error.message);
    throw error;
  }
  try {
    if (hasChanges) {
      await spec.update(clients.graph, id, changes, stop.signal);
      process.stdout.write(`${spec.kind} ${id} updated in tenant ${chosen.tenant.name}: ${describeChanges(changes)}\n`);
    }
    if (flags.comment !== undefined) {
      await spec.comment(clients.graph, id, flags.comment, stop.signal);
      process.stdout.write(`comment added to ${spec.kind} ${id} in tenant ${chosen.tenant.name}\n`);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof WriteBackValidationError) return fail(EXIT_USAGE, error.message);
    if (error instanceof MicrosoftApiError || error instanceof MicrosoftAuthError || error instanceof DefenderSiemError) return fail(EXIT_FAILURE, error.message);
    return fail(EXIT_FAILURE, errorMessage(error));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await clients.close();
  }
}

function chooseTenant(config: Config, name: string | undefined): { tenant: Config['tenants'][number]; index: number } | string {
  const names = config.tenants.map((tenant) => tenant.name);
  if (names.length === 0) return 'the configuration has no tenants: section (add the Entra app registration of the tenant to write to)';
  if (name === undefined) {
    if (names.length > 1) return `the configuration has ${names.length} tenants: choose one with --tenant (${names.join(', ')})`;
    return { tenant: config.tenants[0]!, index: 0 };
  }
  const index = names.indexOf(name);
  if (index < 0) return `no tenant named "${name}"; defined: ${names.join(', ')}`;
  return { tenant: config.tenants[index]!, index };
}

function describeChanges(changes: IncidentUpdate): string {
  return Object.entries(changes)
    .map(([field, value]) => `${field}=${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value)}`)
    .join(', ');
}
