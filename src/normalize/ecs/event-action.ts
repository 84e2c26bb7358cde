/**
 * `event.action` from an Advanced Hunting `ActionType` as Elastic's email and app-and-identity
 * pipelines write it: lower-cased, each run of white space turned into `-`
 * (`Phish ZAP` → `phish-zap`, `SAMR query` → `samr-query`, `LogonSuccess` → `logonsuccess`).
 */
const WHITE_SPACE = /\s+/g;

export function eventAction(actionType: string | undefined): string | undefined {
  if (actionType === undefined) return undefined;
  const action = actionType.trim().toLowerCase().replace(WHITE_SPACE, '-');
  return action.length > 0 ? action : undefined;
}
