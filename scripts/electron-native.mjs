// better-sqlite3 for Electron, kept apart from the one in node_modules (built for Node, used by
// the tests and the CLI), so `npm test` and `npm start` work in either order on one checkout.
//
// The Electron build lives in .cache/electron-native/<electron>-<platform>-<arch>/ with a
// stamp saying what it was built for. It is made from a COPY of node_modules/better-sqlite3
// in a temp folder: first `prebuild-install --runtime electron` (a download from the
// better-sqlite3 GitHub release), else `node-gyp rebuild` against Electron's headers.
// The decisions are pure functions (test/unit/electron-native.test.ts); the I/O is below them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const BINDING_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'stamp.json';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** Options of scripts/start.mjs itself; everything else goes to the app. */
export const START_OPTIONS = ['--rebuild-native', '--native-only', '--no-build'];

// ---------------------------------------------------------------- pure decisions

/**
 * Splits `npm start -- …` arguments. npm drops its own `--`, so the script usually sees only
 * the app's arguments; a literal `--` (`node scripts/start.mjs --no-build -- --demo`) separates
 * the script's options from the app's explicitly.
 */
export function splitStartArgs(args) {
  const separator = args.indexOf('--');
  if (separator >= 0) {
    const own = args.slice(0, separator);
    const unknown = own.filter((arg) => !START_OPTIONS.includes(arg));
    if (unknown.length > 0) throw new Error(`unknown option of scripts/start.mjs: ${unknown.join(' ')} (app options go after --)`);
    return { options: new Set(own), appArgs: args.slice(separator + 1) };
  }
  return { options: new Set(args.filter((arg) => START_OPTIONS.includes(arg))), appArgs: args.filter((arg) => !START_OPTIONS.includes(arg)) };
}

/** Where `npm start -- --native-only` leaves the binding that electron-builder packages. */
export function packagingDir(root) {
  return path.join(root, '.cache', 'electron-native', 'package');
}

/** The folder of the binding for one Electron version, platform and CPU. */
export function nativeCacheDir(root, target) {
  return path.join(root, '.cache', 'electron-native', `${target.electronVersion}-${target.platform}-${target.arch}`);
}

/** What a built binding must match to be reused. */
export function expectedStamp(target) {
  return {
    electronVersion: target.electronVersion,
    abi: target.abi,
    platform: target.platform,
    arch: target.arch,
    betterSqlite3Version: target.betterSqlite3Version,
  };
}

/**
 * Whether the cached binding can be used: `found` is what is on disk (stamp: parsed stamp.json
 * or null; bindingBytes: size of the .node file or 0; bindingAbi: what probing it said, or
 * null when unknown). Returns { valid: true } or { valid: false, reason }.
 */
export function cacheVerdict(expected, found) {
  if (!found.bindingBytes) return { valid: false, reason: 'no Electron build of better-sqlite3 yet' };
  if (!found.stamp) return { valid: false, reason: 'the cached build has no stamp' };
  for (const key of Object.keys(expected)) {
    if (String(found.stamp[key]) !== String(expected[key])) {
      return { valid: false, reason: `the cached build is for ${key} ${found.stamp[key]}, this checkout needs ${expected[key]}` };
    }
  }
  if (found.bindingAbi !== null && found.bindingAbi !== undefined && String(found.bindingAbi) !== String(expected.abi)) {
    return { valid: false, reason: `the cached binary is built for ABI ${found.bindingAbi}, Electron ${expected.electronVersion} needs ABI ${expected.abi}` };
  }
  return { valid: true };
}

/**
 * The ABI a native module was built for, read from the name of its init function
 * (`node_register_module_v<ABI>`, exported by NODE_MODULE_INIT) without loading it. Works on
 * ELF, Mach-O and PE files alike; null when the name is absent or ambiguous.
 */
export function abiFromBinary(bytes) {
  const text = Buffer.from(bytes).toString('latin1');
  const found = new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((match) => match[1]));
  return found.size === 1 ? [...found][0] : null;
}

/** `prebuild-install` for Electron, run inside the staging copy of better-sqlite3. */
export function prebuildInstallCommand(prebuildInstallBin, target) {
  return {
    command: process.execPath,
    args: [prebuildInstallBin, '--runtime', 'electron', '--target', target.electronVersion, '--arch', target.arch, '--platform', target.platform, '--verbose'],
  };
}

/** `node-gyp rebuild` against Electron's headers, run inside the staging copy. */
export function nodeGypCommand(nodeGypBin, target) {
  return {
    command: process.execPath,
    args: [nodeGypBin, 'rebuild', '--release', '--runtime=electron', `--target=${target.electronVersion}`, `--arch=${target.arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`],
  };
}

/**
 * The environment of prebuild-install and node-gyp: aimed at Electron, and rid of any
 * `nodedir` (from an .npmrc or npm itself), which would make node-gyp compile against the
 * local Node's headers whatever --target says.
 */
export function buildEnv(env, target) {
  const next = {};
  for (const [key, value] of Object.entries(env)) {
    if (!/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch)$/i.test(key)) next[key] = value;
  }
  return { ...next, npm_config_runtime: 'electron', npm_config_target: target.electronVersion, npm_config_disturl: ELECTRON_HEADERS_URL, npm_config_arch: target.arch };
}

/** The environment Electron is launched with. */
export function launchEnv(env, bindingPath) {
  const next = { ...env, VIGIE_SQLITE_BINDING: bindingPath };
  // Set by some editors' terminals; it would make the Electron binary behave as plain Node.
  delete next.ELECTRON_RUN_AS_NODE;
  return next;
}

/** Electron is started on the project folder (package.json "main" = out/main/index.cjs). */
export function launchArgs(root, appArgs) {
  return [root, ...appArgs];
}

/** Only these parts of better-sqlite3 are needed to build it; build/ (the Node build) is never copied. */
export function isSourceEntry(relative) {
  const top = relative.split(/[\\/]/)[0];
  return ['package.json', 'binding.gyp', 'src', 'deps', 'lib'].includes(top);
}

// ---------------------------------------------------------------- reading the machine

export function electronTarget(root) {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const electronPkg = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  const abiFile = path.join(electronDir, 'abi_version');
  const sqlitePkg = JSON.parse(readFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
  return {
    electronVersion: electronPkg.version,
    abi: existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null,
    platform: process.platform,
    arch: process.arch,
    betterSqlite3Version: sqlitePkg.version,
  };
}

export function probeBindingAbi(file) {
  return abiFromBinary(readFileSync(file));
}

export function readCache(dir, { probe = probeBindingAbi } = {}) {
  const binding = path.join(dir, BINDING_FILE);
  let stamp = null;
  try {
    stamp = JSON.parse(readFileSync(path.join(dir, STAMP_FILE), 'utf8'));
  } catch {
    stamp = null;
  }
  const bindingBytes = existsSync(binding) ? statSync(binding).size : 0;
  return { stamp, bindingBytes, bindingAbi: bindingBytes ? probe(binding) : null };
}

/** Where node_modules/electron put its binary, or null when it was never downloaded. */
export function installedElectronBinary(root) {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * The Electron binary to launch. When npm's install step could not download it, the
 * `electron` package downloads it on first require; a failure says what to do.
 */
export function electronBinary(root, { log = console.log } = {}) {
  const installed = installedElectronBinary(root);
  if (installed) return installed;
  log('The Electron binary is not downloaded yet: fetching it now (needs network access to github.com)…');
  try {
    const binary = createRequire(path.join(root, 'package.json'))('electron');
    if (typeof binary === 'string' && existsSync(binary)) return binary;
  } catch {
    // reported below
  }
  throw new Error(
    [
      'the Electron binary is missing and could not be downloaded.',
      'Connect to the network and run `npx install-electron` (or `npm rebuild electron`), then `npm start` again.',
      'Behind a proxy or mirror, set ELECTRON_MIRROR; see https://www.electronjs.org/docs/latest/tutorial/installation',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------- building

/** Copies what building better-sqlite3 needs into `staging`; its Node build stays where it is. */
export function stageSources(sourceDir, staging) {
  cpSync(sourceDir, staging, { recursive: true, filter: (src) => src === sourceDir || isSourceEntry(path.relative(sourceDir, src)) });
}

function run(step, { command, args }, cwd, target, log) {
  log(`  ${step}: ${path.basename(args[0])} ${args.slice(1).join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: buildEnv(process.env, target) });
  if (result.error) return `${step} could not start: ${result.error.message}`;
  if (result.status !== 0) return `${step} exited with ${result.status ?? result.signal}`;
  return null;
}

/**
 * Makes sure a better-sqlite3 binary for the installed Electron is in the cache and returns
 * its path. Throws an Error whose message says what failed and what to do.
 */
export function ensureElectronBinding(root, { force = false, log = console.log } = {}) {
  const target = electronTarget(root);
  if (!target.abi) throw new Error(`node_modules/electron/abi_version is missing: reinstall with \`npm ci\``);
  const dir = nativeCacheDir(root, target);
  const binding = path.join(dir, BINDING_FILE);
  const expected = expectedStamp(target);
  const verdict = force ? { valid: false, reason: '--rebuild-native' } : cacheVerdict(expected, readCache(dir));
  if (verdict.valid) return binding;

  log(`better-sqlite3 for Electron ${target.electronVersion} (ABI ${target.abi}, ${target.platform}-${target.arch}): building it once (${verdict.reason})`);
  const require = createRequire(path.join(root, 'package.json'));
  const sourceDir = path.join(root, 'node_modules', 'better-sqlite3');
  const staging = mkdtempSync(path.join(os.tmpdir(), 'vigie-electron-native-'));
  const failures = [];
  try {
    stageSources(sourceDir, staging);
    const built = path.join(staging, 'build', 'Release', BINDING_FILE);

    const prebuild = run('prebuild-install', prebuildInstallCommand(require.resolve('prebuild-install/bin.js'), target), staging, target, log);
    if (prebuild) failures.push(prebuild);
    if (prebuild || !existsSync(built)) {
      rmSync(path.join(staging, 'build'), { recursive: true, force: true });
      const gyp = run('node-gyp', nodeGypCommand(require.resolve('node-gyp/bin/node-gyp.js'), target), staging, target, log);
      if (gyp) failures.push(gyp);
    }
    if (!existsSync(built)) {
      throw new Error(
        [
          `could not get better-sqlite3 for Electron ${target.electronVersion}:`,
          ...failures.map((failure) => `  - ${failure}`),
          'The first `npm start` needs network access once: to github.com (prebuilt binary) or',
          `to ${ELECTRON_HEADERS_URL} plus a C++20 compiler, Python 3 and make (build from source).`,
          'node_modules/better-sqlite3 was not touched: `npm test` and the CLI keep working.',
        ].join('\n'),
      );
    }
    const abi = probeBindingAbi(built);
    const check = cacheVerdict(expected, { stamp: expected, bindingBytes: statSync(built).size, bindingAbi: abi });
    if (!check.valid) throw new Error(`the better-sqlite3 binary just built is not usable: ${check.reason}`);

    // Written next to its final place, then renamed: an interrupted run leaves no half file.
    mkdirSync(dir, { recursive: true });
    copyFileSync(built, `${binding}.partial`);
    renameSync(`${binding}.partial`, binding);
    writeFileSync(path.join(dir, STAMP_FILE), `${JSON.stringify({ ...expected, builtAt: new Date().toISOString() }, null, 2)}\n`);
    log(`better-sqlite3 for Electron ready: ${path.relative(root, binding)}`);
    return binding;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Copies the binding (and its stamp) to packagingDir for electron-builder's extraResources. */
export function copyForPackaging(root, binding) {
  const dir = packagingDir(root);
  mkdirSync(dir, { recursive: true });
  copyFileSync(binding, path.join(dir, BINDING_FILE));
  copyFileSync(path.join(path.dirname(binding), STAMP_FILE), path.join(dir, STAMP_FILE));
  return path.join(dir, BINDING_FILE);
}
