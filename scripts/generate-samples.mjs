#!/usr/bin/env node
// Regenerates the bundled sample data in samples/ from the seeded generator (src/simulator/generate).
// Usage: npm run build && node scripts/generate-samples.mjs [seed] [output directory]
// The same seed always writes the same bytes, so `git diff samples/` after a generator change shows
// exactly what the change did to the data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let generator;
try {
  generator = await import(join(root, 'dist/src/simulator/generate/index.js'));
} catch (error) {
  console.error(`cannot load the generator (run npm run build first): ${error.message}`);
  process.exit(1);
}

const seed = process.argv[2] ?? generator.DEFAULT_SAMPLE_SEED;
const outDir = process.argv[3] ?? join(root, 'samples');
const samples = generator.generateSamples(seed);
mkdirSync(outDir, { recursive: true });
for (const stream of ['alert', 'incident', 'event', 'vulnerability']) {
  const lines = samples[stream];
  writeFileSync(join(outDir, `${stream}.ndjson`), lines.map((line) => `${line}\n`).join(''));
  console.log(`${stream}.ndjson: ${lines.length} records`);
}
