import pino from 'pino';
import type { openBuffer } from '../../src/buffer/open-buffer.js';
import type { Source } from '../../src/core/source.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../src/normalize/types.js';
import type { SourceRunnerContext } from '../../src/pipeline/source-runner.js';
import { Metrics } from '../../src/telemetry/metrics.js';

/** Retries at once: tests of the runner wait for outcomes, not for backoff. */
export const FAST_BACKOFF = { initialIntervalMs: 1, maxIntervalMs: 5, multiplier: 2, randomizationFactor: 0, maxElapsedMs: 0 };

/** A runner context for `source` writing to one sink named `out`, silent, default normalization. */
export function runnerContext(storage: ReturnType<typeof openBuffer>, source: Source, overrides: Partial<SourceRunnerContext> = {}): SourceRunnerContext {
  return {
    source,
    component: { kind: 'source', id: source.name, type: 'test' },
    sinksFor: () => ['out'],
    buffer: storage.buffer,
    state: storage.state,
    normalize: DEFAULT_NORMALIZE_OPTIONS,
    backoff: FAST_BACKOFF,
    metrics: new Metrics(),
    log: pino({ level: 'silent' }),
    ...overrides,
  };
}
