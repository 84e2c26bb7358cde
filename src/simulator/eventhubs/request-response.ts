import { isRecord, type Connection, type Sender, type Typed } from './amqp.js';

/** A management or CBS response: `status-code` and `status-description` as the SDK reads them. */
export interface Reply {
  readonly status: number;
  readonly description: string;
  /** An `error-condition` for failures, overriding the SDK's status-code mapping. */
  readonly condition?: string;
  /** A typed AMQP value for the body (a map for management reads). */
  readonly body?: Typed;
}

/** The request fields both nodes use, narrowed from rhea's decoded message. */
export interface Request {
  readonly messageId: unknown;
  readonly replyTo: string | undefined;
  readonly properties: Record<string, unknown>;
  readonly body: unknown;
}

export function readRequest(message: unknown): Request | undefined {
  if (!isRecord(message)) return undefined;
  const properties = isRecord(message.application_properties) ? message.application_properties : {};
  return {
    messageId: message.message_id,
    replyTo: typeof message.reply_to === 'string' ? message.reply_to : undefined,
    properties,
    body: message.body,
  };
}

/**
 * Replies go out on the link the client named in `reply_to` (its receiver's name, or its
 * target address for $management), correlated by the request's message id. A reply waits for
 * credit: it is queued on the link until the client grants some.
 */
export class ReplyRouter {
  private readonly pending = new WeakMap<Sender, object[]>();

  send(connection: Connection, request: Request, reply: Reply): void {
    if (request.replyTo === undefined) return; // nowhere to answer: the client will time out
    const replyTo = request.replyTo;
    const link = connection.find_sender((candidate: Sender) => candidate.name === replyTo || targetAddress(candidate) === replyTo) as Sender | undefined;
    if (!link) return;
    const properties: Record<string, unknown> = { 'status-code': reply.status, 'status-description': reply.description };
    if (reply.condition) properties['error-condition'] = reply.condition;
    const message: Record<string, unknown> = { application_properties: properties };
    if (request.messageId !== undefined && request.messageId !== null) message.correlation_id = request.messageId;
    if (reply.body) {
      const body = reply.body;
      // rhea wraps a body itself unless the value says how (toRheaTyped), which keeps our AMQP types.
      message.body = { toRheaTyped: () => body };
    }
    const queue = this.pending.get(link) ?? [];
    queue.push(message);
    this.pending.set(link, queue);
    this.flush(link);
  }

  flush(link: Sender): void {
    const queue = this.pending.get(link);
    while (queue && queue.length > 0 && link.sendable()) link.send(queue.shift() as never);
  }
}

function targetAddress(link: Sender): string | undefined {
  const target: unknown = link.target;
  return isRecord(target) && typeof target.address === 'string' ? target.address : undefined;
}
