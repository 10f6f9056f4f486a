// Where Vigie keeps its data: --data-dir (both spellings), then VIGIE_DATA_DIR, then the
// platform default; and the default itself per platform, matching Electron's userData.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirFromArgs, defaultDataDir, newDemoDataDir, resolveDataDir } from '../../main/db/dataDir';
import { dbPath } from '../../main/db/connection';
import { startBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

const FALLBACK = '/var/lib/vigie-fallback';

describe('resolveDataDir', () => {
  it('takes --data-dir DIR', () => {
    expect(resolveDataDir(['node', 'vigie', '--data-dir', '/srv/vigie'], {}, FALLBACK)).toBe('/srv/vigie');
  });

  it('takes --data-dir=DIR', () => {
    expect(resolveDataDir(['node', 'vigie', 'db', 'check', '--data-dir=/srv/other'], {}, FALLBACK)).toBe('/srv/other');
  });

  it('resolves a relative --data-dir against the working directory', () => {
    expect(resolveDataDir(['--data-dir', 'rel/dir'], {}, FALLBACK)).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir(['--data-dir=./x/../y'], {}, FALLBACK)).toBe(path.resolve('y'));
  });

  it('keeps spaces and unusual characters of the path', () => {
    expect(resolveDataDir(['--data-dir', '/mnt/Données partagées/été'], {}, FALLBACK)).toBe('/mnt/Données partagées/été');
    expect(resolveDataDir(['--data-dir=/a=b/c'], {}, FALLBACK)).toBe('/a=b/c');
  });

  it('uses VIGIE_DATA_DIR when no flag is given', () => {
    expect(resolveDataDir(['node', 'vigie'], { VIGIE_DATA_DIR: '/env/dir' }, FALLBACK)).toBe('/env/dir');
    expect(resolveDataDir([], { VIGIE_DATA_DIR: 'relative/env' }, FALLBACK)).toBe(path.resolve('relative/env'));
  });

  it('prefers the flag over the environment', () => {
    expect(resolveDataDir(['--data-dir', '/flag'], { VIGIE_DATA_DIR: '/env' }, FALLBACK)).toBe('/flag');
    expect(resolveDataDir(['--data-dir=/flag'], { VIGIE_DATA_DIR: '/env' }, FALLBACK)).toBe('/flag');
  });

  it('takes the first --data-dir when several are given', () => {
    expect(resolveDataDir(['--data-dir', '/first', '--data-dir=/second'], {}, FALLBACK)).toBe('/first');
  });

  it('falls back when there is neither flag nor environment variable', () => {
    expect(resolveDataDir(['node', 'vigie', '--demo'], {}, FALLBACK)).toBe(FALLBACK);
    expect(resolveDataDir([], { VIGIE_DATA_DIR: '' }, FALLBACK)).toBe(FALLBACK);
  });

  it('ignores a trailing --data-dir without a value', () => {
    expect(dataDirFromArgs(['node', 'vigie', '--data-dir'])).toBeUndefined();
    expect(dataDirFromArgs(['--data-dir', ''])).toBeUndefined();
    expect(resolveDataDir(['--data-dir'], { VIGIE_DATA_DIR: '/env' }, FALLBACK)).toBe('/env');
  });

  it('does not mistake look-alike flags for --data-dir', () => {
    expect(dataDirFromArgs(['--data-directory', '/x', '--data-dir-old=/y', '-data-dir', '/z'])).toBeUndefined();
  });
});

describe('defaultDataDir', () => {
  const home = os.homedir();

  it('follows XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg/conf' }, 'linux')).toBe(path.join('/xdg/conf', 'Vigie'));
    expect(defaultDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Vigie'));
    expect(defaultDataDir({}, 'freebsd')).toBe(path.join(home, '.config', 'Vigie'));
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/ignored' }, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Vigie'));
  });

  it('uses APPDATA on Windows, else AppData/Roaming in the home folder', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\ana\\AppData\\Roaming', 'Vigie'));
    expect(defaultDataDir({}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'Vigie'));
  });

  it('defaults to the running platform and environment', () => {
    expect(defaultDataDir()).toBe(defaultDataDir(process.env, process.platform));
  });
});

describe('data dirs in use', () => {
  it('opens the database in the directory the flags name', async () => {
    const chosen = path.join(makeTempDir(), 'chosen dir');
    const dataDir = resolveDataDir(['--data-dir', chosen], { VIGIE_DATA_DIR: makeTempDir() }, FALLBACK);
    const t = startBackend({ dataDir });
    try {
      expect(existsSync(dbPath(chosen))).toBe(true);
      const health = await t.call(t.session(), 'app.health', {});
      expect(health).toMatchObject({ ok: true, value: { status: 'ok', dataDir: chosen } });
    } finally {
      t.close();
    }
  });

  it('gives each demo a new empty folder under the temp dir', () => {
    const a = newDemoDataDir();
    const b = newDemoDataDir();
    try {
      expect(a).not.toBe(b);
      for (const dir of [a, b]) {
        expect(path.dirname(dir)).toBe(os.tmpdir());
        expect(path.basename(dir)).toMatch(/^vigie-demo-/);
        expect(readdirSync(dir)).toEqual([]);
      }
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
