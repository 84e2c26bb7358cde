import { defineOwn, isPlainObject, newObject, type JsonObject } from '../ecs/object.js';
import { own } from '../ecs/scalar.js';

/**
 * Elastic's collector splits every incident's `alerts` list (`keep_parent`), so its pipeline sees
 * one incident with a single alert object per event. A unit of output here is the same: the
 * incident, the alerts mapped into its document (none or one; all of them in per-incident mode),
 * and the JSON Elastic would have seen as event.original.
 */
export interface IncidentUnit {
  /** Normally an object; anything else still becomes a (pipeline_error) document. */
  readonly incident: unknown;
  readonly alerts: readonly unknown[];
  readonly original: string;
}

/** One unit per alert; an incident without alerts (absent, null, []) is one unit. */
export function perAlertUnits(incident: unknown, original: string): IncidentUnit[] {
  const alerts = own(incident, 'alerts');
  if (!isPlainObject(incident) || !Array.isArray(alerts) || alerts.length === 0) return [perIncidentUnit(incident, original)];
  return alerts.map((alert) => ({ incident, alerts: [alert], original: JSON.stringify(withAlerts(incident, alert)) }));
}

/** The whole incident as one unit. */
export function perIncidentUnit(incident: unknown, original: string): IncidentUnit {
  const alerts = own(incident, 'alerts');
  const list = Array.isArray(alerts) ? alerts : alerts === undefined || alerts === null ? [] : [alerts];
  return { incident, alerts: list, original };
}

/**
 * What Elastic fingerprints for `_id`: the incident with `alerts` reduced to the ids and update
 * times of the unit's alerts. For one alert this hashes exactly like Elastic's single alert object
 * (the fingerprint feeds a list item by item); for several it extends the same scheme.
 */
export function identityOf(unit: IncidentUnit): JsonObject | undefined {
  if (!isPlainObject(unit.incident)) return undefined;
  const objects = unit.alerts.filter(isPlainObject);
  if (objects.length === 0) return withAlerts(unit.incident, undefined);
  const identity = newObject();
  defineOwn(identity, 'id', present(objects.map((alert) => own(alert, 'id'))));
  defineOwn(identity, 'lastUpdateDateTime', present(objects.map((alert) => own(alert, 'lastUpdateDateTime'))));
  return withAlerts(unit.incident, identity);
}

function present(values: unknown[]): unknown[] {
  return values.filter((value) => value !== undefined && value !== null);
}

/** A shallow copy whose `alerts` is replaced in place (key order kept), or removed when undefined. */
function withAlerts(incident: JsonObject, alerts: unknown): JsonObject {
  const copy = newObject();
  for (const key of Object.keys(incident)) {
    if (key !== 'alerts') defineOwn(copy, key, incident[key]);
    else if (alerts !== undefined) defineOwn(copy, key, alerts);
  }
  return copy;
}
