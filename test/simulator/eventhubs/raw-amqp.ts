import rhea from 'rhea';
import type { AmqpError, Connection, EventContext, Message, Receiver, Sender } from 'rhea';

/**
 * A bare rhea client, for what the SDK never does on purpose: withhold credit, send garbage,
 * skip the token. Its links report how the emulator answered their attach.
 */
export interface RawClient {
  readonly connection: Connection;
  /** Puts a token on $cbs (default a SAS token) and returns the reply's properties. */
  putToken(audience: string, token?: { readonly type: string; readonly body: string }): Promise<Record<string, unknown>>;
  close(): void;
}

/** Connects over plain TCP, or over TLS trusting `tls.ca` (the emulator's TLS listener). */
export async function connect(port: number, tls?: { readonly ca: string }): Promise<RawClient> {
  const container = rhea.create_container();
  // Detach errors are the point of several tests; without a listener rhea would throw them.
  container.on('error', () => undefined);
  const connection =
    tls === undefined
      ? container.connect({ host: '127.0.0.1', port, reconnect: false })
      : container.connect({ host: '127.0.0.1', port, reconnect: false, transport: 'tls', ca: tls.ca, servername: 'localhost' });
  await new Promise<void>((resolve, reject) => {
    connection.once('connection_open', () => resolve());
    connection.once('disconnected', (context: EventContext) => reject(context.error ?? new Error('disconnected')));
  });
  return {
    connection,
    async putToken(audience, token = { type: 'servicebus.windows.net:sastoken', body: 'SharedAccessSignature sr=x&sig=y&se=9999999999&skn=z' }) {
      const replyTo = `cbs-reply-${Math.random().toString(16).slice(2)}`;
      const receiver = connection.open_receiver({ source: { address: '$cbs' }, name: replyTo });
      const sender = connection.open_sender({ target: { address: '$cbs' } });
      await new Promise((resolve) => sender.once('sendable', resolve));
      const reply = new Promise<Message>((resolve) => receiver.once('message', (context: EventContext) => resolve(context.message!)));
      sender.send({ message_id: 'put-1', reply_to: replyTo, application_properties: { operation: 'put-token', name: audience, type: token.type }, body: token.body });
      const message = await reply;
      return { correlation: message.correlation_id, ...(message.application_properties ?? {}) };
    },
    close() {
      connection.close();
    },
  };
}

export type Outcome = { readonly open: true } | { readonly open: false; readonly error: AmqpError };

/** How the emulator answered an attach: open, or refused (attach then detach with an error). */
export function outcome(link: Sender | Receiver, settleMs = 300): Promise<Outcome> {
  const role = link.is_sender() ? 'sender' : 'receiver';
  return new Promise((resolve) => {
    link.once(`${role}_error`, () => resolve({ open: false, error: link.error as AmqpError }));
    link.once(`${role}_open`, () => setTimeout(() => resolve({ open: true }), settleMs));
  });
}

export function selector(expression: string): Record<string, unknown> {
  return { 'apache.org:selector-filter:string': rhea.types.wrap_described(expression, 0x468c00000004) };
}
