/**
 * ECS wants MAC addresses as upper-case hex pairs joined by hyphens (`00-50-56-81-A4-2F`); Defender
 * sends `00505681A42F` (machines API) or `00:50:56:81:a4:2f`. Anything that is not 6 or 8 octets
 * of hex is not a MAC address and yields undefined, so no invalid value reaches the index.
 */
export function normalizeMac(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const hex = value.replace(/[-:.\s]/g, '');
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 12 && hex.length !== 16)) return undefined;
  return hex.toUpperCase().match(/../g)!.join('-');
}
