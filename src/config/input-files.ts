import { accessSync, constants, statSync } from 'node:fs';
import { findGeoDatabases } from '../enrich/maxmind-geo.js';
import type { Config } from './schema.js';

/**
 * The files a configuration reads at start-up (credentials, CAs, GeoIP databases, replay
 * inputs) that are missing or unreadable, one message per key naming the file and the fix. The
 * schema checks shapes; this checks the disk, so `check` finds what `run` would fail on.
 */
export function unreadableInputFiles(config: Config): string[] {
  const problems: string[] = [];
  const file = (key: string, path: string | undefined, what: string) => {
    if (path === undefined) return;
    const reason = unreadable(path, 'file');
    if (reason !== undefined) problems.push(`${key}: cannot read ${path} (${reason}): give the path of ${what}`);
  };
  config.tenants.forEach((tenant, index) => {
    const key = `tenants[${index}]`;
    file(`${key}.ca_file`, tenant.ca_file, 'a PEM file of the certificate authorities to trust');
    const certificate = tenant.client_certificate;
    file(`${key}.client_certificate.certificate_file`, certificate?.certificate_file, "the app registration's certificate (PEM)");
    file(`${key}.client_certificate.private_key_file`, certificate?.private_key_file, "the certificate's private key (PEM)");
    file(`${key}.client_certificate.pfx_file`, certificate?.pfx_file, "the app registration's certificate and key (PKCS#12 .pfx)");
  });
  config.sources.forEach((source, index) => {
    if (source.type === 'file') file(`sources[${index}].path`, source.path, 'the NDJSON (or .gz) file of raw records to replay');
  });
  const geoipDir = config.normalize.geoip_dir;
  if (geoipDir !== undefined) {
    const reason = unreadable(geoipDir, 'directory');
    if (reason !== undefined) problems.push(`normalize.geoip_dir: cannot read ${geoipDir} (${reason}): give the directory holding GeoLite2-City.mmdb and GeoLite2-ASN.mmdb`);
    else {
      try {
        findGeoDatabases(geoipDir);
      } catch (error) {
        problems.push(`normalize.geoip_dir: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** Why `path` cannot be read as a file or directory, or undefined if it can. */
function unreadable(path: string, kind: 'file' | 'directory'): string | undefined {
  try {
    const stats = statSync(path);
    if (kind === 'file' && !stats.isFile()) return 'not a file';
    if (kind === 'directory' && !stats.isDirectory()) return 'not a directory';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (code ?? (error as Error).message);
  }
}
