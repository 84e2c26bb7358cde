import { setPath, type JsonObject } from '../ecs/object.js';

/** Elastic's reading of a Graph `determination` as an ECS category. */
const CATEGORY_BY_DETERMINATION: ReadonlyMap<string, string> = new Map([
  ['malware', 'malware'],
  ['malicioususeractivity', 'malware'],
  ['phishing', 'email'],
  ['apt', 'threat'],
]);

export function determinationCategory(determination: string | undefined): string | undefined {
  return determination === undefined ? undefined : CATEGORY_BY_DETERMINATION.get(determination.toLowerCase());
}

/**
 * event.category (sorted, each once) and the event.type that fits it: `access` for registry,
 * `indicator` for threat, otherwise `info`. No category, no type — as in Elastic's incident
 * documents whose determination names none.
 */
export function setEventCategories(doc: JsonObject, categories: readonly (string | undefined)[]): void {
  const distinct = [...new Set(categories.filter((category): category is string => category !== undefined))].sort();
  if (distinct.length === 0) return;
  setPath(doc, 'event.category', distinct);
  const types: string[] = [];
  if (distinct.includes('registry')) types.push('access');
  if (distinct.includes('threat')) types.push('indicator');
  setPath(doc, 'event.type', types.length > 0 ? types : ['info']);
}
