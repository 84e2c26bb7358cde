import type { Rng } from './generate/rng.js';

/**
 * Injected faults, as written on the command line: `throttle=0.1,error5xx=0.05,expand500=3`.
 * They apply to Graph and Defender for Endpoint data requests (and `latency`/`error5xx` to export
 * downloads); the token endpoint only feels `token_expiry`.
 */
export interface Faults {
  /** Probability that a data request gets 429 with a Retry-After of 1–5 clock seconds. */
  readonly throttle?: number;
  /** Probability of a 500/502/503/504 (503 with Retry-After). */
  readonly error5xx?: number;
  /** Incidents pages with $expand=alerts that hold an incident with more than K alerts fail with 500, every time. */
  readonly expand500?: number;
  /** Tokens are issued with this expires_in (seconds) and refused once it has passed. */
  readonly token_expiry?: number;
  /** The first N data requests of each tenant get 403. */
  readonly forbidden?: number;
  /** The first N data requests of each tenant get 401. */
  readonly unauthorized?: number;
  /** Clock milliseconds added before every data response. */
  readonly latency?: number;
  /** Probability that a 200 JSON response is cut in the middle of its body. */
  readonly truncate?: number;
  /** Export download links are valid this many seconds (instead of sasValidHours). */
  readonly link_expiry?: number;
}

type FaultName = keyof Faults;

const KINDS: Readonly<Record<FaultName, 'probability' | 'count' | 'seconds' | 'milliseconds'>> = {
  throttle: 'probability',
  error5xx: 'probability',
  expand500: 'count',
  token_expiry: 'seconds',
  forbidden: 'count',
  unauthorized: 'count',
  latency: 'milliseconds',
  truncate: 'probability',
  link_expiry: 'seconds',
};

export const FAULT_NAMES = Object.keys(KINDS) as FaultName[];

export class FaultSpecError extends Error {}

/** Parses `name=value,name=value`; an unknown name or a bad value is a FaultSpecError naming what is accepted. */
export function parseFaults(spec: string): Faults {
  const faults: Record<string, number> = {};
  for (const part of spec.split(',').map((item) => item.trim()).filter((item) => item.length > 0)) {
    const [name, value, extra] = part.split('=').map((item) => item.trim());
    if (!name || value === undefined || extra !== undefined) throw new FaultSpecError(`fault '${part}' is not name=value (known faults: ${describeFaults()})`);
    if (!(name in KINDS)) throw new FaultSpecError(`unknown fault '${name}' (known faults: ${describeFaults()})`);
    const kind = KINDS[name as FaultName];
    const number = Number(value);
    const valid =
      value !== '' && Number.isFinite(number) && (kind === 'probability' ? number >= 0 && number <= 1 : number >= 0 && (kind === 'seconds' || kind === 'milliseconds' || Number.isInteger(number)));
    if (!valid) throw new FaultSpecError(`fault ${name}=${value}: expected ${EXPECTED[kind]}`);
    if (kind === 'seconds' && number === 0) throw new FaultSpecError(`fault ${name}=${value}: expected ${EXPECTED[kind]}`);
    faults[name] = number;
  }
  return faults as Faults;
}

const EXPECTED = {
  probability: 'a probability between 0 and 1',
  count: 'a whole number ≥ 0',
  seconds: 'a number of seconds > 0',
  milliseconds: 'a number of milliseconds ≥ 0',
} as const;

export function describeFaults(): string {
  return FAULT_NAMES.map((name) => `${name}=<${KINDS[name]}>`).join(', ');
}

export type InjectedFault =
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'throttle'; readonly retryAfterSeconds: number }
  | { readonly kind: 'error'; readonly status: 500 | 502 | 503 | 504 };

/**
 * The per-tenant dice of the faults: drawn in the order the tenant's requests arrive, from a PRNG
 * forked from the seed, so one client sending the same requests meets the same faults.
 */
export class TenantFaults {
  private requests = 0;

  constructor(
    private readonly faults: Faults,
    private readonly rng: Rng,
  ) {}

  /** unauthorized/forbidden while this is one of the tenant's first N data requests (counts the request). */
  firstRequests(): InjectedFault | undefined {
    const index = this.requests++;
    if (index < (this.faults.unauthorized ?? 0)) return { kind: 'unauthorized' };
    if (index < (this.faults.forbidden ?? 0)) return { kind: 'forbidden' };
    return undefined;
  }

  /** A random throttle or server error, per the probabilities given. */
  random(): InjectedFault | undefined {
    if (this.faults.throttle && this.rng.chance(this.faults.throttle)) return { kind: 'throttle', retryAfterSeconds: this.rng.int(1, 5) };
    if (this.faults.error5xx && this.rng.chance(this.faults.error5xx)) return { kind: 'error', status: this.rng.pick([500, 502, 503, 504] as const) };
    return undefined;
  }

  /** Whether to cut this 200 response's body. */
  truncates(): boolean {
    return !!this.faults.truncate && this.rng.chance(this.faults.truncate);
  }
}
