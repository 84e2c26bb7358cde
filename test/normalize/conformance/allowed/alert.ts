import type { AllowedDifference } from './types.js';

export const ALERT_ALLOWED: readonly AllowedDifference[] = [];
