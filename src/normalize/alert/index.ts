import type { NormalizedDocument, NormalizeOptions, RawInput } from '../types.js';

/** Placeholder until the alert mapping lands. */
export function normalizeAlert(_input: RawInput, _options: NormalizeOptions): NormalizedDocument[] {
  throw new Error('the alert mapping is not implemented yet');
}
