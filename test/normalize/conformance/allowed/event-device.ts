import type { AllowedDifference } from './types.js';

export const EVENT_DEVICE_ALLOWED: readonly AllowedDifference[] = [];
