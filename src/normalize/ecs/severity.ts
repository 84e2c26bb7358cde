/**
 * Elastic's severity normalisation shared by its EDR integrations (m365_defender 3.5.0+):
 * informational and low 21, medium 47, high 73, critical 99; case-insensitive.
 */
const SEVERITY_SCORES: ReadonlyMap<string, number> = new Map([
  ['informational', 21],
  ['low', 21],
  ['medium', 47],
  ['high', 73],
  ['critical', 99],
]);

export function severityScore(value: unknown): number | undefined {
  return typeof value === 'string' ? SEVERITY_SCORES.get(value.toLowerCase()) : undefined;
}
