import { audiencePath } from './addresses.js';
import type { Reply, Request } from './request-response.js';

const TOKEN_TYPES = new Set(['servicebus.windows.net:sastoken', 'jwt']);

/** Checks an Entra ID access token (a JWT put on `$cbs`): signature, lifetime and audience. */
export type JwtVerifier = (token: string) => Promise<boolean>;

/**
 * A `$cbs` request. The emulator accepts any SAS token for any audience, as Microsoft's emulator
 * does with its fixed key, but still requires one: `grant` records the audience so links
 * attached without a token are refused like the service refuses them. A JWT is checked with
 * `verifyJwt` when there is one (the simulator's Entra keys) and refused with 401 if invalid,
 * as the service refuses a token that is not its Entra tenant's or not for Event Hubs.
 */
export function handleCbs(request: Request, grant: (path: string) => void, verifyJwt?: JwtVerifier): Reply | Promise<Reply> {
  const { operation, name, type } = request.properties;
  if (operation !== 'put-token') return { status: 400, description: `The operation '${String(operation)}' is not supported on $cbs.`, condition: 'amqp:not-implemented' };
  if (typeof type !== 'string' || !TOKEN_TYPES.has(type)) return { status: 400, description: `The token type '${String(type)}' is not supported.` };
  const path = typeof name === 'string' ? audiencePath(name) : undefined;
  if (path === undefined) return { status: 400, description: `The audience '${String(name).slice(0, 200)}' is not a valid URI.` };
  const token = request.body;
  if (typeof token !== 'string' || token.length === 0) return { status: 401, description: 'The put-token request carries no token.' };
  const granted = (): Reply => {
    grant(path);
    return { status: 200, description: 'OK' };
  };
  if (type !== 'jwt' || verifyJwt === undefined) return granted();
  return verifyJwt(token).then(
    (valid) => (valid ? granted() : { status: 401, description: 'InvalidIssuer: Token issuer is invalid, or the token is expired or not for https://eventhubs.azure.net.', condition: 'amqp:unauthorized-access' }),
    () => ({ status: 401, description: 'The token could not be checked.', condition: 'amqp:unauthorized-access' }),
  );
}
