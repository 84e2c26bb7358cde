import type { AllowedDifference } from './types.js';

/**
 * Device records. `event/test-device.log` is Elastic's pair at commit 07bb9dae (package 2.x, before
 * 2.14.4); the two DeviceProcessEvents lines of `event/test-alert.log` and the CloudProcessEvents
 * line of `event/test-cloud.log` come from the current pipeline (2025-2026). Where the two
 * generations disagree on the same input, the connector follows the current one, and the older
 * document differs exactly here.
 */
const DEVICE_FILE = 'event/test-device.log';
const NEWER_PIPELINE = 'added by a later package version than this fixture\'s (the study, §9 changelog themes)';

const FILE_WIDE: readonly AllowedDifference[] = [
  {
    case: DEVICE_FILE,
    path: 'device.id',
    reason: `device.id = DeviceId was ${NEWER_PIPELINE}: 3.7.0; present in the current test-alert.log DeviceProcessEvents documents`,
  },
  {
    case: DEVICE_FILE,
    path: 'cloud.instance.id',
    reason: `cloud.instance.id = DeviceId was ${NEWER_PIPELINE}: 3.4.0; present in the current test-alert.log DeviceProcessEvents documents`,
  },
  {
    case: DEVICE_FILE,
    path: 'process.entity_id',
    reason: `process.entity_id = the pid as text was ${NEWER_PIPELINE}: 3.6.0; present in the current test-alert.log and test-cloud.log process documents`,
  },
  {
    case: DEVICE_FILE,
    path: 'process.parent.entity_id',
    reason: `process.parent.entity_id = the initiating pid as text was ${NEWER_PIPELINE}: 3.6.0; present in the current test-alert.log and test-cloud.log process documents`,
  },
];

const PROCESS_CREATED: readonly AllowedDifference[] = ['#10', '#28'].map((line) => ({
  case: `${DEVICE_FILE}${line}`,
  path: 'event.action',
  reason: 'ProcessCreated: this older fixture has event.action "processcreated"; the current pipeline (test-alert.log #4/#5, test-cloud.log #1, same table and ActionType) writes "start"',
}));

const POSIX_SENSOR: readonly AllowedDifference[] = [
  {
    case: `${DEVICE_FILE}#22`,
    path: 'host.os.type',
    reason: 'a macOS row with Posix AdditionalFields: the current pipeline sets host.os.type "unix" for such rows (test-alert.log #4/#5); this older fixture predates it',
  },
  {
    case: `${DEVICE_FILE}#22`,
    path: 'process.pe.sections.physical_size',
    reason: 'the current pipeline writes no PE fields for Posix-sensor rows (test-alert.log #4/#5 have FileSize/InitiatingProcessFileSize but no pe.sections.physical_size); this older fixture still copied the size of a Mach-O binary there',
  },
];

const MAC: AllowedDifference = {
  case: `${DEVICE_FILE}#9`,
  path: 'host.mac',
  reason: 'host.mac is written the ECS way (00-0D-3A-9E-C7-81) as Elastic does since 2.14.4 (the study, §9); this fixture predates that and shows the raw 000D3A9EC781 (still kept in m365_defender.event.mac_address)',
};

/** The DNS mapping (2.14.5) postdates the fixture, which has the same values in additional_fields only. */
const DNS_FIELDS = [
  'dns.id',
  'dns.question.name',
  'dns.question.type',
  'dns.question.class',
  'dns.response_code',
  'dns.header_flags[0]',
  'dns.header_flags[1]',
  'dns.header_flags[2]',
  'dns.answers[0].data',
  'dns.answers[0].ttl',
  'dns.resolved_ip[0]',
];

const DNS: readonly AllowedDifference[] = DNS_FIELDS.map((path) => ({
  case: `${DEVICE_FILE}#14`,
  path,
  reason: `DnsConnectionInspected: ECS dns.* from AdditionalFields was ${NEWER_PIPELINE}: 2.14.5 "DNS answers mapping"; this fixture keeps the values only in m365_defender.event.additional_fields, which the connector also keeps unchanged`,
}));

export const EVENT_DEVICE_ALLOWED: readonly AllowedDifference[] = [...FILE_WIDE, ...PROCESS_CREATED, ...POSIX_SENSOR, MAC, ...DNS];
