import { ALERT_ALLOWED } from './alert.js';
import { EVENT_DEVICE_ALLOWED } from './event-device.js';
import { EVENT_OTHER_ALLOWED } from './event-other.js';
import { INCIDENT_ALLOWED } from './incident.js';
import type { AllowedDifference } from './types.js';
import { VULNERABILITY_ALLOWED } from './vulnerability.js';

export type { AllowedDifference } from './types.js';

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  ...ALERT_ALLOWED,
  ...INCIDENT_ALLOWED,
  ...EVENT_DEVICE_ALLOWED,
  ...EVENT_OTHER_ALLOWED,
  ...VULNERABILITY_ALLOWED,
];
