import { HOSTILE_DOMAINS, HOSTILE_IPS, PARTNER_DOMAINS } from '../catalog/places.js';
import type { TenantUser } from '../tenant.js';
import type { EventContext } from './record.js';

/**
 * One e-mail as the Email* and UrlClickEvents tables describe it. Each row builder invents its own
 * message (rows of the same message across tables are a later, story-level concern).
 */
export interface Mail {
  readonly networkMessageId: string;
  readonly internetMessageId: string;
  readonly senderAddress: string;
  readonly senderDisplayName: string;
  readonly senderDomain: string;
  readonly senderIp: string;
  readonly recipient: TenantUser;
  readonly subject: string;
  readonly url: string;
  readonly direction: 'Inbound' | 'Intra-org' | 'Outbound';
  readonly threat: 'Phish' | 'Malware' | 'Spam' | null;
}

const SUBJECTS = ['Your January invoice is ready', 'Minutes of the steering meeting', 'Shared document: Q4 forecast', 'Action required: password expiry', 'Lunch on Friday?', 'Updated delivery schedule'];

export function inventMail(context: EventContext): Mail {
  const { rng, tenant } = context;
  const recipient = rng.pick(tenant.users.filter((user) => !user.isService));
  const roll = rng.next();
  const hostile = roll < 0.08;
  const internal = !hostile && roll < 0.45;
  const senderDomain = hostile ? rng.pick(HOSTILE_DOMAINS) : internal ? tenant.domain : rng.pick(PARTNER_DOMAINS);
  const sender = internal ? rng.pick(tenant.users) : undefined;
  const senderLocal = sender?.accountName ?? rng.pick(['billing', 'noreply', 'j.doe', 'support', 'events']);
  const networkMessageId = rng.guid();
  return {
    networkMessageId,
    internetMessageId: `<${rng.hex(12).toUpperCase()}.${rng.digits(5)}@${senderDomain}>`,
    senderAddress: `${senderLocal}@${senderDomain}`,
    senderDisplayName: sender?.displayName ?? senderLocal,
    senderDomain,
    senderIp: hostile ? rng.pick(HOSTILE_IPS.filter((ip) => !ip.includes(':'))) : internal ? '10.40.0.25' : `81.2.69.${rng.int(160, 190)}`,
    recipient,
    subject: hostile ? rng.pick(['Action required: password expiry', 'Your January invoice is ready']) : rng.pick(SUBJECTS),
    url: hostile ? `https://${senderDomain}/view?id=${rng.digits(4)}` : `https://${internal ? 'sharepoint.' + tenant.domain : senderDomain}/docs/${rng.hex(8)}`,
    direction: internal ? 'Intra-org' : 'Inbound',
    threat: hostile ? rng.pick(['Phish', 'Phish', 'Malware']) : rng.chance(0.05) ? 'Spam' : null,
  };
}
