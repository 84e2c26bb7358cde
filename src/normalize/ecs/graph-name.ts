import { snakeCase } from './snake-case.js';

/**
 * The vendor-namespace name Elastic's alert and incident pipelines give a Microsoft Graph property:
 * snake_case, except that `DateTime` is one word (`createdDateTime` → `created_datetime`, as in
 * Elastic's fields.yml), `@odata.type` becomes `odata_type`, and a dot (which Elasticsearch would
 * expand into an object) becomes an underscore.
 */
export function graphFieldName(key: string): string {
  if (key === '@odata.type') return 'odata_type';
  const plain = key.replace(/^@+/, '').replace(/\./g, '_').replace(/DateTime/g, 'Datetime');
  return snakeCase(plain);
}
