import { amqpError, CONDITION, type AmqpError } from './amqp.js';

/** A receiver as far as partition ownership cares. */
export interface Claimant {
  /** The SDK's owner level (`com.microsoft:epoch`), undefined for a non-exclusive receiver. */
  readonly epoch: number | undefined;
  /** Detach the receiver's link with this error. */
  disconnect(error: AmqpError): void;
}

/** Non-epoch receivers the service allows per partition and consumer group (§4.8). */
export const MAX_NON_EPOCH_RECEIVERS = 5;

/**
 * Who reads each (consumer group, partition), by the service's epoch rules: a receiver with an
 * owner level equal to or above every current one takes the partition and the others are
 * detached with `amqp:link:stolen` (the SDK's ReceiverDisconnectedError: its load balancer then
 * gives the partition up instead of reading it twice); a lower owner level is refused, as is a
 * non-epoch receiver while an epoch receiver holds the partition.
 */
export class OwnershipRegistry {
  private readonly claims = new Map<string, Set<Claimant>>();

  /** Admits `claimant` (undefined) or says why not (the error to refuse its link with). */
  claim(key: string, claimant: Claimant): AmqpError | undefined {
    const current = this.claims.get(key) ?? new Set<Claimant>();
    const epochs = [...current].map((other) => other.epoch).filter((epoch): epoch is number => epoch !== undefined);
    const highest = epochs.length > 0 ? Math.max(...epochs) : undefined;
    if (claimant.epoch === undefined) {
      if (highest !== undefined) {
        return amqpError(CONDITION.stolen, `At least one receiver for the endpoint is created with epoch of '${highest}', and so non-epoch receiver is not allowed.`);
      }
      if (current.size >= MAX_NON_EPOCH_RECEIVERS) {
        return amqpError(CONDITION.resourceLimit, `Exceeded the maximum number of allowed receivers per partition in a consumer group which is ${MAX_NON_EPOCH_RECEIVERS}.`);
      }
    } else if (highest !== undefined && claimant.epoch < highest) {
      return amqpError(CONDITION.stolen, `Receiver 'epoch ${claimant.epoch}' cannot be created because a receiver with a higher epoch '${highest}' already exists.`);
    } else {
      for (const other of current) {
        const described = other.epoch === undefined ? 'a non-epoch receiver' : `epoch '${other.epoch}'`;
        other.disconnect(amqpError(CONDITION.stolen, `New receiver with higher epoch of '${claimant.epoch}' is created hence current receiver with ${described} is getting disconnected.`));
      }
      current.clear();
    }
    current.add(claimant);
    this.claims.set(key, current);
    return undefined;
  }

  release(key: string, claimant: Claimant): void {
    const current = this.claims.get(key);
    if (!current) return;
    current.delete(claimant);
    if (current.size === 0) this.claims.delete(key);
  }
}
