import { appendUnique, getPath, type JsonObject } from '../../ecs/object.js';

/**
 * `AttackTechniques` ("Valid Accounts (T1078)" entries, as a JSON list or a comma-separated
 * string) → `threat.technique.subtechnique.id/name`, each sorted and without duplicates as
 * Elastic's foreach/append/sort leave them; returns the sorted list of entries, which becomes the
 * vendor field (undefined when there is none). Entries are parsed by position,
 * not by a backtracking regular expression, because the text is untrusted.
 */
const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;
const MAX_ENTRY_CHARS = 1000;

export function mapAttackTechniques(doc: JsonObject, entries: readonly string[]): string[] | undefined {
  const techniques = entries.flatMap(splitEntries).sort();
  if (techniques.length === 0) return undefined;
  for (const technique of techniques) {
    const parsed = parseTechnique(technique);
    if (!parsed) continue;
    appendUnique(doc, 'threat.technique.subtechnique.id', parsed.id);
    appendUnique(doc, 'threat.technique.subtechnique.name', parsed.name);
  }
  for (const path of ['threat.technique.subtechnique.id', 'threat.technique.subtechnique.name']) {
    const list = getPath(doc, path);
    if (Array.isArray(list)) list.sort();
  }
  return techniques;
}

/** "A (T1), B (T2)" → two entries; a JSON list item is usually one already. */
function splitEntries(text: string): string[] {
  return text
    .split('), ')
    .map((part, index, parts) => (index < parts.length - 1 ? `${part})` : part).trim())
    .filter((part) => part.length > 0);
}

function parseTechnique(entry: string): { id: string; name: string } | undefined {
  if (entry.length > MAX_ENTRY_CHARS || !entry.endsWith(')')) return undefined;
  const open = entry.lastIndexOf('(');
  if (open < 0) return undefined;
  const id = entry.slice(open + 1, -1).trim();
  const name = entry.slice(0, open).trim();
  return TECHNIQUE_ID.test(id) && name.length > 0 ? { id, name } : undefined;
}
