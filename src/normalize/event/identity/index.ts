import type { EventRecordContext } from '../context.js';

/** Placeholder until the identity family mapping lands: the envelope fields alone. */
export function normalizeIdentityTable(_context: EventRecordContext): void {}
