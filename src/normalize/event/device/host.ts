import { promotionList } from '../../ecs/column-map.js';
import { fieldPath, setField } from '../../ecs/field-path.js';
import { isPlainObject } from '../../ecs/object.js';
import { MACHINE_ROWS } from '../alert/promotions.js';
import type { DeviceRecord } from './record.js';

/** The machine a row comes from: the same promotions as the alert tables' (host, device, cloud). */
const HOST = promotionList(MACHINE_ROWS);
const OS_TYPE = fieldPath('host.os.type');

export function mapHost(record: DeviceRecord): void {
  record.columns.promote(HOST);
  if (record.unix) setField(record.doc, OS_TYPE, 'unix');
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
