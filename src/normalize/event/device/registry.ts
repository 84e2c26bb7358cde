import { columnId, DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { fieldPath, setField } from '../../ecs/field-path.js';
import type { DeviceRecord } from './record.js';

/**
 * Registry rows. ECS `registry.key` is the key without its hive, and Elastic strips the hive from
 * its vendor copy as well (`HKEY_LOCAL_MACHINE\SOFTWARE\x` → `SOFTWARE\x`); `registry.path` is the
 * key and the value name joined.
 */
const HIVE = /^HKEY_[A-Z_]+\\/i;

const VALUE = promotionList([
  ['RegistryValueName', 'registry.value', 'set', DUPLICATE],
  ['RegistryValueData', 'registry.data.strings', 'append', DUPLICATE],
]);

const REGISTRY_KEY = columnId('RegistryKey');
const REGISTRY_VALUE_NAME = columnId('RegistryValueName');
const ECS_KEY = fieldPath('registry.key');
const ECS_PATH = fieldPath('registry.path');

export function mapRegistry(record: DeviceRecord): void {
  const { columns, doc } = record;
  columns.promote(VALUE);
  const fullKey = columns.text(REGISTRY_KEY);
  if (fullKey === undefined) return;
  const key = fullKey.replace(HIVE, '');
  columns.rewriteVendor(REGISTRY_KEY, key);
  setField(doc, ECS_KEY, key);
  columns.markDuplicate(REGISTRY_KEY);
  const value = columns.text(REGISTRY_VALUE_NAME);
  setField(doc, ECS_PATH, value === undefined ? key : `${key}\\${value}`);
}
