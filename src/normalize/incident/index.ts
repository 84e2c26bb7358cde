import type { NormalizedDocument, NormalizeOptions, RawInput } from '../types.js';

/** Placeholder until the incident mapping lands. */
export function normalizeIncident(_input: RawInput, _options: NormalizeOptions): NormalizedDocument[] {
  throw new Error('the incident mapping is not implemented yet');
}
