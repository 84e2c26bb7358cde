import { isPlainObject } from '../ecs/object.js';
import { evidenceType } from './target.js';

/** Elastic's alert pipeline: the ECS category each evidence type stands for. */
const CATEGORY_BY_EVIDENCE_TYPE: ReadonlyMap<string, string> = new Map([
  ['analyzedMessageEvidence', 'email'],
  ['mailboxEvidence', 'email'],
  ['mailClusterEvidence', 'email'],
  ['deviceEvidence', 'host'],
  ['fileEvidence', 'file'],
  ['ipEvidence', 'network'],
  ['processEvidence', 'process'],
  ['registryKeyEvidence', 'registry'],
  ['registryValueEvidence', 'registry'],
  ['userEvidence', 'iam'],
  ['securityGroupEvidence', 'iam'],
]);

/** The categories of a list of evidence items, each once. */
export function evidenceCategories(evidence: readonly unknown[]): string[] {
  const categories = new Set<string>();
  for (const item of evidence) {
    const category = isPlainObject(item) ? CATEGORY_BY_EVIDENCE_TYPE.get(evidenceType(item)) : undefined;
    if (category) categories.add(category);
  }
  return [...categories];
}
