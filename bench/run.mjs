// `npm run bench [-- name…]`: runs the benchmarks bundled by `node scripts/build.mjs bench`
// (TypeScript in bench/ -> out/bench/index.cjs). Names: router, audit, sign-in, "cold start", security.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'out/bench/index.cjs');
if (!existsSync(bundle)) {
  console.error('bench: out/bench/index.cjs is missing; run `node scripts/build.mjs bench` first (npm run bench does).');
  process.exit(1);
}
const { runBenchmarks } = createRequire(import.meta.url)(bundle);
try {
  await runBenchmarks({ root, only: process.argv.slice(2) });
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  if (process.env.VIGIE_DEBUG === '1') console.error(error);
  process.exitCode = 1;
}
