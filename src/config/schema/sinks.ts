import { z } from 'zod';
import { STREAMS } from '../../core/stream.js';
import { boolean, integer, number, section, type CommonTypes } from './primitives.js';

/** Where documents go: every sink has its own buffer, batching and retry. */
export function sinkSchemas({ name, path }: CommonTypes) {
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

  return z.discriminatedUnion('type', [fileSink, stdoutSink]);
}
