import { columnId, DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { setPath } from '../../ecs/object.js';
import { mapProcessTargets, PARENT_ENTITY_ID, PROCESS_ENTITY_ID, processTarget, setEntityId } from './process.js';
import type { DeviceRecord } from './record.js';

/**
 * CloudProcessEvents (Defender for Cloud, 5.11): a process started in a container. There is no
 * device; the workload is described by `container.*`, `orchestrator.*` and the cloud provider
 * whose resource id is present.
 */
const PROCESS = [
  processTarget('process', {
    name: 'ProcessName',
    pid: 'ProcessId',
    start: 'ProcessCreationTime',
    executable: 'FolderPath',
    commandLine: 'ProcessCommandLine',
  }),
  processTarget('process.parent', { name: 'ParentProcessName', pid: 'ParentProcessId' }),
];

const WORKLOAD = promotionList([
  ['ProcessCurrentWorkingDirectory', 'process.working_directory', 'set', DUPLICATE],
  ['ContainerId', 'container.id', 'set', DUPLICATE],
  ['ContainerName', 'container.name', 'set', DUPLICATE],
  ['ContainerImageName', 'container.image.name', 'set', DUPLICATE],
  ['KubernetesNamespace', 'orchestrator.namespace', 'set', DUPLICATE],
  ['KubernetesResource', 'orchestrator.resource.name', 'set', DUPLICATE],
]);

/** The first provider whose resource column is filled, in Elastic's order. */
const PROVIDERS = [
  [columnId('AzureResourceId'), 'azure'],
  [columnId('AwsResourceName'), 'aws'],
  [columnId('GcpFullResourceName'), 'gcp'],
] as const;

const KUBERNETES_COLUMNS = ['KubernetesNamespace', 'KubernetesPodName', 'KubernetesResource'].map(columnId);
const PROCESS_ID = columnId('ProcessId');
const PARENT_PROCESS_ID = columnId('ParentProcessId');

export function mapCloudProcess(record: DeviceRecord): void {
  const { columns, doc } = record;
  mapProcessTargets(record, PROCESS);
  setEntityId(record, PROCESS_ENTITY_ID, PROCESS_ID);
  setEntityId(record, PARENT_ENTITY_ID, PARENT_PROCESS_ID);
  columns.promote(WORKLOAD);
  if (KUBERNETES_COLUMNS.some((column) => columns.has(column))) setPath(doc, 'orchestrator.type', 'kubernetes');
  const provider = PROVIDERS.find(([column]) => columns.has(column));
  if (provider) setPath(doc, 'cloud.provider', provider[1]);
}
