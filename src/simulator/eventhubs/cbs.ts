import { audiencePath } from './addresses.js';
import type { Reply, Request } from './request-response.js';

const TOKEN_TYPES = new Set(['servicebus.windows.net:sastoken', 'jwt']);

/**
 * A `$cbs` request. The emulator accepts any SAS token or JWT for any audience, as Microsoft's
 * emulator does with its fixed key, but still requires one: `grant` records the audience so links
 * attached without a token are refused like the service refuses them.
 */
export function handleCbs(request: Request, grant: (path: string) => void): Reply {
  const { operation, name, type } = request.properties;
  if (operation !== 'put-token') return { status: 400, description: `The operation '${String(operation)}' is not supported on $cbs.`, condition: 'amqp:not-implemented' };
  if (typeof type !== 'string' || !TOKEN_TYPES.has(type)) return { status: 400, description: `The token type '${String(type)}' is not supported.` };
  const path = typeof name === 'string' ? audiencePath(name) : undefined;
  if (path === undefined) return { status: 400, description: `The audience '${String(name).slice(0, 200)}' is not a valid URI.` };
  if (typeof request.body !== 'string' || request.body.length === 0) return { status: 401, description: 'The put-token request carries no token.' };
  grant(path);
  return { status: 200, description: 'OK' };
}
