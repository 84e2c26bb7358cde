import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AsnResponse, CityResponse, Reader } from 'maxmind';
import { ModuleLoadError } from '../core/lazy-import.js';
import type { AsFields, GeoFields, GeoLookup } from '../normalize/ecs/geo.js';

/**
 * maxmind's Reader, loaded the first time a GeoIP directory is opened rather than with this
 * module (which every normalizer thread imports): without a GeoIP directory it is never loaded.
 * maxmind is CommonJS, so a synchronous require keeps openGeoDirectory synchronous.
 */
function maxmindReader(): typeof Reader {
  try {
    return (createRequire(import.meta.url)('maxmind') as typeof import('maxmind')).Reader;
  } catch (error) {
    throw new ModuleLoadError('the GeoIP reader (maxmind)', error);
  }
}

/**
 * Opens the MaxMind-format City and ASN databases found in a directory (GeoLite2/GeoIP2, the same
 * files Elasticsearch's geoip processor reads) and answers lookups the way that processor does.
 */
export function openGeoDirectory(directory: string): GeoLookup {
  const { cityFile, asnFile } = findGeoDatabases(directory);
  const MaxmindReader = maxmindReader();
  const city = cityFile ? new MaxmindReader<CityResponse>(readFileSync(join(directory, cityFile))) : undefined;
  const asn = asnFile ? new MaxmindReader<AsnResponse>(readFileSync(join(directory, asnFile))) : undefined;
  return {
    geo: (ip) => (city ? cityFields(safeGet(city, ip)) : undefined),
    asn: (ip) => (asn ? asFields(safeGet(asn, ip)) : undefined),
  };
}

/** The City and ASN database files of a directory; throws a message naming the fix if it has neither. */
export function findGeoDatabases(directory: string): { cityFile?: string | undefined; asnFile?: string | undefined } {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw new Error(`cannot read the GeoIP directory ${directory}: ${(error as Error).message}`);
  }
  const mmdb = names.filter((name) => name.endsWith('.mmdb')).sort(preferGeoLite);
  const cityFile = mmdb.find((name) => /city/i.test(name));
  const asnFile = mmdb.find((name) => /asn/i.test(name));
  if (!cityFile && !asnFile) {
    throw new Error(`no City or ASN .mmdb database in ${directory} (expected e.g. GeoLite2-City.mmdb, GeoLite2-ASN.mmdb)`);
  }
  return { cityFile, asnFile };
}

/** GeoLite2 before GeoIP2 so that a directory holding both behaves like Elastic's default. */
function preferGeoLite(a: string, b: string): number {
  const rank = (name: string) => (name.startsWith('GeoLite2') ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function safeGet<T>(reader: Reader<T & object>, ip: string): T | undefined {
  try {
    return (reader.get(ip) as T | null) ?? undefined;
  } catch {
    return undefined;
  }
}

function cityFields(record: CityResponse | undefined): GeoFields | undefined {
  if (!record) return undefined;
  const fields: GeoFields = {};
  const cityName = record.city?.names?.en;
  if (cityName) fields.city_name = cityName;
  const continentName = record.continent?.names?.en;
  if (continentName) fields.continent_name = continentName;
  const country = record.country;
  if (country?.iso_code) fields.country_iso_code = country.iso_code;
  if (country?.names?.en) fields.country_name = country.names.en;
  const location = record.location;
  if (location && typeof location.latitude === 'number' && typeof location.longitude === 'number') {
    fields.location = { lat: location.latitude, lon: location.longitude };
  }
  const subdivision = record.subdivisions?.[0];
  if (subdivision?.iso_code && country?.iso_code) fields.region_iso_code = `${country.iso_code}-${subdivision.iso_code}`;
  if (subdivision?.names?.en) fields.region_name = subdivision.names.en;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function asFields(record: AsnResponse | undefined): AsFields | undefined {
  if (!record) return undefined;
  const fields: AsFields = {};
  if (typeof record.autonomous_system_number === 'number') fields.number = record.autonomous_system_number;
  if (record.autonomous_system_organization) fields.organization = { name: record.autonomous_system_organization };
  return Object.keys(fields).length > 0 ? fields : undefined;
}
