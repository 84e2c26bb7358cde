import type { AllowedDifference } from './types.js';

export const EVENT_OTHER_ALLOWED: readonly AllowedDifference[] = [];
