import { appendUnique, setPath, type JsonObject } from '../ecs/object.js';
import { splitUserName } from '../ecs/user-name.js';

/** The owner (`assignedTo`) of an alert or incident → source.user.* and related.user. */
export function mapOwner(assignedTo: string | undefined, doc: JsonObject): void {
  const parts = assignedTo === undefined ? undefined : splitUserName(assignedTo);
  if (!parts) return;
  setPath(doc, 'source.user.name', parts.name);
  setPath(doc, 'source.user.domain', parts.domain);
  setPath(doc, 'source.user.email', parts.email);
  appendUnique(doc, 'related.user', parts.name, parts.email);
}
