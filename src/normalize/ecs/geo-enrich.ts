import type { GeoLookup } from './geo.js';
import { cloneJson, setPath, type JsonObject } from './object.js';

/**
 * Elastic's pair of `geoip` processors on one address: `<prefix>.geo.*` from the City database and
 * `<prefix>.as.*` from the ASN database, each only when the address is found. The lookup result
 * is copied, so a caching lookup can never see a document's later edits.
 */
export function addGeo(doc: JsonObject, prefix: string, ip: string, lookup: GeoLookup | undefined): void {
  if (lookup === undefined) return;
  const geo = lookup.geo(ip);
  if (geo) setPath(doc, `${prefix}.geo`, cloneJson(geo));
  const as = lookup.asn(ip);
  if (as) setPath(doc, `${prefix}.as`, cloneJson(as));
}
