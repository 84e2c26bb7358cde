import { resolve } from 'node:path';
import { z } from 'zod';
import { STREAMS } from '../core/stream.js';
import { Secret } from './redact.js';

/**
 * The configuration file's shape: snake_case keys, units in names (`_ms`, `_bytes`), strict
 * objects (a typo is an error that lists the allowed keys), defaults that suit a 24/7 SOC.
 * Relative paths are resolved against the configuration file's folder.
 */
export function configSchema(baseDir: string) {
  const path = z.string().min(1, 'must not be empty').transform((value) => resolve(baseDir, value));
  const secret = z.string().min(1, 'must not be empty').transform((value) => new Secret(value));
  const name = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-" (it keys stored positions and buffers: keep it stable)');

  const retry = section({
    initial_interval_ms: integer(1).default(5_000),
    max_interval_ms: integer(1).default(30_000),
    multiplier: number(1).default(1.5),
    randomization_factor: number(0, 1).default(0.5),
    max_elapsed_ms: integer(0).default(0),
  });

  const sinkCommon = {
    name,
    streams: z.array(z.enum(STREAMS)).min(1).default([...STREAMS]),
    batch_max_documents: integer(1).default(1_000),
    batch_max_bytes: integer(1).default(10 * 1024 * 1024),
    timeout_ms: integer(1).default(30_000),
    retry: retry.default(retry.parse({})),
  };

  const fileSink = section({
    type: z.literal('file'),
    ...sinkCommon,
    path,
    rotate_max_bytes: integer(0).default(100 * 1024 * 1024),
    rotate_gzip: boolean().default(true),
    fsync: boolean().default(true),
  });
  const stdoutSink = section({ type: z.literal('stdout'), ...sinkCommon });

  const fileSource = section({
    type: z.literal('file'),
    name,
    stream: z.enum(STREAMS),
    path,
    batch_max_records: integer(1).default(1_000),
  });

  const storage = section({
    path,
    durability: z.enum(['normal', 'full']).default('normal'),
    buffer_max_bytes: integer(1).default(1024 * 1024 * 1024),
  });

  const normalize = section({
    preserve_original_event: boolean().default(false),
    preserve_duplicate_custom_fields: boolean().default(false),
    // per_alert: one document per (incident, alert) pair, as Elastic; per_incident: one per incident.
    incident_output: z.enum(['per_alert', 'per_incident']).default('per_alert'),
    geoip_dir: path.optional(),
  });

  const log = section({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    path: path.optional(),
  });

  // The Entra app registration the Microsoft sources (Graph, MDE, Event Hubs) authenticate with.
  const microsoft = section({
    tenant_id: z.string().min(1),
    client_id: z.string().min(1),
    client_secret: secret,
  });

  return section({
    storage,
    normalize: normalize.default(normalize.parse({})),
    log: log.default(log.parse({})),
    microsoft: microsoft.optional(),
    shutdown_timeout_ms: integer(1).default(30_000),
    sources: z.array(z.discriminatedUnion('type', [fileSource])).min(1),
    sinks: z.array(z.discriminatedUnion('type', [fileSink, stdoutSink])).min(1),
  }).superRefine(checkReferences);
}

export type Config = z.output<ReturnType<typeof configSchema>>;
export type SourceConfig = Config['sources'][number];
export type SinkConfig = Config['sinks'][number];
export type RetryConfig = SinkConfig['retry'];

/** Rules across keys: unique names, every source read by some sink, no file read and written. */
function checkReferences(config: { sources: Array<{ name: string; stream: string; path?: string }>; sinks: Array<{ name: string; streams: string[]; path?: string }> }, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const firstIndex = new Map<string, number>();
  for (const [kind, items] of [['sources', config.sources], ['sinks', config.sinks]] as const) {
    firstIndex.clear();
    items.forEach((item, index) => {
      const first = firstIndex.get(item.name);
      if (first !== undefined) issue([kind, index, 'name'], `"${item.name}" is already the name of ${kind}[${first}]; names must be unique`);
      else firstIndex.set(item.name, index);
    });
  }
  config.sources.forEach((source, index) => {
    if (!config.sinks.some((sink) => sink.streams.includes(source.stream))) {
      issue(['sources', index, 'stream'], `no sink takes stream "${source.stream}": add it to some sink's streams (its records would be read and dropped)`);
    }
  });
  const written = new Map<string, number>();
  config.sinks.forEach((sink, index) => {
    if (sink.path === undefined) return;
    const other = written.get(sink.path);
    if (other !== undefined) issue(['sinks', index, 'path'], `sinks[${other}] already writes ${sink.path}`);
    written.set(sink.path, index);
  });
  config.sources.forEach((source, index) => {
    const sink = source.path === undefined ? undefined : written.get(source.path);
    if (sink !== undefined) issue(['sources', index, 'path'], `sinks[${sink}] writes this file: a source must not read its own output`);
  });
}

/** A strict object whose unknown-key error lists the keys it allows. */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `allowed: ${allowed}` : undefined),
  });
}

/** Numbers may arrive as strings from `${ENV}`; a plain decimal string is read as a number. */
function fromString(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(fromString, z.number().int().min(min).max(max));
}

function number(min: number, max = Number.MAX_VALUE) {
  return z.preprocess(fromString, z.number().min(min).max(max));
}

function boolean() {
  return z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());
}
