import { appendUnique, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';

/** Registry key and value evidence → registry.* (Elastic maps `registryValue` to registry.value). */
export function mapRegistry(item: JsonObject, doc: JsonObject): void {
  appendUnique(doc, 'registry.hive', keyword(own(item, 'registryHive')));
  appendUnique(doc, 'registry.key', keyword(own(item, 'registryKey')));
  appendUnique(doc, 'registry.value', keyword(own(item, 'registryValue')));
  appendUnique(doc, 'registry.data.type', keyword(own(item, 'registryValueType')));
}
