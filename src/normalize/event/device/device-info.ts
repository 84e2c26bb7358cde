import { DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { setPath } from '../../ecs/object.js';
import { osType } from '../../ecs/os-type.js';
import { setGeo } from './endpoint.js';
import type { DeviceRecord } from './record.js';

/**
 * DeviceInfo inventory rows: the public address the sensor reports from (with its geo), the
 * device type, and the sensor itself as the observer.
 */
const INFO = promotionList([
  ['PublicIP', 'host.ip', 'set', DUPLICATE],
  ['DeviceType', 'host.type', 'set', DUPLICATE],
  ['DeviceCategory', 'observer.type', 'set', DUPLICATE],
  ['ClientVersion', 'observer.version', 'set', DUPLICATE],
]);

export function mapDeviceInfo(record: DeviceRecord): void {
  const { columns, doc } = record;
  columns.promote(INFO);
  const ip = columns.get('PublicIP');
  if (typeof ip === 'string') setGeo(record, 'host.geo', ip);
  const type = osType(columns.get('OSPlatform'));
  if (type !== undefined) setPath(doc, 'host.os.type', type);
}
