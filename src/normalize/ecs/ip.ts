import { isIP } from 'node:net';

/**
 * Elasticsearch's `convert type: ip`: only real IPv4/IPv6 addresses survive; "", "-", host names
 * and garbage are dropped so no document is rejected by an `ip` mapping.
 */
export function validIp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const candidate = value.trim();
  if (candidate.length === 0 || candidate.length > 64) return undefined;
  // Zone ids (fe80::1%eth0) are accepted by Elasticsearch's parser and by isIP after stripping.
  const withoutZone = candidate.includes('%') ? candidate.slice(0, candidate.indexOf('%')) : candidate;
  return isIP(withoutZone) === 0 ? undefined : candidate;
}
