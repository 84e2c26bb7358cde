import type { EventRecordContext } from '../context.js';

/** Placeholder until the alert family mapping lands: the envelope fields alone. */
export function normalizeAlertTable(_context: EventRecordContext): void {}
