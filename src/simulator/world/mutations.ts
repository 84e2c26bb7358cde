import type { GraphAlert } from '../generate/graph/alert.js';
import { Versioned } from './versioned.js';
import type { IncidentState, TenantWorld } from './world.js';

/**
 * The changes a record can undergo, shared by the world's own activity and the clients' PATCH
 * and comment requests. Each writes a new version at (`seq`, `time`); `time` becomes the
 * record's lastUpdateDateTime.
 */
export interface Stamp {
  readonly seq: number;
  readonly time: string;
}

export function reviseIncident(world: TenantWorld, id: string, stamp: Stamp, fields: Readonly<Record<string, unknown>>, alertIds?: readonly string[]): IncidentState {
  const record = world.incidents.get(id);
  if (!record) throw new Error(`no incident ${id}`);
  const previous = record.current;
  const next: IncidentState = { doc: { ...previous.doc, ...fields, lastUpdateDateTime: stamp.time }, alertIds: alertIds ?? previous.alertIds };
  record.revise(stamp.seq, next);
  return next;
}

export function reviseAlert(world: TenantWorld, id: string, stamp: Stamp, fields: Readonly<Record<string, unknown>>): GraphAlert {
  const record = world.alerts.get(id);
  if (!record) throw new Error(`no alert ${id}`);
  const next = { ...record.current, ...fields, lastUpdateDateTime: stamp.time };
  record.revise(stamp.seq, next);
  return next;
}

export interface Comment {
  readonly comment: string;
  readonly createdByDisplayName: string;
  readonly createdDateTime: string;
}

export function commentOn(doc: Readonly<Record<string, unknown>>, text: string, author: string, stamp: Stamp): Comment[] {
  const existing = Array.isArray(doc.comments) ? (doc.comments as Comment[]) : [];
  return [...existing, { comment: text, createdByDisplayName: author, createdDateTime: stamp.time }];
}

const SEVERITY_ORDER = ['unknown', 'informational', 'low', 'medium', 'high'];

/** The higher of two alert severities (an incident is as severe as its worst alert). */
export function maxSeverity(a: unknown, b: unknown): string {
  return SEVERITY_ORDER.indexOf(String(a)) >= SEVERITY_ORDER.indexOf(String(b)) ? String(a) : String(b);
}

/** A new alert exists from this change on (its incident's alertIds are revised by the caller). */
export function addAlert(world: TenantWorld, alert: GraphAlert, stamp: Stamp): void {
  world.alerts.set(String(alert.id), new Versioned(String(alert.id), stamp.seq, alert));
}
