import { parseTimestamp } from '../ecs/date.js';
import { validIp } from '../ecs/ip.js';
import { appendUnique, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';

/**
 * Message properties → email.* (2.23.0) and the sender address → source.ip, read by property name
 * rather than evidence type: Graph puts them on analyzed-message, submission and Teams evidence,
 * and real alerts carry them on device evidence too (see alert-sample.log).
 */
export function mapEmail(item: JsonObject, doc: JsonObject): void {
  appendUnique(doc, 'email.subject', keyword(own(item, 'subject')));
  appendUnique(doc, 'email.to.address', keyword(own(item, 'recipientEmailAddress')));
  for (const sender of ['p1Sender', 'p2Sender']) {
    appendUnique(doc, 'email.from.address', keyword(own(own(item, sender), 'emailAddress')));
  }
  appendUnique(doc, 'email.delivery_timestamp', parseTimestamp(own(item, 'receivedDateTime')));
  // ECS lists email.direction values in lower case (inbound, outbound, internal).
  appendUnique(doc, 'email.direction', keyword(own(item, 'antiSpamDirection'))?.toLowerCase());
  const senderIp = validIp(own(item, 'senderIp'));
  appendUnique(doc, 'source.ip', senderIp);
  appendUnique(doc, 'related.ip', senderIp);
}
