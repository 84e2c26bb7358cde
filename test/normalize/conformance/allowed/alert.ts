import type { AllowedDifference } from './types.js';

/**
 * alert/test-alert.log-expected.json was produced by the 2.7-era alert pipeline; the connector
 * follows the current mapping, which alert/sample_event.json (same alert, ≥5.10 pipeline) shows
 * and which this connector reproduces without any difference. Each entry is a field the mapping
 * gained, or changed, after 2.7.
 */
const OLD_ERA = 'alert/test-alert.log#0';

export const ALERT_ALLOWED: readonly AllowedDifference[] = [
  {
    case: OLD_ERA,
    path: 'event.severity',
    reason: 'Elastic 3.5.0 normalised severities to 21/47/73/99 (medium → 47, as in sample_event.json); the 2.7-era file has the old value 3.',
  },
  {
    case: OLD_ERA,
    path: 'device.id[0]',
    reason: 'device.id from azureAdDeviceId was added in Elastic 3.7.0 (present in sample_event.json); absent from the 2.7-era file.',
  },
  {
    case: OLD_ERA,
    path: 'process.entity_id[0]',
    reason: 'process.entity_id from the pid was added in Elastic 3.6.0 (present in sample_event.json); absent from the 2.7-era file.',
  },
  {
    case: OLD_ERA,
    path: 'process.parent.entity_id[0]',
    reason: 'process.parent.entity_id from the parent pid was added in Elastic 3.6.0 (present in sample_event.json); absent from the 2.7-era file.',
  },
  {
    case: OLD_ERA,
    path: 'process.name[0]',
    reason: 'process.name (image file / command-line executable) was added in Elastic 3.13.0/4.0.1 (present in sample_event.json); absent from the 2.7-era file.',
  },
];
