import type { NormalizedDocument, NormalizeOptions, RawInput } from '../types.js';
import { alertDocument } from './document.js';
import { pageItems } from './page.js';

export { ALERT_ECS_VERSION, ALERT_ID_FIELDS, alertDocument } from './document.js';

/**
 * The alert stream: a line is one Graph alert (what Elastic's httpjson input emits per element of
 * `value`). A whole page is accepted too: the empty last page yields nothing (Elastic drops it),
 * a non-empty page one document per alert (Elastic's pipeline fails it).
 */
export function normalizeAlert(input: RawInput, options: NormalizeOptions): NormalizedDocument[] {
  const alerts = pageItems(input.json);
  if (alerts === undefined) return [alertDocument(input.json, input.original, input.original, options)];
  return alerts.map((alert) => alertDocument(alert, JSON.stringify(alert) ?? 'null', input.original, options));
}
