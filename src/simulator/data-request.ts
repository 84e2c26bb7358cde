import type { Clock } from '../core/clock.js';
import type { TokenClaims } from './entra/access-token.js';
import type { RequestContext } from './server/router.js';
import type { Reply } from './server/respond.js';
import type { Faults } from './faults.js';
import type { TenantWorld, World } from './world/world.js';

/** What a Graph or MDE endpoint handler gets once the gateway has authenticated the caller. */
export interface DataRequest {
  readonly ctx: RequestContext;
  readonly world: World;
  readonly tenant: TenantWorld;
  readonly claims: TokenClaims;
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly faults: Faults;
}

export type DataHandler = (request: DataRequest) => Reply | Promise<Reply>;
