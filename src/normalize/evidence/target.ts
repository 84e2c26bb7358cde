import type { JsonObject } from '../ecs/object.js';
import { own } from '../ecs/scalar.js';

/**
 * Where evidence ECS values go, and the few ways Elastic's alert and incident pipelines (written
 * separately) differ in mapping the same evidence — each visible in their current sample events.
 */
export interface EvidenceFlavor {
  /** Alert stream: the device id, OS name and OS version are also listed in related.hosts. */
  readonly hostDetailsAreRelatedHosts: boolean;
  /** Incident stream: the lower-cased device DNS name becomes host.name. */
  readonly hostNameFromDnsName: boolean;
  /**
   * Alert stream: process.name lists every image-file name and command-line executable.
   * Incident stream: process.name is the command-line executable, a single value.
   */
  readonly processName: 'list' | 'command_line';
}

export const ALERT_EVIDENCE: EvidenceFlavor = { hostDetailsAreRelatedHosts: true, hostNameFromDnsName: false, processName: 'list' };
export const INCIDENT_EVIDENCE: EvidenceFlavor = { hostDetailsAreRelatedHosts: false, hostNameFromDnsName: true, processName: 'command_line' };

export interface EvidenceTarget {
  readonly doc: JsonObject;
  readonly flavor: EvidenceFlavor;
}

/** `#microsoft.graph.security.deviceEvidence` → `deviceEvidence`; '' when absent. */
export function evidenceType(item: JsonObject): string {
  const type = own(item, '@odata.type');
  if (typeof type !== 'string') return '';
  return type.slice(type.lastIndexOf('.') + 1);
}

/** Process evidence, or an untyped item that carries a process id. */
export function isProcessEvidence(item: JsonObject): boolean {
  return evidenceType(item) === 'processEvidence' || own(item, 'processId') !== undefined;
}

/** Device evidence, or an untyped item that carries an OS platform. */
export function isDeviceEvidence(item: JsonObject): boolean {
  return evidenceType(item) === 'deviceEvidence' || own(item, 'osPlatform') !== undefined;
}
