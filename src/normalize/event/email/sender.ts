import { setPath, type JsonObject } from '../../ecs/object.js';
import { splitUserName } from '../../ecs/user-name.js';

/**
 * The Teams tables (5.10) describe their sender as the ECS user: `user.email` is the address,
 * `user.name` and `user.domain` its two halves (`testuser@example.com` → `testuser`, `example.com`).
 */
export function mapSenderUser(doc: JsonObject, address: string | undefined): void {
  if (address === undefined) return;
  const parts = splitUserName(address);
  if (parts?.email === undefined) return;
  setPath(doc, 'user.email', parts.email);
  setPath(doc, 'user.name', parts.name);
  setPath(doc, 'user.domain', parts.domain);
}
