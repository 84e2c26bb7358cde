import { splitArgs } from '../../ecs/command-args.js';
import { executableName } from '../../ecs/command-line.js';
import { columnId, DUPLICATE, promotionList, type ColumnId, type Promotion, type PromotionRow } from '../../ecs/column-map.js';
import { appendField, fieldPath, setField, type FieldPath } from '../../ecs/field-path.js';
import type { DeviceRecord } from './record.js';

/**
 * The three processes a Device* row can describe, and where Elastic puts them. A row that
 * records a process creation (DeviceProcessEvents, DeviceEvents) has the new process in
 * `process.*`, its initiator in `process.parent.*` and the initiator's parent in
 * `process.parent.group_leader.*`; every other row (file, network, registry, logon, image load)
 * is about the initiator, which is then `process.*` with its parent in `process.parent.*`.
 */
export interface ProcessColumns {
  readonly name: string;
  readonly pid: string;
  readonly start?: string;
  readonly executable?: string;
  readonly commandLine?: string;
  readonly md5?: string;
  readonly sha1?: string;
  readonly sha256?: string;
  /** VersionInfo columns and the file size: PE metadata, meaningless for ELF/Mach-O images. */
  readonly pe?: readonly (readonly [column: string, field: string])[];
}

const CREATED: ProcessColumns = {
  name: 'FileName',
  pid: 'ProcessId',
  start: 'ProcessCreationTime',
  executable: 'FolderPath',
  commandLine: 'ProcessCommandLine',
  md5: 'MD5',
  sha1: 'SHA1',
  sha256: 'SHA256',
  pe: [
    ['ProcessVersionInfoCompanyName', 'company'],
    ['ProcessVersionInfoFileDescription', 'description'],
    ['ProcessVersionInfoProductVersion', 'file_version'],
    ['ProcessVersionInfoOriginalFileName', 'original_file_name'],
    ['ProcessVersionInfoProductName', 'product'],
    // Elastic's mapping, not ours to fix: the file size lands in the PE section size.
    ['FileSize', 'sections.physical_size'],
  ],
};

const INITIATING: ProcessColumns = {
  name: 'InitiatingProcessFileName',
  pid: 'InitiatingProcessId',
  start: 'InitiatingProcessCreationTime',
  executable: 'InitiatingProcessFolderPath',
  commandLine: 'InitiatingProcessCommandLine',
  md5: 'InitiatingProcessMD5',
  sha1: 'InitiatingProcessSHA1',
  sha256: 'InitiatingProcessSHA256',
  pe: [
    ['InitiatingProcessVersionInfoCompanyName', 'company'],
    ['InitiatingProcessVersionInfoFileDescription', 'description'],
    ['InitiatingProcessVersionInfoProductVersion', 'file_version'],
    ['InitiatingProcessVersionInfoOriginalFileName', 'original_file_name'],
    ['InitiatingProcessVersionInfoProductName', 'product'],
    ['InitiatingProcessFileSize', 'sections.physical_size'],
  ],
};

const INITIATING_PARENT: ProcessColumns = {
  name: 'InitiatingProcessParentFileName',
  pid: 'InitiatingProcessParentId',
  start: 'InitiatingProcessParentCreationTime',
};

export interface ProcessTarget {
  readonly commandLine: ColumnId | undefined;
  readonly argsPath: FieldPath;
  readonly argsCountPath: FieldPath;
  readonly base: readonly Promotion[];
  readonly pe: readonly Promotion[];
}

export function processTarget(prefix: string, columns: ProcessColumns): ProcessTarget {
  const rows: PromotionRow[] = [
    [columns.name, `${prefix}.name`, 'set', DUPLICATE],
    [columns.pid, `${prefix}.pid`, 'set', DUPLICATE],
  ];
  if (columns.start) rows.push([columns.start, `${prefix}.start`, 'set', DUPLICATE]);
  if (columns.executable) rows.push([columns.executable, `${prefix}.executable`, 'set', DUPLICATE]);
  if (columns.commandLine) rows.push([columns.commandLine, `${prefix}.command_line`, 'set', DUPLICATE]);
  for (const [column, hash] of [[columns.md5, 'md5'], [columns.sha1, 'sha1'], [columns.sha256, 'sha256']] as const) {
    if (column) rows.push([column, `${prefix}.hash.${hash}`, 'set', DUPLICATE]);
  }
  const pe = (columns.pe ?? []).map(([column, field]): PromotionRow => [column, `${prefix}.pe.${field}`, 'set', DUPLICATE]);
  return { commandLine: columns.commandLine === undefined ? undefined : columnId(columns.commandLine), argsPath: fieldPath(`${prefix}.args`), argsCountPath: fieldPath(`${prefix}.args_count`), base: promotionList(rows), pe: promotionList(pe) };
}

/** Process creation rows: the created process, its initiator, the initiator's parent. */
const CREATION_LAYOUT = [processTarget('process', CREATED), processTarget('process.parent', INITIATING), processTarget('process.parent.group_leader', INITIATING_PARENT)];
/** Every other row: the initiator and its parent. */
const INITIATOR_LAYOUT = [processTarget('process', INITIATING), processTarget('process.parent', INITIATING_PARENT)];

export function mapProcessTargets(record: DeviceRecord, targets: readonly ProcessTarget[]): void {
  const { columns, doc } = record;
  for (const target of targets) {
    columns.promote(target.base);
    if (!record.unix) columns.promote(target.pe);
    const commandLine = target.commandLine === undefined ? undefined : columns.text(target.commandLine);
    if (commandLine !== undefined) {
      const args = splitArgs(commandLine);
      setField(doc, target.argsPath, args);
      setField(doc, target.argsCountPath, args.length);
    }
  }
}

const PROCESS_COMMAND_LINE = columnId('ProcessCommandLine');
const PROCESS_ID = columnId('ProcessId');
const INITIATING_PROCESS_ID = columnId('InitiatingProcessId');
const SIGNATURE_STATUS = columnId('InitiatingProcessSignatureStatus');
const PROCESS_NAME = fieldPath('process.name');
export const PROCESS_ENTITY_ID = fieldPath('process.entity_id');
export const PARENT_ENTITY_ID = fieldPath('process.parent.entity_id');

export function mapCreatedProcess(record: DeviceRecord): void {
  mapProcessTargets(record, CREATION_LAYOUT);
  const { columns, doc } = record;
  // Elastic 3.13/4.0.1: the executable named by the command line is added to process.name.
  const commandLine = columns.text(PROCESS_COMMAND_LINE);
  const name = commandLine === undefined ? undefined : executableName(commandLine);
  if (name !== undefined) appendField(doc, PROCESS_NAME, name);
  // Elastic 3.6: with no better identity in the data, the pid is the entity id.
  setEntityId(record, PROCESS_ENTITY_ID, PROCESS_ID);
  setEntityId(record, PARENT_ENTITY_ID, INITIATING_PROCESS_ID);
  mapInitiatorSignature(record, PARENT_SIGNATURE);
}

export function mapInitiatingProcess(record: DeviceRecord): void {
  mapProcessTargets(record, INITIATOR_LAYOUT);
  mapInitiatorSignature(record, PROCESS_SIGNATURE);
}

export function setEntityId(record: DeviceRecord, path: FieldPath, column: ColumnId): void {
  const pid = record.columns.get(column);
  if (typeof pid === 'number') setField(record.doc, path, String(pid));
}

interface SignaturePaths {
  readonly status: FieldPath;
  readonly exists: FieldPath;
  readonly trusted: FieldPath;
}

function signaturePaths(prefix: string): SignaturePaths {
  return { status: fieldPath(`${prefix}.code_signature.status`), exists: fieldPath(`${prefix}.code_signature.exists`), trusted: fieldPath(`${prefix}.code_signature.trusted`) };
}

const PROCESS_SIGNATURE = signaturePaths('process');
const PARENT_SIGNATURE = signaturePaths('process.parent');

/**
 * The initiator's signature: "Valid" is a trusted signature; any other status (Unknown,
 * Unsigned, Invalid…) is reported as Microsoft words it, without claiming anything more.
 */
function mapInitiatorSignature(record: DeviceRecord, paths: SignaturePaths): void {
  const status = record.columns.text(SIGNATURE_STATUS);
  if (status === undefined) return;
  if (status === 'Valid') {
    setField(record.doc, paths.status, 'trusted');
    setField(record.doc, paths.exists, true);
    setField(record.doc, paths.trusted, true);
  } else {
    setField(record.doc, paths.status, status);
    record.columns.markDuplicate(SIGNATURE_STATUS);
  }
}

const INTEGRITY = promotionList([['InitiatingProcessIntegrityLevel', 'process.Ext.token.integrity_level_name', 'set', DUPLICATE]]);

/**
 * Elastic fills the endpoint-style integrity level from the initiator's column on process and
 * image-load rows, even where `process.*` is the created process.
 */
export function mapIntegrityLevel(record: DeviceRecord): void {
  record.columns.promote(INTEGRITY);
}
