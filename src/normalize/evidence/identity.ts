import { appendUnique, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';
import { evidenceType, isProcessEvidence } from './target.js';

/**
 * A Graph userAccount → `<prefix>.name/id` (user evidence: also `.domain` and `.email`) and
 * related.*. A process's account is `process.user`; its domain only reaches related.hosts, as in
 * Elastic's incident sample (`NT AUTHORITY` for SYSTEM).
 */
export function mapAccount(account: unknown, doc: JsonObject, prefix: 'user' | 'process.user'): void {
  const name = keyword(own(account, 'accountName'));
  const domain = keyword(own(account, 'domainName'));
  const sid = keyword(own(account, 'userSid'));
  const objectId = keyword(own(account, 'azureAdUserId'));
  const upn = keyword(own(account, 'userPrincipalName'));
  appendUnique(doc, `${prefix}.name`, name);
  appendUnique(doc, `${prefix}.id`, objectId);
  if (prefix === 'user') {
    appendUnique(doc, 'user.domain', domain);
    appendUnique(doc, 'user.email', upn);
  }
  appendUnique(doc, 'related.user', name, sid, objectId, upn);
  appendUnique(doc, 'related.hosts', domain);
}

/** User, mailbox and security-group evidence → user.*, group.*, related.user. */
export function mapIdentity(item: JsonObject, doc: JsonObject): void {
  if (isProcessEvidence(item)) return;
  const type = evidenceType(item);
  mapAccount(own(item, 'userAccount'), doc, 'user');
  if (type === 'mailboxEvidence') {
    for (const address of [keyword(own(item, 'primaryAddress')), keyword(own(item, 'upn'))]) {
      appendUnique(doc, 'user.email', address);
      appendUnique(doc, 'related.user', address);
    }
  }
  if (type === 'securityGroupEvidence') {
    appendUnique(doc, 'group.id', keyword(own(item, 'securityGroupId')));
    appendUnique(doc, 'group.name', keyword(own(item, 'displayName')));
  }
}
