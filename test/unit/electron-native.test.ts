// The decisions of `npm start` about better-sqlite3 for Electron (scripts/electron-native.mjs):
// argument pass-through, where the Electron build is cached, when it can be reused. The
// download/compile itself needs the network and cannot run here; everything around it does.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  BINDING_FILE,
  ELECTRON_HEADERS_URL,
  STAMP_FILE,
  abiFromBinary,
  buildEnv,
  cacheVerdict,
  electronTarget,
  ensureElectronBinding,
  expectedStamp,
  isSourceEntry,
  launchArgs,
  launchEnv,
  nativeCacheDir,
  nodeGypCommand,
  prebuildInstallCommand,
  readCache,
  splitStartArgs,
  stageSources,
  type ElectronTarget,
} from '../../scripts/electron-native.mjs';
import { makeTempDir } from '../support/tempDir';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nodeBuild = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

const target: ElectronTarget = { electronVersion: '45.4.1', abi: '150', platform: 'linux', arch: 'x64', betterSqlite3Version: '12.11.1' };

describe('npm start arguments', () => {
  test('npm start -- --demo and -- --data-dir X reach the app unchanged', () => {
    // npm removes its own `--`: the script sees the app's arguments directly.
    expect(splitStartArgs(['--demo'])).toEqual({ options: new Set(), appArgs: ['--demo'] });
    expect(splitStartArgs(['--data-dir', '/srv/vigie'])).toEqual({ options: new Set(), appArgs: ['--data-dir', '/srv/vigie'] });
    expect(splitStartArgs([])).toEqual({ options: new Set(), appArgs: [] });
  });

  test('the script’s own options are taken out; a literal -- separates them explicitly', () => {
    expect(splitStartArgs(['--no-build', '--demo'])).toEqual({ options: new Set(['--no-build']), appArgs: ['--demo'] });
    expect(splitStartArgs(['--rebuild-native', '--', '--demo', '--no-build'])).toEqual({ options: new Set(['--rebuild-native']), appArgs: ['--demo', '--no-build'] });
    expect(() => splitStartArgs(['--demo', '--', '--data-dir', 'x'])).toThrow(/unknown option of scripts\/start\.mjs: --demo/);
  });

  test('Electron opens the project folder with the app arguments, the Electron binding and never as Node', () => {
    expect(launchArgs('/w', ['--demo'])).toEqual(['/w', '--demo']);
    const env = { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' };
    expect(launchEnv(env, '/w/.cache/b.node')).toEqual({ PATH: '/usr/bin', VIGIE_SQLITE_BINDING: '/w/.cache/b.node' });
    expect(env).toHaveProperty('ELECTRON_RUN_AS_NODE', '1');
  });
});

describe('the cache of the Electron build', () => {
  test('one folder per Electron version, platform and CPU, outside node_modules', () => {
    expect(nativeCacheDir('/w', target)).toBe(path.join('/w', '.cache', 'electron-native', '45.4.1-linux-x64'));
  });

  test('the installed Electron is read from node_modules', () => {
    const installed = electronTarget(root);
    expect(installed.electronVersion).toBe(JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version);
    expect(installed.abi).toMatch(/^\d+$/);
    expect(installed.abi).not.toBe(process.versions.modules);
    expect(installed.betterSqlite3Version).toMatch(/^\d+\.\d+\.\d+/);
  });

  const stamp = expectedStamp(target);

  test('a build stamped for this Electron, better-sqlite3 and ABI is reused', () => {
    expect(cacheVerdict(stamp, { stamp: { ...stamp, builtAt: 'x' }, bindingBytes: 1000, bindingAbi: '150' })).toEqual({ valid: true });
    // An unreadable ABI does not by itself throw away a stamped build.
    expect(cacheVerdict(stamp, { stamp, bindingBytes: 1000, bindingAbi: null })).toEqual({ valid: true });
  });

  test.each([
    ['nothing built yet', { stamp: null, bindingBytes: 0, bindingAbi: null }, /no Electron build/],
    ['a binary without stamp', { stamp: null, bindingBytes: 10, bindingAbi: '150' }, /no stamp/],
    ['Electron was upgraded', { stamp: { ...stamp, electronVersion: '44.0.0', abi: '145' }, bindingBytes: 10, bindingAbi: '145' }, /electronVersion 44\.0\.0.*45\.4\.1/],
    ['better-sqlite3 was upgraded', { stamp: { ...stamp, betterSqlite3Version: '12.0.0' }, bindingBytes: 10, bindingAbi: '150' }, /betterSqlite3Version 12\.0\.0/],
    ['another CPU', { stamp: { ...stamp, arch: 'arm64' }, bindingBytes: 10, bindingAbi: '150' }, /arch arm64/],
    ['the Node build copied in by mistake', { stamp, bindingBytes: 10, bindingAbi: '115' }, /ABI 115.*needs ABI 150/],
  ])('%s: rebuilt', (_name, found, reason) => {
    const verdict = cacheVerdict(stamp, found);
    expect(verdict.valid).toBe(false);
    expect(!verdict.valid && verdict.reason).toMatch(reason);
  });

  test('the ABI of a binary is read from its init symbol without loading it', () => {
    expect(abiFromBinary(readFileSync(nodeBuild))).toBe(process.versions.modules);
    expect(abiFromBinary(Buffer.from('\0\0node_register_module_v150\0'))).toBe('150');
    expect(abiFromBinary(Buffer.from('no symbol here'))).toBeNull();
    expect(abiFromBinary(Buffer.from('node_register_module_v115 node_register_module_v150'))).toBeNull();
  });

  test('the real Node build of better-sqlite3, stamped as Electron’s, is refused', () => {
    const dir = makeTempDir('vigie-native-cache-');
    copyFileSync(nodeBuild, path.join(dir, BINDING_FILE));
    writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify(stamp));
    const found = readCache(dir);
    expect(found.bindingAbi).toBe(process.versions.modules);
    expect(cacheVerdict(stamp, found)).toMatchObject({ valid: false, reason: expect.stringMatching(/needs ABI 150/) });
  });

  test('a valid cached build is returned without building anything', () => {
    const fakeRoot = makeTempDir('vigie-native-root-');
    const installed = electronTarget(root);
    mkdirSync(path.join(fakeRoot, 'node_modules/electron'), { recursive: true });
    mkdirSync(path.join(fakeRoot, 'node_modules/better-sqlite3'), { recursive: true });
    writeFileSync(path.join(fakeRoot, 'node_modules/electron/package.json'), JSON.stringify({ version: installed.electronVersion }));
    writeFileSync(path.join(fakeRoot, 'node_modules/electron/abi_version'), `${installed.abi}\n`);
    writeFileSync(path.join(fakeRoot, 'node_modules/better-sqlite3/package.json'), JSON.stringify({ version: installed.betterSqlite3Version }));
    const dir = nativeCacheDir(fakeRoot, installed);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, BINDING_FILE), `ELF…node_register_module_v${installed.abi}…`);
    writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify(expectedStamp(installed)));
    const logged: string[] = [];
    expect(ensureElectronBinding(fakeRoot, { log: (m) => logged.push(m) })).toBe(path.join(dir, BINDING_FILE));
    expect(logged).toEqual([]);
  });
});

describe('building for Electron', () => {
  test('prebuild-install asks for the Electron runtime and version', () => {
    const { command, args } = prebuildInstallCommand('/n/prebuild-install/bin.js', target);
    expect(command).toBe(process.execPath);
    expect(args).toEqual(['/n/prebuild-install/bin.js', '--runtime', 'electron', '--target', '45.4.1', '--arch', 'x64', '--platform', 'linux', '--verbose']);
  });

  test('node-gyp builds against Electron’s headers', () => {
    const { args } = nodeGypCommand('/n/node-gyp/bin/node-gyp.js', target);
    expect(args).toEqual(['/n/node-gyp/bin/node-gyp.js', 'rebuild', '--release', '--runtime=electron', '--target=45.4.1', '--arch=x64', `--dist-url=${ELECTRON_HEADERS_URL}`]);
  });

  test('the build is aimed at Electron even when an .npmrc sets nodedir for Node builds', () => {
    const env = buildEnv({ PATH: '/usr/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_target: '20.0.0', npm_config_cache: '/c' }, target);
    expect(env).toEqual({
      PATH: '/usr/bin',
      npm_config_cache: '/c',
      npm_config_runtime: 'electron',
      npm_config_target: '45.4.1',
      npm_config_disturl: ELECTRON_HEADERS_URL,
      npm_config_arch: 'x64',
    });
  });

  test('the staging copy takes the sources and never the Node build', () => {
    expect(isSourceEntry('binding.gyp')).toBe(true);
    expect(isSourceEntry('src/better_sqlite3.cpp')).toBe(true);
    expect(isSourceEntry('deps/sqlite3/sqlite3.c')).toBe(true);
    expect(isSourceEntry('build/Release/better_sqlite3.node')).toBe(false);
    const staging = makeTempDir('vigie-native-staging-');
    stageSources(path.dirname(path.dirname(path.dirname(nodeBuild))), staging);
    expect(existsSync(path.join(staging, 'binding.gyp'))).toBe(true);
    expect(existsSync(path.join(staging, 'src'))).toBe(true);
    expect(existsSync(path.join(staging, 'package.json'))).toBe(true);
    expect(existsSync(path.join(staging, 'build'))).toBe(false);
    // …and node_modules/better-sqlite3 still has its Node build.
    expect(existsSync(nodeBuild)).toBe(true);
  });
});
