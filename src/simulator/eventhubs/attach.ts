import type { EventContext, Receiver } from 'rhea';
import { parseAddress, type LinkAddress } from './addresses.js';
import { acceptLink, amqpError, CONDITION, desiredCapabilities, refuseLink, remoteProperties, type AmqpError, type Link, type Sender } from './amqp.js';
import { handleCbs, type JwtVerifier } from './cbs.js';
import type { OwnershipRegistry } from './epoch.js';
import { FilterError, parseStartPosition, resolveStart } from './filters.js';
import { EventHub, MAX_CONSUMER_GROUPS } from './hub.js';
import type { LinkTable } from './link-table.js';
import { handleManagement } from './management.js';
import { openConsumerLink } from './receiver-link.js';
import { readRequest, type ReplyRouter } from './request-response.js';
import { openPublisherLink } from './sender-link.js';

export interface AttachContext {
  /** By lower-cased name. */
  readonly hubs: ReadonlyMap<string, EventHub>;
  readonly links: LinkTable;
  readonly ownership: OwnershipRegistry;
  readonly replies: ReplyRouter;
  readonly maxMessageBytes: number;
  /** `sb://host:port`, for error descriptions like the service's. */
  readonly endpoint: () => string;
  readonly now: () => number;
  /** Checks JWTs put on `$cbs`; without it any token is accepted. */
  readonly verifyJwt?: JwtVerifier | undefined;
}

type EntityAddress = Exclude<LinkAddress, { kind: 'cbs' | 'management' }>;

/**
 * What to do with each link a client attaches: the request-response pairs of `$cbs` and
 * `$management`, publishers on `HUB` or `HUB/Partitions/N`, readers on
 * `HUB/ConsumerGroups/CG/Partitions/N`. Everything else is refused with the condition the SDK
 * turns into the matching error.
 */
export function attachRouter(context: AttachContext) {
  const { hubs, links } = context;

  /** Checks common to every entity link: the hub exists and a token covers the address. */
  const entityFor = (link: Link, address: EntityAddress, raw: string): EventHub | AmqpError => {
    const hub = hubs.get(address.hub.toLowerCase());
    if (!hub) return amqpError(CONDITION.notFound, `The messaging entity '${context.endpoint()}/${address.hub}' could not be found.`);
    if (!links.isGranted(link.connection, raw)) return amqpError(CONDITION.unauthorized, `Unauthorized access to '${raw}': put a token for it on $cbs first.`);
    return hub;
  };

  const answer = (event: EventContext, node: 'cbs' | 'management') => {
    const request = readRequest(event.message);
    event.delivery?.accept();
    if (!request) return;
    const reply = node === 'cbs' ? handleCbs(request, (path) => links.grant(event.connection, path), context.verifyJwt) : handleManagement(request, hubs);
    if (!(reply instanceof Promise)) context.replies.send(event.connection, request, reply);
    else void reply.then((settled) => context.replies.send(event.connection, request, settled));
  };

  /** A client's sender: our receiving end. */
  const clientSender = (link: Receiver): void => {
    const raw = link.target?.address;
    const address = parseAddress(raw);
    if (address?.kind === 'cbs' || address?.kind === 'management') {
      acceptLink(link);
      links.track(link, { onMessage: (event) => answer(event, address.kind), onClosed: () => undefined });
      return;
    }
    if (!address || address.kind === 'consumer' || typeof raw !== 'string') {
      return refuseLink(link, amqpError(CONDITION.notFound, `The messaging entity '${String(raw).slice(0, 200)}' cannot be sent to.`));
    }
    const hub = entityFor(link, address, raw);
    if (!(hub instanceof EventHub)) return refuseLink(link, hub);
    const partition = address.kind === 'partition' ? hub.partition(address.partitionId) : undefined;
    if (address.kind === 'partition' && !partition) return refuseLink(link, partitionMissing(hub, address.partitionId));
    links.track(link, openPublisherLink(link, { hub, partition, maxMessageBytes: context.maxMessageBytes, now: context.now }));
  };

  /** A client's receiver: our sending end. */
  const clientReceiver = (link: Sender): void => {
    const source = link.source;
    const raw = source?.address;
    const address = parseAddress(raw);
    if (address?.kind === 'cbs' || address?.kind === 'management') {
      // The reply half of a request-response pair; replies find it by name.
      acceptLink(link);
      links.track(link, { onSendable: () => context.replies.flush(link), onClosed: () => undefined });
      return;
    }
    if (!address || address.kind !== 'consumer' || typeof raw !== 'string') {
      return refuseLink(link, amqpError(CONDITION.notFound, `The messaging entity '${String(raw).slice(0, 200)}' cannot be received from.`));
    }
    const hub = entityFor(link, address, raw);
    if (!(hub instanceof EventHub)) return refuseLink(link, hub);
    const log = hub.partition(address.partitionId);
    if (!log) return refuseLink(link, partitionMissing(hub, address.partitionId));
    if (address.consumerGroup.length > 50) return refuseLink(link, amqpError(CONDITION.argumentError, 'A consumer group name has at most 50 characters.'));
    if (!hub.useConsumerGroup(address.consumerGroup)) {
      return refuseLink(link, amqpError(CONDITION.resourceLimit, `The event hub '${hub.name}' already has ${MAX_CONSUMER_GROUPS} consumer groups; '${address.consumerGroup}' cannot be created.`));
    }
    let start: number;
    try {
      start = resolveStart(parseStartPosition(source?.filter), log);
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      return refuseLink(link, amqpError(CONDITION.argumentError, error.message));
    }
    const epoch = epochOf(remoteProperties(link)['com.microsoft:epoch']);
    if (epoch instanceof FilterError) return refuseLink(link, amqpError(CONDITION.argumentError, epoch.message));
    const key = `${hub.name.toLowerCase()}/${address.consumerGroup.toLowerCase()}/${log.id}`;
    const runtimeMetric = desiredCapabilities(link).includes('com.microsoft:enable-receiver-runtime-metric');
    const { handler, claimant } = openConsumerLink(link, { log, start, epoch, runtimeMetric, release: (who) => context.ownership.release(key, who), now: context.now });
    const refused = context.ownership.claim(key, claimant);
    if (refused) {
      handler.onClosed();
      return refuseLink(link, refused);
    }
    acceptLink(link);
    links.track(link, handler);
  };

  return { clientSender, clientReceiver };
}

function partitionMissing(hub: EventHub, partitionId: string): AmqpError {
  return amqpError(CONDITION.argumentOutOfRange, `The specified partition '${partitionId.slice(0, 40)}' is invalid for event hub '${hub.name}'; valid ids are 0 to ${hub.partitions.length - 1}.`);
}

/** The owner level from the attach properties: absent, or a whole number (rhea decodes a long to a number). */
function epochOf(value: unknown): number | undefined | FilterError {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return new FilterError(`com.microsoft:epoch must be a long, got ${typeof value}`);
}
