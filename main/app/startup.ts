// What the shell decides at start-up from its command line and environment, as pure
// functions (tested in plain Node): which data dir, whether it is a demo, which SQLite
// binary, where the built preload and renderer are.
import path from 'node:path';
import { resolveDataDir } from '../db/dataDir';

export interface StartupContext {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** app.getPath('userData') */
  userData: string;
  isPackaged: boolean;
  /** process.resourcesPath in a packaged app */
  resourcesPath: string;
}

export interface StartupPlan {
  /** `--demo`: a new data dir filled with sample data (unless --data-dir names one). */
  demo: boolean;
  /** Null when `--demo` without `--data-dir`: a fresh folder is made at start-up. */
  dataDir: string | null;
  /** better-sqlite3 built for Electron's ABI; undefined = the one in node_modules. */
  nativeBinding: string | undefined;
}

export const NATIVE_BINDING_FILE = 'better_sqlite3.node';

function namesDataDir(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='));
}

export function startupPlan(ctx: StartupContext): StartupPlan {
  const demo = ctx.argv.includes('--demo');
  // Sample data never goes into the real data dir (userData or VIGIE_DATA_DIR) unless one is
  // named explicitly on the command line, as the preview bridge does.
  const dataDir = demo && !namesDataDir(ctx.argv) ? null : resolveDataDir(ctx.argv, ctx.env, ctx.userData);
  return { demo, dataDir, nativeBinding: nativeBindingPath(ctx) };
}

/**
 * `npm start` passes the binary it built for this Electron in VIGIE_SQLITE_BINDING; a
 * packaged app carries it in resources/native/ (electron-builder.yml, extraResources).
 */
export function nativeBindingPath(ctx: Pick<StartupContext, 'env' | 'isPackaged' | 'resourcesPath'>): string | undefined {
  const fromEnv = ctx.env.VIGIE_SQLITE_BINDING;
  if (fromEnv) return path.resolve(fromEnv);
  if (ctx.isPackaged) return path.join(ctx.resourcesPath, 'native', NATIVE_BINDING_FILE);
  return undefined;
}

export interface BuiltFiles {
  preload: string;
  renderer: string;
  icon: string;
}

/** Paths of the built app, from the folder of out/main/index.cjs. */
export function builtFiles(mainDir: string): BuiltFiles {
  const out = path.resolve(mainDir, '..');
  return {
    preload: path.join(out, 'preload', 'index.cjs'),
    renderer: path.join(out, 'renderer'),
    // build/ is not packaged: in a packaged app the icon comes from electron-builder.
    icon: path.resolve(out, '..', 'build', 'icon.png'),
  };
}
