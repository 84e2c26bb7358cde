import { z } from 'zod';
import { checkEventHubReaders } from './schema/eventhub-readers.js';
import { leadershipSchema } from './schema/leadership.js';
import { pollingSourceSchemas } from './schema/polling-sources.js';
import { boolean, commonTypes, integer, section } from './schema/primitives.js';
import { checkReferences } from './schema/references.js';
import { sinkSchemas } from './schema/sinks.js';
import { streamingSourceSchemas } from './schema/streaming-sources.js';
import { tenantSchema } from './schema/tenants.js';

export { sourceStream } from './schema/streams.js';

/**
 * The configuration file's shape: snake_case keys, units in names (`_ms`, `_bytes`), strict
 * objects (a typo is an error that lists the allowed keys), defaults that suit a 24/7 SOC.
 * Relative paths are resolved against the configuration file's folder. One file per section
 * under schema/; the rules across sections are in schema/references.ts.
 */
export function configSchema(baseDir: string) {
  const types = commonTypes(baseDir);
  const { path } = types;

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
    // Threads that normalize beside the one that receives and buffers (Event Hubs sources; the
    // API sources are bound by their APIs). 0: normalize on the main thread. Default: one per
    // core beyond the first, at most 4.
    worker_threads: integer(0, 32).optional(),
  });

  const log = section({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    path: path.optional(),
  });

  return section({
    storage,
    normalize: normalize.default(normalize.parse({})),
    log: log.default(log.parse({})),
    tenants: z.array(tenantSchema(types)).default([]),
    shutdown_timeout_ms: integer(1).default(30_000),
    sources: z.array(z.discriminatedUnion('type', [...pollingSourceSchemas(types), ...streamingSourceSchemas(types)])).min(1),
    sinks: z.array(sinkSchemas(types)).min(1),
    leadership: leadershipSchema(types).optional(),
  }).superRefine((config, ctx) => {
    checkReferences(config, ctx);
    checkEventHubReaders(config.sources, ctx);
  });
}

export type Config = z.output<ReturnType<typeof configSchema>>;
export type SourceConfig = Config['sources'][number];
export type SinkConfig = Config['sinks'][number];
export type RetryConfig = SinkConfig['retry'];
