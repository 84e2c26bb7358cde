import { columnId, DUPLICATE, promotionList } from '../../ecs/column-map.js';
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

const PUBLIC_IP = columnId('PublicIP');
const OS_PLATFORM = columnId('OSPlatform');

export function mapDeviceInfo(record: DeviceRecord): void {
  const { columns, doc } = record;
  columns.promote(INFO);
  const ip = columns.get(PUBLIC_IP);
  if (typeof ip === 'string') setGeo(record, 'host.geo', ip);
  const type = osType(columns.get(OS_PLATFORM));
  if (type !== undefined) setPath(doc, 'host.os.type', type);
}
