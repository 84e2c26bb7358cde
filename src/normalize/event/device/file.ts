import { columnId, DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { fieldPath, setField } from '../../ecs/field-path.js';
import { fileExtension, pathDirectory } from '../../ecs/path-parts.js';
import type { DeviceRecord } from './record.js';

/** The file a file or image-load row is about. `FolderPath` holds the full path, name included. */
const FILE = promotionList([
  ['FileName', 'file.name', 'set', DUPLICATE],
  ['FolderPath', 'file.path', 'set', DUPLICATE],
  ['FileSize', 'file.size', 'set', DUPLICATE],
  ['MD5', 'file.hash.md5', 'set', DUPLICATE],
  ['SHA1', 'file.hash.sha1', 'set', DUPLICATE],
  ['SHA256', 'file.hash.sha256', 'set', DUPLICATE],
]);

/** Remote file operations name their protocol (Local, SMB, NFS). */
const REQUEST_PROTOCOL = promotionList([['RequestProtocol', 'network.protocol', 'setLower', DUPLICATE]]);

/** Image loads describe the library twice: as `dll.*` and as `file.*`. */
const DLL = promotionList([
  ['FileName', 'dll.name', 'set', DUPLICATE],
  ['FolderPath', 'dll.path', 'set', DUPLICATE],
  ['FileSize', 'dll.Ext.size', 'set', DUPLICATE],
  ['MD5', 'dll.hash.md5', 'set', DUPLICATE],
  ['SHA1', 'dll.hash.sha1', 'set', DUPLICATE],
  ['SHA256', 'dll.hash.sha256', 'set', DUPLICATE],
]);

const FOLDER_PATH = columnId('FolderPath');
const FILE_NAME = columnId('FileName');
const ACTION_TYPE = columnId('ActionType');
const FILE_DIRECTORY = fieldPath('file.directory');
const FILE_EXTENSION = fieldPath('file.extension');

function mapFileFields(record: DeviceRecord): void {
  const { columns, doc } = record;
  columns.promote(FILE);
  const path = columns.text(FOLDER_PATH);
  if (path !== undefined) setField(doc, FILE_DIRECTORY, pathDirectory(path));
  const name = columns.text(FILE_NAME) ?? path;
  if (name !== undefined) setField(doc, FILE_EXTENSION, fileExtension(name));
}

export function mapFileEvent(record: DeviceRecord): void {
  mapFileFields(record);
  record.columns.promote(REQUEST_PROTOCOL);
}

export function mapImageLoad(record: DeviceRecord): void {
  mapFileFields(record);
  record.columns.promote(DLL);
  // Elastic rewrites the vendor ActionType too, not only event.action.
  record.columns.rewriteVendor(ACTION_TYPE, 'load');
}
