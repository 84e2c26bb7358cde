import { promotionList } from '../../ecs/column-map.js';
import { isPlainObject, setPath } from '../../ecs/object.js';
import { MACHINE_ROWS } from '../alert/promotions.js';
import type { DeviceRecord } from './record.js';

/** The machine a row comes from: the same promotions as the alert tables' (host, device, cloud). */
const HOST = promotionList(MACHINE_ROWS);

export function mapHost(record: DeviceRecord): void {
  record.columns.promote(HOST);
  if (record.unix) setPath(record.doc, 'host.os.type', 'unix');
}

/**
 * Linux and macOS sensors describe users and processes with Posix fields in AdditionalFields
 * (`InitiatingProcessPosixEffectiveUser`, `ProcessPosixSessionId`…); Windows sensors never do.
 */
export function isPosixRecord(additionalFields: unknown): boolean {
  if (!isPlainObject(additionalFields)) return false;
  for (const key of Object.keys(additionalFields)) {
    if (key.startsWith('InitiatingProcessPosix') || key.startsWith('ProcessPosix')) return true;
  }
  return false;
}
