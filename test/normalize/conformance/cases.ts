import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stream } from '../../../src/core/stream.js';
import { FIXTURES_DIR } from '../../fixtures-path.js';

/** One golden pair: a raw line and the whole document(s) Elastic's pipeline made of it. */
export interface ConformanceCase {
  /** e.g. `event/test-device.log#3` (0-based line) or `alert/sample_event.json`. */
  readonly name: string;
  readonly file: string;
  readonly index: number;
  readonly stream: Stream;
  readonly line: string;
  /** null: Elastic dropped the line (the empty last page). */
  readonly expected: Record<string, unknown> | null;
  /** The options Elastic's test ran with, read from the tags of the expected document. */
  readonly preserveOriginal: boolean;
  readonly preserveDuplicateCustomFields: boolean;
}

const PAIRS: readonly [Stream, string][] = [
  ['alert', 'alert/test-alert.log'],
  ['incident', 'incident/test-incident-no-alerts.log'],
  ['event', 'event/test-alert.log'],
  ['event', 'event/test-app-and-identity.log'],
  ['event', 'event/test-behavior.log'],
  ['event', 'event/test-cloud.log'],
  ['event', 'event/test-device.log'],
  ['event', 'event/test-email.log'],
  ['event', 'event/test-message.log'],
  ['vulnerability', 'vulnerability/test-vulnerability.log'],
];

/** sample_event.json documents: their event.original is the input line (see the fixtures README). */
const SAMPLE_EVENTS: readonly [Stream, string, string | undefined][] = [
  ['alert', 'alert/sample_event.json', undefined],
  // The incident sample's event.original is test-incident.log re-serialised; the line is the input.
  ['incident', 'incident/sample_event.json', 'incident/test-incident.log'],
  ['vulnerability', 'vulnerability/sample_event.json', undefined],
];

/** Fields Elasticsearch and the agent add at index time; not the pipeline's output. */
const INDEX_TIME_FIELDS = ['agent', 'elastic_agent', 'data_stream', 'input', 'event.dataset', 'event.ingested', 'event.agent_id_status'];

export function loadCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [stream, file] of PAIRS) {
    const lines = readFileSync(join(FIXTURES_DIR, file), 'utf8').split('\n').filter((line) => line.length > 0);
    const expected = (JSON.parse(readFileSync(join(FIXTURES_DIR, `${file}-expected.json`), 'utf8')) as { expected: (Record<string, unknown> | null)[] }).expected;
    // test-vulnerability.log has 6 lines for 4 expected documents (the expected file predates lines 5-6).
    expected.forEach((doc, index) => {
      cases.push({ name: `${file}#${index}`, file, index, stream, line: lines[index]!, expected: doc, ...optionsFromTags(doc) });
    });
  }
  for (const [stream, file, inputFile] of SAMPLE_EVENTS) {
    const doc = JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as Record<string, unknown>;
    for (const path of INDEX_TIME_FIELDS) deleteDotted(doc, path);
    removeTag(doc, 'forwarded');
    removeTag(doc, `m365_defender-${stream}`);
    const original = (doc.event as Record<string, unknown>).original as string;
    const line = inputFile ? readFileSync(join(FIXTURES_DIR, inputFile), 'utf8').split('\n')[0]! : original;
    cases.push({ name: file, file, index: 0, stream, line, expected: doc, preserveOriginal: true, preserveDuplicateCustomFields: true });
  }
  return cases;
}

function optionsFromTags(doc: Record<string, unknown> | null): { preserveOriginal: boolean; preserveDuplicateCustomFields: boolean } {
  const tags = (doc?.tags as string[] | undefined) ?? ['preserve_original_event', 'preserve_duplicate_custom_fields'];
  return {
    // Every expected document keeps event.original (the vulnerability file predates the tag).
    preserveOriginal: true,
    preserveDuplicateCustomFields: tags.includes('preserve_duplicate_custom_fields'),
  };
}

function deleteDotted(doc: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let current: unknown = doc;
  for (const key of keys.slice(0, -1)) current = (current as Record<string, unknown> | undefined)?.[key];
  if (current && typeof current === 'object') delete (current as Record<string, unknown>)[keys[keys.length - 1]!];
  const parent = keys.length > 1 ? keys.slice(0, -1).join('.') : undefined;
  if (parent) {
    let holder: unknown = doc;
    for (const key of keys.slice(0, -2)) holder = (holder as Record<string, unknown>)[key];
    const obj = (holder as Record<string, unknown>)[keys[keys.length - 2]!];
    if (obj && typeof obj === 'object' && Object.keys(obj).length === 0) delete (holder as Record<string, unknown>)[keys[keys.length - 2]!];
  }
}

function removeTag(doc: Record<string, unknown>, tag: string): void {
  if (Array.isArray(doc.tags)) doc.tags = doc.tags.filter((value) => value !== tag);
}
