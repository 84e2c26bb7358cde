import { columnId } from '../../ecs/column-map.js';
import { normalizeMac } from '../../ecs/mac.js';
import { setPath } from '../../ecs/object.js';
import type { DeviceRecord } from './record.js';

/**
 * DeviceNetworkInfo: one network adapter of a device. Its MAC address is written the ECS way
 * (`00-0D-3A-9E-C7-81`, Elastic 2.14.4); the adapter's addresses stay in the vendor fields.
 */
const MAC_ADDRESS = columnId('MacAddress');

export function mapNetworkInfo(record: DeviceRecord): void {
  const { columns, doc } = record;
  setPath(doc, 'network.direction', 'unknown');
  const mac = normalizeMac(columns.get(MAC_ADDRESS));
  if (mac !== undefined) {
    setPath(doc, 'host.mac', mac);
    columns.markDuplicate(MAC_ADDRESS);
  }
}
