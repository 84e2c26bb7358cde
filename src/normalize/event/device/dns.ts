import { columnId } from '../../ecs/column-map.js';
import { parseJson, INVALID } from '../../ecs/convert.js';
import { validIp } from '../../ecs/ip.js';
import { newObject, setPath } from '../../ecs/object.js';
import { keyword, own } from '../../ecs/scalar.js';
import type { DeviceRecord } from './record.js';

/**
 * DnsConnectionInspected rows carry a Zeek DNS log in AdditionalFields (query, qtype_name,
 * rcode_name, AA/TC/RD/RA, answers and TTLs as JSON text). Elastic's pipeline (2.14.5+) maps it to
 * ECS `dns.*`, which detection rules query; AdditionalFields itself is kept as sent.
 */
const HEADER_FLAGS = ['AA', 'TC', 'RD', 'RA'] as const;
const MAX_ANSWERS = 100;
const ACTION_TYPE = columnId('ActionType');
const ADDITIONAL_FIELDS = columnId('AdditionalFields');

export function mapDns(record: DeviceRecord): void {
  const { columns, doc } = record;
  if (columns.text(ACTION_TYPE) !== 'DnsConnectionInspected') return;
  const fields = columns.get(ADDITIONAL_FIELDS);
  setPath(doc, 'dns.id', keyword(own(fields, 'trans_id')));
  setPath(doc, 'dns.question.name', keyword(own(fields, 'query')));
  setPath(doc, 'dns.question.type', keyword(own(fields, 'qtype_name')));
  setPath(doc, 'dns.question.class', keyword(own(fields, 'qclass_name')));
  setPath(doc, 'dns.response_code', keyword(own(fields, 'rcode_name')));
  const flags = HEADER_FLAGS.filter((flag) => isTrue(own(fields, flag)));
  if (flags.length > 0) setPath(doc, 'dns.header_flags', flags);

  const answers = list(own(fields, 'answers'));
  const ttls = list(own(fields, 'TTLs'));
  const entries: unknown[] = [];
  const resolved: string[] = [];
  for (let i = 0; i < answers.length && i < MAX_ANSWERS; i++) {
    const data = keyword(answers[i]);
    if (data === undefined) continue;
    const entry = newObject();
    setPath(entry, 'data', data);
    const ttl = ttls[i];
    if (typeof ttl === 'number' && Number.isFinite(ttl)) setPath(entry, 'ttl', ttl);
    entries.push(entry);
    const ip = validIp(data);
    if (ip !== undefined && !resolved.includes(ip)) resolved.push(ip);
  }
  if (entries.length > 0) setPath(doc, 'dns.answers', entries);
  if (resolved.length > 0) setPath(doc, 'dns.resolved_ip', resolved);
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A list sent either as an array or as JSON text (`["1.2.3.4"]`, `[1200.0]`). */
function list(value: unknown): readonly unknown[] {
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  return parsed !== INVALID && Array.isArray(parsed) ? parsed : [];
}
