import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openGeoDirectory } from '../../src/enrich/maxmind-geo.js';
import { normalizeLine } from '../../src/normalize/index.js';
import { GEOIP_TEST_DIR } from '../fixtures-path.js';
import { ALLOWED_DIFFERENCES, type AllowedDifference } from './conformance/allowed/index.js';
import { loadCases } from './conformance/cases.js';
import { compareDocuments, type Difference } from './conformance/compare.js';

/**
 * Conformance with Elastic's m365_defender ingest pipelines: every fixture line is normalized and
 * the whole document is compared with Elastic's. The only accepted differences are the ones listed,
 * one by one with their reason, in conformance/allowed/.
 */
const geo = openGeoDirectory(GEOIP_TEST_DIR);
const used = new Set<AllowedDifference>();
let expectedLeaves = 0;
let reproducedLeaves = 0;

function allowance(caseName: string, file: string, difference: Difference): AllowedDifference | undefined {
  return ALLOWED_DIFFERENCES.find((entry) => (entry.case === caseName || entry.case === file) && entry.path === difference.path);
}

describe('conformance with Elastic m365_defender pipelines', () => {
  for (const fixture of loadCases()) {
    test(fixture.name, () => {
      const documents = normalizeLine(fixture.stream, fixture.line, {
        preserveOriginal: fixture.preserveOriginal,
        preserveDuplicateCustomFields: fixture.preserveDuplicateCustomFields,
        geo,
      });
      if (fixture.expected === null) {
        assert.deepEqual(documents, [], 'Elastic drops this line; it must yield no document');
        return;
      }
      assert.equal(documents.length, 1, `one document per line, got ${documents.length}`);
      const actual = JSON.parse(JSON.stringify(documents[0]!.doc)) as unknown;
      const { leaves, differences } = compareDocuments(fixture.expected, actual);
      expectedLeaves += leaves;
      reproducedLeaves += leaves - differences.filter((difference) => difference.kind !== 'extra').length;
      const unexplained: Difference[] = [];
      for (const difference of differences) {
        const entry = allowance(fixture.name, fixture.file, difference);
        if (entry) used.add(entry);
        else unexplained.push(difference);
      }
      assert.deepEqual(unexplained, [], `${unexplained.length} unexplained difference(s) in ${fixture.name}`);
    });
  }

  after(() => {
    const ratio = expectedLeaves === 0 ? 0 : reproducedLeaves / expectedLeaves;
    console.log(`# conformance: ${reproducedLeaves}/${expectedLeaves} expected leaf values reproduced (${(ratio * 100).toFixed(2)}%)`);
  });
});

test('conformance: at least 99% of expected leaf values reproduced, and every listed difference still occurs', async () => {
  // Runs after the describe block above (node:test runs top-level tests in order).
  assert.ok(expectedLeaves > 0, 'the conformance cases ran');
  assert.ok(reproducedLeaves / expectedLeaves >= 0.99, `only ${reproducedLeaves}/${expectedLeaves} leaf values reproduced`);
  const stale = ALLOWED_DIFFERENCES.filter((entry) => !used.has(entry));
  assert.deepEqual(stale, [], 'allowed differences that no longer occur: remove them');
});
