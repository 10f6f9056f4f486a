// Where Vigie keeps its data: `--data-dir DIR`, else VIGIE_DATA_DIR, else the platform's
// default (Electron's userData for the app, a dot folder in the home directory for the CLI).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function dataDirFromArgs(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir' && argv[i + 1]) return path.resolve(argv[i + 1]!);
    if (arg.startsWith('--data-dir=')) return path.resolve(arg.slice('--data-dir='.length));
  }
  return undefined;
}

export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: string): string {
  return dataDirFromArgs(argv) ?? (env.VIGIE_DATA_DIR ? path.resolve(env.VIGIE_DATA_DIR) : path.resolve(fallback));
}

/** The default outside Electron, matching Electron's userData for the app name "Vigie". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Vigie');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Vigie');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Vigie');
}

/** A fresh folder for `--demo`, so sample data never mixes with real data. */
export function newDemoDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'vigie-demo-'));
}
