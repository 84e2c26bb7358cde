import { parseTimestamp } from '../ecs/date.js';
import { graphFieldName } from '../ecs/graph-name.js';
import { validIp } from '../ecs/ip.js';
import { defineOwn, isPlainObject, newObject, setPath, type JsonObject } from '../ecs/object.js';
import { keyword, long } from '../ecs/scalar.js';

/**
 * One Graph evidence item as Elastic stores it under `…alert.evidence[]`: every key snake_cased,
 * every `…DateTime` parsed, and the handful of properties Elastic regroups renamed to its
 * fields.yml names (`processId` → `process.id`, `rbacGroupId` → `rbac_group.id`,
 * `fileDetails.fileName` → `file_details.name`, …).
 *
 * Values whose type the index mapping would reject are dropped: an invalid address in an IP field
 * silently (as Elastic does), an unparsable date or a non-integer where Elastic maps a long with a
 * message in `errors` (the document then keeps event.original, so nothing is lost).
 */
const REGROUPED: ReadonlyMap<string, string> = new Map([
  ['processId', 'process.id'],
  ['processCommandLine', 'process.command_line'],
  ['processCreationDateTime', 'process.creation_datetime'],
  ['parentProcessId', 'parent_process.id'],
  ['parentProcessCreationDateTime', 'parent_process.creation_datetime'],
  ['parentProcessImageFile', 'parent_process.image_file'],
  ['rbacGroupId', 'rbac_group.id'],
  ['rbacGroupName', 'rbac_group.name'],
  ['antiSpamDirection', 'antispam_direction'],
]);

/** fileDetails objects (fileDetails, imageFile, parentProcessImageFile) drop the `file` prefix. */
const FILE_OBJECTS: ReadonlySet<string> = new Set(['fileDetails', 'imageFile', 'parentProcessImageFile']);
const FILE_DETAIL_NAMES: ReadonlyMap<string, string> = new Map([
  ['fileName', 'name'],
  ['filePath', 'path'],
  ['fileSize', 'size'],
  ['filePublisher', 'publisher'],
]);

/** Numeric Graph properties Elastic maps as keyword (it converts them to strings). */
const KEYWORD_NUMBERS: ReadonlySet<string> = new Set(['osBuild', 'rbacGroupId']);
/** Properties mapped as long. */
const LONGS: ReadonlySet<string> = new Set(['processId', 'parentProcessId', 'fileSize', 'attachmentsCount', 'urlCount', 'emailCount']);

/** Graph nests evidence a few levels deep (pod → container → image → registry); beyond this is abuse. */
const MAX_DEPTH = 24;

/**
 * `where` names the item in error messages, e.g. `alerts.evidence[2]`. Also right for any other
 * Graph object Elastic keeps the same way (alert comments).
 */
export function vendorEvidence(item: JsonObject, where: string, errors: string[]): JsonObject {
  return convertObject(item, where, 0, errors, undefined);
}

function convertObject(source: JsonObject, where: string, depth: number, errors: string[], names: ReadonlyMap<string, string> | undefined): JsonObject {
  const out = newObject();
  for (const key of Object.keys(source)) {
    const value = convertValue(key, source[key], `${where}.${key}`, depth + 1, errors);
    if (value === undefined) continue;
    const renamed = names?.get(key) ?? REGROUPED.get(key);
    if (renamed !== undefined) setPath(out, renamed, value);
    else defineOwn(out, graphFieldName(key), value);
  }
  return out;
}

function convertValue(key: string, value: unknown, where: string, depth: number, errors: string[]): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (depth > MAX_DEPTH) {
    errors.push(`${where}: nested deeper than ${MAX_DEPTH} levels, dropped`);
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map((item, index) => convertValue(key, item, `${where}[${index}]`, depth + 1, errors)).filter((item) => item !== undefined);
    return items;
  }
  if (isPlainObject(value)) {
    return convertObject(value, where, depth, errors, FILE_OBJECTS.has(key) ? FILE_DETAIL_NAMES : undefined);
  }
  return convertScalar(key, value, where, errors);
}

function convertScalar(key: string, value: unknown, where: string, errors: string[]): unknown {
  if (key.endsWith('DateTime')) return checked(parseTimestamp(value), value, where, 'not a date', errors);
  // Elastic's `convert type: ip` ignores failures: an invalid address simply disappears.
  if (isIpKey(key)) return validIp(value);
  if (LONGS.has(key)) return checked(long(value), value, where, 'not an integer', errors);
  if (KEYWORD_NUMBERS.has(key)) return keyword(value);
  return value;
}

function checked<T>(converted: T | undefined, value: unknown, where: string, problem: string, errors: string[]): T | undefined {
  if (converted === undefined) errors.push(`${where} is ${problem}: ${JSON.stringify(value).slice(0, 120)}`);
  return converted;
}

/**
 * Graph properties holding one address (`ipAddress`, `senderIp`, `lastExternalIpAddress`) or a
 * list of them (`ipInterfaces`): the index maps them as `ip`, so only real addresses may stay.
 */
export function isIpKey(key: string): boolean {
  return /(?:^ip|Ip|IP)(?:Address)?$/.test(key) || key === 'ipInterfaces';
}
