// Builds Vigie into out/: the Node side with esbuild (main, preload, CLI, e2e bridge) and
// the renderer with Vite. `node scripts/build.mjs [main|preload|cli|bridge|renderer …] [--quiet]`
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const wanted = args.filter((a) => !a.startsWith('--'));

// Native modules and Electron stay outside the bundles: they are loaded at run time.
// pdfkit reads its font metrics from its own folder at run time; exceljs and docx are large
// and only load in the export worker: all three stay in node_modules too.
const external = ['electron', 'better-sqlite3', '@napi-rs/keyring', '@node-rs/argon2', 'pdfkit', 'exceljs', 'docx'];

const nodeTargets = {
  main: { entry: 'main/app/index.ts', out: 'out/main/index.cjs' },
  preload: { entry: 'preload/index.ts', out: 'out/preload/index.cjs' },
  cli: { entry: 'main/cli/vigie.ts', out: 'out/cli/vigie.cjs', banner: '#!/usr/bin/env node' },
  bridge: { entry: 'test/e2e/bridge/server.ts', out: 'out/bridge/server.cjs' },
  'bridge-shim': { entry: 'test/e2e/bridge/shim.ts', out: 'out/bridge/shim.js', browser: true },
  bench: { entry: 'bench/index.ts', out: 'out/bench/index.cjs' },
  // Worker threads (heavy work off the main process's event loop): out/workers/<name>.cjs.
  'worker-export': { entry: 'main/workers/export.ts', out: 'out/workers/export.cjs' },
  'worker-import': { entry: 'main/workers/import.ts', out: 'out/workers/import.cjs' },
  'worker-logSearch': { entry: 'main/workers/logSearch.ts', out: 'out/workers/logSearch.cjs' },
  'worker-csvIndex': { entry: 'main/workers/csvIndex.ts', out: 'out/workers/csvIndex.cjs' },
};

const selected = wanted.length ? wanted : [...Object.keys(nodeTargets), 'renderer'];
const log = (msg) => quiet || console.log(msg);

// `workers` names every worker target (vitest's global set-up builds them).
if (selected.includes('workers')) selected.splice(selected.indexOf('workers'), 1, ...Object.keys(nodeTargets).filter((n) => n.startsWith('worker-')));

for (const name of selected) {
  if (name === 'bridge' && !selected.includes('bridge-shim')) selected.push('bridge-shim');
}

for (const name of selected) {
  if (name === 'renderer') {
    if (!existsSync(path.join(root, 'renderer/vite.config.ts'))) {
      log('skip renderer: renderer/vite.config.ts does not exist yet');
      continue;
    }
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: quiet ? 'error' : 'info' });
    continue;
  }
  const target = nodeTargets[name];
  if (!target) throw new Error(`unknown build target: ${name}`);
  if (!existsSync(path.join(root, target.entry))) {
    log(`skip ${name}: ${target.entry} does not exist yet`);
    continue;
  }
  await esbuild({
    entryPoints: [path.join(root, target.entry)],
    outfile: path.join(root, target.out),
    bundle: true,
    platform: target.browser ? 'browser' : 'node',
    format: target.browser ? 'iife' : 'cjs',
    target: target.browser ? 'chrome120' : 'node20',
    sourcemap: true,
    external: target.browser ? [] : external,
    banner: target.banner ? { js: target.banner } : undefined,
    logLevel: quiet ? 'error' : 'info',
  });
}
