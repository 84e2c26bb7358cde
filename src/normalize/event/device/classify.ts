import { eventAction } from '../../ecs/event-action.js';
import { columnId } from '../../ecs/column-map.js';
import { fieldPath, setField } from '../../ecs/field-path.js';
import type { DeviceRecord } from './record.js';

/**
 * `event.category`, `event.type`, `event.action` and `event.outcome` per table and ActionType,
 * as Elastic's device pipeline sets them. `event.action` is the ActionType lower-cased (white
 * space becomes `-`) unless a table renames it (FileCreated → creation, RegistryValueSet → modification,
 * ProcessCreated → start, ImageLoaded → load).
 */
interface Classification {
  readonly category?: string;
  readonly type?: string;
  readonly action?: string;
  readonly outcome?: string;
}

type Classifier = (actionType: string | undefined) => Classification;

const FILE_EVENTS: ReadonlyMap<string, Classification> = new Map([
  ['FileCreated', { type: 'creation', action: 'creation' }],
  ['FileDeleted', { type: 'deletion', action: 'deletion' }],
  ['FileModified', { type: 'change', action: 'modification' }],
  ['FileRenamed', { type: 'change', action: 'rename' }],
]);

const REGISTRY_EVENTS: ReadonlyMap<string, Classification> = new Map([
  ['RegistryKeyCreated', { type: 'creation', action: 'creation' }],
  ['RegistryKeyDeleted', { type: 'deletion', action: 'deletion' }],
  ['RegistryValueDeleted', { type: 'deletion', action: 'deletion' }],
  ['RegistryKeyRenamed', { type: 'change', action: 'rename' }],
  ['RegistryValueSet', { type: 'change', action: 'modification' }],
]);

/** Network rows: Elastic's types, including `end` for ConnectionSuccess, as its documents show. */
const NETWORK_TYPES: ReadonlyMap<string, string> = new Map([
  ['ConnectionFailed', 'denied'],
  ['ConnectionSuccess', 'end'],
  ['ConnectionRequest', 'start'],
  ['ListeningConnectionCreated', 'start'],
  ['InboundConnectionAccepted', 'allowed'],
  ['ConnectionFound', 'info'],
  ['NetworkSignatureInspected', 'info'],
]);

const LOGON_OUTCOMES: ReadonlyMap<string, string> = new Map([
  ['LogonSuccess', 'success'],
  ['LogonFailed', 'failure'],
]);

/** DeviceEvents: API-call telemetry is `api`, driver loads `driver`; the rest is host activity. */
function deviceEvent(actionType: string | undefined): Classification {
  if (actionType === undefined) return { category: 'host', type: 'info' };
  if (actionType === 'DriverLoad') return { category: 'driver', type: 'start' };
  if (actionType.endsWith('ApiCall')) {
    const type = actionType.startsWith('Open') ? 'access' : actionType.startsWith('Write') ? 'change' : 'info';
    return { category: 'api', type };
  }
  return { category: 'host', type: 'info' };
}

const CLASSIFIERS: ReadonlyMap<string, Classifier> = new Map<string, Classifier>(Object.entries({
  DeviceEvents: deviceEvent,
  DeviceFileCertificateInfo: () => ({ category: 'file', type: 'info' }),
  DeviceFileEvents: (actionType) => ({ category: 'file', type: 'info', ...(actionType === undefined ? {} : FILE_EVENTS.get(actionType)) }),
  DeviceImageLoadEvents: () => ({ category: 'library', type: 'start', action: 'load' }),
  DeviceInfo: () => ({ category: 'host', type: 'info' }),
  DeviceLogonEvents: (actionType) => ({ category: 'authentication', type: 'info', outcome: actionType === undefined ? undefined : LOGON_OUTCOMES.get(actionType) }),
  DeviceNetworkEvents: (actionType) => ({ category: 'network', type: actionType === undefined ? undefined : NETWORK_TYPES.get(actionType) }),
  DeviceNetworkInfo: () => ({ category: 'network' }),
  DeviceProcessEvents: (actionType) => (actionType === 'ProcessCreated' ? { category: 'process', type: 'start', action: 'start' } : { category: 'process', type: 'info' }),
  DeviceRegistryEvents: (actionType) => ({ category: 'registry', ...(actionType === undefined ? {} : REGISTRY_EVENTS.get(actionType)) }),
  CloudProcessEvents: (actionType) => (actionType === 'ProcessCreated' ? { category: 'process', type: 'start', action: 'start' } : { category: 'process', type: 'info' }),
} satisfies Record<string, Classifier>));

const ACTION_TYPE = columnId('ActionType');
const CATEGORY = fieldPath('event.category');
const TYPE = fieldPath('event.type');
const OUTCOME = fieldPath('event.outcome');
const ACTION = fieldPath('event.action');

export function classify(record: DeviceRecord): void {
  const { doc, columns, context } = record;
  const actionType = columns.text(ACTION_TYPE);
  const classification = CLASSIFIERS.get(context.table)?.(actionType) ?? {};
  if (classification.category) setField(doc, CATEGORY, [classification.category]);
  if (classification.type) setField(doc, TYPE, [classification.type]);
  if (classification.outcome) setField(doc, OUTCOME, classification.outcome);
  setField(doc, ACTION, classification.action ?? eventAction(actionType));
}
