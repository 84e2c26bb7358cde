import type { EventRecordContext } from '../context.js';

/** Placeholder until the device family mapping lands: the envelope fields alone. */
export function normalizeDeviceTable(_context: EventRecordContext): void {}
