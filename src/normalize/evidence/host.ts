import { appendUnique, isPlainObject, type JsonObject } from '../ecs/object.js';
import { validIp } from '../ecs/ip.js';
import { keyword, own } from '../ecs/scalar.js';
import { isDeviceEvidence, type EvidenceTarget } from './target.js';

/** Device identity, OS, addresses, logged-on users and cloud → host.*, device.id, cloud.provider, related.*. */
export function mapHost(item: JsonObject, { doc, flavor }: EvidenceTarget): void {
  const deviceId = keyword(own(item, 'mdeDeviceId'));
  appendUnique(doc, 'host.id', deviceId);
  if (flavor.hostDetailsAreRelatedHosts) appendUnique(doc, 'related.hosts', deviceId);
  appendUnique(doc, 'device.id', keyword(own(item, 'azureAdDeviceId')));

  const address = validIp(own(item, 'ipAddress'));
  appendUnique(doc, 'host.ip', address);
  appendUnique(doc, 'related.ip', address);

  // `version` is too generic a name to read on any evidence: only a device's is its OS version.
  if (isDeviceEvidence(item)) {
    const osName = keyword(own(item, 'osPlatform'));
    const osVersion = keyword(own(item, 'version'));
    appendUnique(doc, 'host.os.name', osName);
    appendUnique(doc, 'host.os.version', osVersion);
    if (flavor.hostDetailsAreRelatedHosts) appendUnique(doc, 'related.hosts', osName, osVersion);
  }

  const dnsName = keyword(own(item, 'deviceDnsName'));
  appendUnique(doc, 'related.hosts', dnsName);
  if (flavor.hostNameFromDnsName) appendUnique(doc, 'host.name', dnsName?.toLowerCase());

  if (isAzure(own(own(item, 'vmMetadata'), 'cloudProvider'))) appendUnique(doc, 'cloud.provider', 'azure');

  const loggedOn = own(item, 'loggedOnUsers');
  for (const user of Array.isArray(loggedOn) ? loggedOn : []) {
    if (!isPlainObject(user)) continue;
    appendUnique(doc, 'related.user', keyword(own(user, 'accountName')));
    appendUnique(doc, 'related.hosts', keyword(own(user, 'domainName')));
  }
}

/** Elastic sets cloud.provider only for Azure VMs (Graph's vmCloudProvider: unknown, azure). */
export function isAzure(provider: unknown): boolean {
  return typeof provider === 'string' && provider.toLowerCase() === 'azure';
}
