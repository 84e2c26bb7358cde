import { executableName } from '../ecs/command-line.js';
import { addDistinct } from '../ecs/collect.js';
import { parseTimestamp } from '../ecs/date.js';
import { appendUnique, type JsonObject } from '../ecs/object.js';
import { keyword, long, own } from '../ecs/scalar.js';
import { appendHashes } from './file.js';
import { mapAccount } from './identity.js';
import type { EvidenceTarget } from './target.js';

/** A process evidence → process.* (with its parent) and related.*. */
export function mapProcess(item: JsonObject, { doc, flavor }: EvidenceTarget): void {
  const pid = long(own(item, 'processId'));
  appendUnique(doc, 'process.pid', pid);
  // Elastic (3.6.0) uses the pid as entity id: Graph gives no better process identity.
  appendUnique(doc, 'process.entity_id', pid === undefined ? undefined : String(pid));
  appendUnique(doc, 'process.start', parseTimestamp(own(item, 'processCreationDateTime')));

  const parentPid = long(own(item, 'parentProcessId'));
  appendUnique(doc, 'process.parent.pid', parentPid);
  appendUnique(doc, 'process.parent.entity_id', parentPid === undefined ? undefined : String(parentPid));
  appendUnique(doc, 'process.parent.start', parseTimestamp(own(item, 'parentProcessCreationDateTime')));

  const image = own(item, 'imageFile');
  appendHashes(image, doc, 'process.hash');
  appendHashes(own(item, 'parentProcessImageFile'), doc, 'process.parent.hash');

  const commandLine = keyword(own(item, 'processCommandLine'));
  appendUnique(doc, 'process.command_line', commandLine);
  const fromCommandLine = commandLine === undefined ? undefined : executableName(commandLine);
  if (flavor.processName === 'list') {
    appendUnique(doc, 'process.name', keyword(own(image, 'fileName')), fromCommandLine);
  } else {
    addDistinct(doc, 'process.name', fromCommandLine);
  }

  mapAccount(own(item, 'userAccount'), doc, 'process.user');
}
