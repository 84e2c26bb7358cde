import type { Stream } from '../core/stream.js';
import { fingerprintValues } from './ecs/fingerprint.js';
import { newObject, setPath } from './ecs/object.js';
import { normalizeAlert } from './alert/index.js';
import { normalizeEvent } from './event/index.js';
import { finishDocument } from './finish.js';
import { normalizeIncident } from './incident/index.js';
import type { NormalizedDocument, NormalizeOptions, StreamNormalizer } from './types.js';
import { normalizeVulnerability } from './vulnerability/index.js';

/** Beyond this a line is not parsed: it becomes a pipeline_error document that keeps the text. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const ECS_VERSION_BY_STREAM: Record<Stream, string> = {
  alert: '8.11.0',
  incident: '8.11.0',
  event: '8.11.0',
  vulnerability: '8.17.0',
};

function streamNormalizer(stream: Stream): StreamNormalizer {
  switch (stream) {
    case 'alert':
      return normalizeAlert;
    case 'incident':
      return normalizeIncident;
    case 'event':
      return normalizeEvent;
    case 'vulnerability':
      return normalizeVulnerability;
  }
}

/**
 * Normalizes one raw line of a stream into zero or more ECS documents. Never throws: unparsable
 * JSON, oversize records and any exception inside a mapper yield one pipeline_error document that
 * carries the reason in `error.message` and the line in `event.original`.
 */
export function normalizeLine(stream: Stream, line: string, options: NormalizeOptions): NormalizedDocument[] {
  // A blank line (NDJSON separator noise, a trailing newline) holds no record.
  if (line.trim().length === 0) return [];
  if (line.length > MAX_RECORD_CHARS) return [oversize(stream, line, options)];
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return [pipelineError(stream, line, `invalid JSON: ${(error as Error).message}`, options)];
  }
  return mapRecord(stream, line, json, options);
}

/**
 * Normalizes a record its caller has already parsed: `json` must be `JSON.parse(line)` (a record
 * of an Event Hubs body, cut out of it and parsed as it is mapped). Same guarantees as
 * normalizeLine: never throws, documents identical to normalizeLine(stream, line).
 */
export function normalizeParsed(stream: Stream, line: string, json: unknown, options: NormalizeOptions): NormalizedDocument[] {
  if (line.length > MAX_RECORD_CHARS) return [oversize(stream, line, options)];
  return mapRecord(stream, line, json, options);
}

function oversize(stream: Stream, line: string, options: NormalizeOptions): NormalizedDocument {
  return pipelineError(stream, line, `record of ${line.length} characters exceeds the ${MAX_RECORD_CHARS}-character limit`, options);
}

/** The stream's mapper on a parsed record; an exception becomes a pipeline_error document. */
function mapRecord(stream: Stream, line: string, json: unknown, options: NormalizeOptions): NormalizedDocument[] {
  try {
    return streamNormalizer(stream)({ original: line, json }, options);
  } catch (error) {
    return [pipelineError(stream, line, `normalization failed: ${(error as Error)?.message ?? String(error)}`, options)];
  }
}

/** A document that keeps a record no mapper could handle, so nothing is ever silently dropped. */
export function pipelineError(stream: Stream, original: string, reason: string, options: NormalizeOptions): NormalizedDocument {
  const doc = newObject();
  setPath(doc, 'ecs.version', ECS_VERSION_BY_STREAM[stream]);
  return { id: fingerprintValues(stream, original), doc: finishDocument(doc, original, [reason], options) };
}
