import type { GeoLookup } from './ecs/geo.js';

/** An ECS document as it will be indexed: a plain JSON object (null-prototype, see ecs/object.ts). */
export type EcsDocument = Record<string, unknown>;

/** One normalized document and the deterministic id that makes replays overwrite instead of duplicate. */
export interface NormalizedDocument {
  /** Elastic's fingerprint of the record's identity fields (base64 SHA-1), used as `_id` by sinks. */
  readonly id: string;
  readonly doc: EcsDocument;
}

export interface NormalizeOptions {
  /** Keep the raw line in `event.original` (Elastic's `preserve_original_event` tag). */
  readonly preserveOriginal: boolean;
  /** Keep vendor copies of values promoted to ECS (Elastic's `preserve_duplicate_custom_fields` tag). */
  readonly preserveDuplicateCustomFields: boolean;
  /** GeoIP/ASN lookups; absent means no geo fields, like an Elasticsearch without the databases. */
  readonly geo?: GeoLookup | undefined;
  /** Incidents: one document per (incident, alert) pair like Elastic (default), or one per incident. */
  readonly incidentOutput?: 'per_alert' | 'per_incident' | undefined;
}

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = {
  preserveOriginal: false,
  preserveDuplicateCustomFields: false,
};

/**
 * What a stream normalizer receives: the raw line exactly as collected (it becomes `event.original`)
 * and the parsed JSON value. Stream normalizers are pure and may throw: the caller turns any
 * exception into a `pipeline_error` document, so a bug never drops the record.
 */
export interface RawInput {
  readonly original: string;
  readonly json: unknown;
}

export type StreamNormalizer = (input: RawInput, options: NormalizeOptions) => NormalizedDocument[];
