/**
 * `event.category` of alert rows. Evidence and behavior entities are classified by their entity
 * type (Elastic: File → file, Process → process, Machine → host, User → iam; the other types by
 * the same ECS logic). AlertInfo is classified by its category only for malware: Elastic's fixture
 * shows no category for Persistence, so kill-chain categories are not mapped to `threat`.
 */
const ENTITY_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ['file', 'file'],
  ['process', 'process'],
  ['machine', 'host'],
  ['device', 'host'],
  ['user', 'iam'],
  ['securitygroup', 'iam'],
  ['ip', 'network'],
  ['url', 'network'],
  ['mailmessage', 'email'],
  ['mailbox', 'email'],
  ['mailcluster', 'email'],
  ['registrykey', 'registry'],
  ['registryvalue', 'registry'],
]);

const ALERT_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ['malware', 'malware'],
  ['ransomware', 'malware'],
]);

export function entityCategory(entityType: string | undefined): string | undefined {
  return entityType === undefined ? undefined : ENTITY_CATEGORIES.get(entityType.toLowerCase());
}

export function alertCategory(category: string | undefined): string | undefined {
  return category === undefined ? undefined : ALERT_CATEGORIES.get(category.toLowerCase());
}
