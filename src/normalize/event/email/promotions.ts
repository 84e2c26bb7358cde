import { DUPLICATE, promotionList } from '../../ecs/column-map.js';

/**
 * Where pipeline_email copies columns into ECS. Addresses and sender IPs are appended (lists, as
 * in Elastic's documents); sender and URL domains only feed `related.hosts`. `NetworkMessageId`
 * is `email.message_id` and `InternetMessageId` `email.local_id` (Elastic's 2.21.1 fix); the
 * Teams tables use their own `MessageId`.
 */
export const EMAIL_PROMOTIONS = promotionList([
  ['NetworkMessageId', 'email.message_id', 'set', DUPLICATE],
  ['MessageId', 'email.message_id', 'set', DUPLICATE],
  ['InternetMessageId', 'email.local_id', 'set', DUPLICATE],
  ['Subject', 'email.subject', 'set', DUPLICATE],
  ['MessageSubject', 'email.subject', 'set', DUPLICATE],
  ['EmailDirection', 'email.direction', 'set', DUPLICATE],
  ['SenderFromAddress', 'email.from.address', 'append', DUPLICATE],
  ['SenderFromAddress', 'related.user', 'append'],
  ['SenderMailFromAddress', 'related.user', 'append'],
  ['SenderEmailAddress', 'email.from.address', 'append', DUPLICATE],
  ['SenderEmailAddress', 'related.user', 'append'],
  ['RecipientEmailAddress', 'email.to.address', 'append', DUPLICATE],
  ['RecipientEmailAddress', 'related.user', 'append'],
  ['AccountUpn', 'related.user', 'append'],
  ['SenderFromDomain', 'related.hosts', 'append'],
  ['SenderMailFromDomain', 'related.hosts', 'append'],
  ['UrlDomain', 'related.hosts', 'append'],
  ['SenderIPv4', 'source.ip', 'append', DUPLICATE],
  ['SenderIPv4', 'related.ip', 'append'],
  ['SenderIPv6', 'source.ip', 'append', DUPLICATE],
  ['SenderIPv6', 'related.ip', 'append'],
  ['IPAddress', 'source.ip', 'append', DUPLICATE],
  ['IPAddress', 'related.ip', 'append'],
  ['FileName', 'file.name', 'set', DUPLICATE],
  ['FileSize', 'file.size', 'set', DUPLICATE],
  ['FileType', 'file.extension', 'set', DUPLICATE],
  ['SHA256', 'file.hash.sha256', 'set', DUPLICATE],
  ['SHA256', 'related.hash', 'append'],
  ['GroupId', 'user.group.id', 'set', DUPLICATE],
  ['GroupName', 'user.group.name', 'set', DUPLICATE],
]);
