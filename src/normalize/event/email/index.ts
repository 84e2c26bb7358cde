import { columnId } from '../../ecs/column-map.js';
import { ColumnValues } from '../../ecs/column-values.js';
import { eventAction } from '../../ecs/event-action.js';
import { setPath } from '../../ecs/object.js';
import { uriParts } from '../../ecs/uri-parts.js';
import type { EventRecordContext } from '../context.js';
import { EMAIL_COLUMNS } from './columns.js';
import { EMAIL_PROMOTIONS } from './promotions.js';
import { mapSenderUser } from './sender.js';

/**
 * Elastic's pipeline_email: the Defender for Office 365 tables (Email*, UrlClickEvents) and the
 * Teams message tables (Message*, 5.10). No GeoIP: Elastic does not enrich sender IPs.
 */
const CATEGORIES: ReadonlyMap<string, readonly string[]> = new Map([
  ['EmailEvents', ['email']],
  ['EmailAttachmentInfo', ['email', 'file']],
  ['EmailUrlInfo', ['email']],
  ['EmailPostDeliveryEvents', ['email']],
  ['MessageEvents', ['email']],
  ['MessageUrlInfo', ['email']],
  ['MessagePostDeliveryEvents', ['email']],
  // UrlClickEvents: a click is not an e-mail event; Elastic gives it no category.
]);

const ACTION_TYPE = columnId('ActionType');
const URL = columnId('Url');
const SENDER_EMAIL_ADDRESS = columnId('SenderEmailAddress');

export function normalizeEmailTable(context: EventRecordContext): void {
  const { table, properties, doc, errors, options, original } = context;
  const columns = new ColumnValues(EMAIL_COLUMNS, properties, doc, errors, original);

  setPath(doc, 'event.type', ['info']);
  const categories = CATEGORIES.get(table);
  if (categories) setPath(doc, 'event.category', [...categories]);
  columns.promote(EMAIL_PROMOTIONS);
  setPath(doc, 'event.action', eventAction(columns.text(ACTION_TYPE)));

  const url = columns.text(URL);
  if (url !== undefined) {
    setPath(doc, 'url', uriParts(url));
    columns.markDuplicate(URL);
  }
  mapSenderUser(doc, columns.text(SENDER_EMAIL_ADDRESS));

  columns.writeVendor(options.preserveDuplicateCustomFields);
}
