/**
 * Another reader took the partition over (load balancing between instances, a restart that
 * re-claimed it, an epoch receiver): normal operation, not a failure to count.
 */
export function isOwnershipLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'ReceiverDisconnectedError' || code === 'ReceiverDisconnectedError';
}
