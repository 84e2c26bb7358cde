/**
 * GeoIP and ASN enrichment shaped like Elasticsearch's `geoip` processor output, so documents carry
 * the same `*.geo.*` and `*.as.*` fields as Elastic's. The lookup itself (MaxMind databases) is
 * injected: normalizers stay free of I/O.
 */
export interface GeoFields {
  city_name?: string;
  continent_name?: string;
  country_iso_code?: string;
  country_name?: string;
  location?: { lat: number; lon: number };
  region_iso_code?: string;
  region_name?: string;
}

export interface AsFields {
  number?: number;
  organization?: { name: string };
}

export interface GeoLookup {
  geo(ip: string): GeoFields | undefined;
  asn(ip: string): AsFields | undefined;
}
