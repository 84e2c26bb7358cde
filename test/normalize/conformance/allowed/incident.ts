import type { AllowedDifference } from './types.js';

export const INCIDENT_ALLOWED: readonly AllowedDifference[] = [];
