/** What a link's address names (the node names the SDK uses: eventhubConnectionConfig.js). */
export type LinkAddress =
  | { readonly kind: 'cbs' }
  | { readonly kind: 'management' }
  | { readonly kind: 'hub'; readonly hub: string }
  | { readonly kind: 'partition'; readonly hub: string; readonly partitionId: string }
  | { readonly kind: 'consumer'; readonly hub: string; readonly consumerGroup: string; readonly partitionId: string };

export function parseAddress(address: unknown): LinkAddress | undefined {
  if (typeof address !== 'string' || address.length === 0 || address.length > 1024) return undefined;
  if (address === '$cbs') return { kind: 'cbs' };
  if (address === '$management') return { kind: 'management' };
  const parts = address.split('/');
  const [hub = '', second, third, fourth, fifth] = parts;
  if (hub.length === 0) return undefined;
  if (parts.length === 1) return { kind: 'hub', hub };
  if (parts.length === 3 && second?.toLowerCase() === 'partitions' && third) return { kind: 'partition', hub, partitionId: third };
  if (parts.length === 5 && second?.toLowerCase() === 'consumergroups' && third && fourth?.toLowerCase() === 'partitions' && fifth) {
    return { kind: 'consumer', hub, consumerGroup: third, partitionId: fifth };
  }
  return undefined;
}

/**
 * The entity path a CBS audience grants (`sb://host:port/hub/ConsumerGroups/$Default/Partitions/0`
 * → `hub/consumergroups/$default/partitions/0`), lower-cased for comparison.
 */
export function audiencePath(audience: string): string | undefined {
  const match = /^(?:sb|amqps?|https?):\/\/[^/]+\/?(.*)$/i.exec(audience);
  if (!match) return undefined;
  return (match[1] ?? '').replace(/\/+$/, '').toLowerCase();
}

/** True when a token for `granted` (an audiencePath) covers the link address. */
export function covers(granted: string, address: string): boolean {
  const path = address.toLowerCase();
  return granted === '' || path === granted || path.startsWith(`${granted}/`);
}
