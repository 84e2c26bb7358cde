import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from both test/ (sources) and dist/test/ (compiled). */
export const REPO_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${'/dist/'}`) ? join(here, '..', '..') : join(here, '..');
})();

/** ../shared beside the clone: third-party fixtures read in place, never copied into the repo. */
export const SHARED_DIR = join(REPO_ROOT, '..', 'shared');
export const FIXTURES_DIR = join(SHARED_DIR, 'fixtures', 'elastic-m365_defender');
export const GEOIP_TEST_DIR = join(SHARED_DIR, 'data', 'geoip', 'maxmind-test-data');
