import { DefenderSiemError } from '../core/errors.js';
import type { ApiClient } from './api.js';
import { MicrosoftApiError } from './errors.js';

/**
 * Write-back to Defender XDR through Graph (API reference §2.11): update and comment on incidents
 * and alerts. Values are checked against the enumerations (§2.8) before anything is sent, so a
 * typo is reported with the allowed list instead of Graph's terse 400. The web UI and the
 * `incident update` / `alert update` commands call these.
 */

/** Incident statuses a customer may set (`awaitingAction` and `unknownFutureValue` are the service's own). */
export const INCIDENT_STATUSES = ['active', 'inProgress', 'resolved', 'redirected'] as const;
export const ALERT_STATUSES = ['new', 'inProgress', 'resolved'] as const;
export const CLASSIFICATIONS = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'] as const;
/** The metadata spelling (§2.8); the prose docs' older names are accepted and translated. */
export const DETERMINATIONS = [
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
] as const;
const DETERMINATION_ALIASES: Readonly<Record<string, string>> = {
  compromisedUser: 'compromisedAccount',
  clean: 'notMalicious',
  insufficientData: 'notEnoughDataToValidate',
  confirmedUserActivity: 'confirmedActivity',
};

export interface IncidentUpdate {
  readonly status?: string;
  readonly classification?: string;
  readonly determination?: string;
  /** A UPN or mailbox; an empty string unassigns. */
  readonly assignedTo?: string;
  /** Replaces the incident's custom tags. */
  readonly customTags?: readonly string[];
}

export type AlertUpdate = Omit<IncidentUpdate, 'customTags'>;

/** Comments longer than this are refused by the portal; checked here to fail before sending. */
export const MAX_COMMENT_LENGTH = 30_000;

/** A write-back value that is not allowed, with the allowed list; nothing was sent. */
export class WriteBackValidationError extends DefenderSiemError {
  constructor(message: string) {
    super('ERR_INVALID_UPDATE', message);
  }
}

/** PATCH /security/incidents/{id}; resolves to the updated incident as Graph returns it. */
export function updateIncident(graph: ApiClient, id: string, update: IncidentUpdate, signal: AbortSignal): Promise<unknown> {
  const body = validatedBody(update, INCIDENT_STATUSES, true);
  return write(graph, 'PATCH', `security/incidents/${pathId(id, 'incident')}`, body, signal, 'incident');
}

/** PATCH /security/alerts_v2/{id}. */
export function updateAlert(graph: ApiClient, id: string, update: AlertUpdate, signal: AbortSignal): Promise<unknown> {
  if ('customTags' in update) throw new WriteBackValidationError('alerts have no customTags; tag the incident instead');
  const body = validatedBody(update, ALERT_STATUSES, false);
  return write(graph, 'PATCH', `security/alerts_v2/${pathId(id, 'alert')}`, body, signal, 'alert');
}

/** POST /security/incidents/{id}/comments; resolves to the incident's comments after the new one. */
export function commentIncident(graph: ApiClient, id: string, text: string, signal: AbortSignal): Promise<unknown> {
  return write(graph, 'POST', `security/incidents/${pathId(id, 'incident')}/comments`, commentBody(text), signal, 'incident');
}

/** POST /security/alerts_v2/{id}/comments. */
export function commentAlert(graph: ApiClient, id: string, text: string, signal: AbortSignal): Promise<unknown> {
  return write(graph, 'POST', `security/alerts_v2/${pathId(id, 'alert')}/comments`, commentBody(text), signal, 'alert');
}

/** Checks every field; the body holds only what changes (PATCH semantics: absent = unchanged). */
export function validatedBody(update: IncidentUpdate, statuses: readonly string[], tags: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (update.status !== undefined) body.status = oneOf('status', update.status, statuses);
  if (update.classification !== undefined) body.classification = oneOf('classification', update.classification, CLASSIFICATIONS);
  if (update.determination !== undefined) {
    body.determination = oneOf('determination', DETERMINATION_ALIASES[update.determination] ?? update.determination, DETERMINATIONS);
  }
  if (update.assignedTo !== undefined) {
    if (update.assignedTo.length > 256 || /[\r\n]/.test(update.assignedTo)) throw new WriteBackValidationError('assignedTo must be a user principal name or mailbox (one line, at most 256 characters)');
    body.assignedTo = update.assignedTo;
  }
  if (tags && update.customTags !== undefined) {
    for (const tag of update.customTags) {
      if (tag.trim() === '' || tag.length > 200) throw new WriteBackValidationError('each custom tag must be non-empty and at most 200 characters');
    }
    body.customTags = [...update.customTags];
  }
  if (Object.keys(body).length === 0) throw new WriteBackValidationError('nothing to update: give at least one of status, classification, determination, assignedTo' + (tags ? ', customTags' : ''));
  return body;
}

function commentBody(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new WriteBackValidationError('the comment is empty');
  if (text.length > MAX_COMMENT_LENGTH) throw new WriteBackValidationError(`the comment is ${text.length} characters long; at most ${MAX_COMMENT_LENGTH} are allowed`);
  return { '@odata.type': 'microsoft.graph.security.alertComment', comment: text };
}

function oneOf(field: string, value: string, allowed: readonly string[]): string {
  if (allowed.includes(value)) return value;
  throw new WriteBackValidationError(`${field} "${value}" is not allowed; allowed: ${allowed.join(', ')}`);
}

/** Ids are opaque to us but must stay one path segment (alert ids hold "_" and "-", incident ids digits). */
function pathId(id: string, kind: 'incident' | 'alert'): string {
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(id)) throw new WriteBackValidationError(`"${id}" is not a valid ${kind} id`);
  return encodeURIComponent(id);
}

async function write(graph: ApiClient, method: 'PATCH' | 'POST', path: string, body: unknown, signal: AbortSignal, kind: 'incident' | 'alert'): Promise<unknown> {
  try {
    return await graph.send(method, path, body, signal);
  } catch (error) {
    if (error instanceof MicrosoftApiError && error.code === 'ERR_FORBIDDEN') {
      const permission = kind === 'incident' ? 'SecurityIncident.ReadWrite.All' : 'SecurityAlert.ReadWrite.All';
      // The client's 403 message already names the permission by path; say it in write-back terms first.
      throw new MicrosoftApiError('ERR_FORBIDDEN', `cannot update the ${kind}: the app may read but not write ${kind}s (it lacks ${permission}). ${error.message}`, {
        status: error.status,
        retryable: false,
        clientRequestId: error.clientRequestId,
        serviceCode: error.serviceCode,
        serviceMessage: error.serviceMessage,
        permission,
        cause: error,
      });
    }
    if (error instanceof MicrosoftApiError && error.code === 'ERR_NOT_FOUND') {
      throw new MicrosoftApiError('ERR_NOT_FOUND', `no such ${kind} in tenant ${graph.tenant}. ${error.message}`, {
        status: error.status,
        retryable: false,
        clientRequestId: error.clientRequestId,
        serviceCode: error.serviceCode,
        serviceMessage: error.serviceMessage,
        cause: error,
      });
    }
    throw error;
  }
}
