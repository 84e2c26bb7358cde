import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh folder for one test, removed after it (kept with KEEP_TEST_DIRS=1, for debugging). */
export function tempDir(t: TestContext, prefix = 'defender-siem-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => {
    if (process.env.KEEP_TEST_DIRS) t.diagnostic(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
