import type { EventRecordContext } from '../context.js';

/** Placeholder until the email family mapping lands: the envelope fields alone. */
export function normalizeEmailTable(_context: EventRecordContext): void {}
