// The composition root shared by the Electron shell, the e2e/preview bridge and the CLI:
// opens the data directory's database and builds the router over it. When the database
// cannot be used, the router still answers `app.health`, so the window can show why.
import path from 'node:path';
import type { AppHealth } from '../shared/types';
import { DatabaseProblem, dbPath, openDatabase, type Db } from './db/connection';
import { systemClock, type ChooseSavePath, type Clock, type Sleep } from './ipc/context';
import { createHandlers } from './ipc/handlers';
import { createRouter, type Router } from './ipc/router';
import { createSecretStore, type SecretStore } from './secrets';
import { createLogsRuntime } from './services/logsRuntime';
import { createRejectedRuntime } from './services/rejectedRuntime';

export const VIGIE_VERSION = '0.1.0';

export interface BackendOptions {
  dataDir: string;
  nativeBinding?: string;
  clock?: Clock;
  /** Shown on the sign-in screen of a demo data directory. */
  demo?: { username: string; password: string };
  log?: (message: string, error?: unknown) => void;
  /** The OS keychain (default: service 'vigie'); tests pass a store with their own service name. */
  secrets?: SecretStore;
  /** The real-time wait after a failed sign-in; a seeding or a test may pass one that does not wait. */
  sleep?: Sleep;
  /** Where exports are saved: Electron's save dialog, the bridge's downloads folder, the CLI's --out. */
  chooseSavePath?: ChooseSavePath;
  /** The bundled workers (default: VIGIE_WORKERS_DIR, else out/workers beside this bundle). */
  workersDir?: string;
}

/** Bundles live in out/<target>/, workers in out/workers/; vitest names the folder in VIGIE_WORKERS_DIR. */
export function defaultWorkersDir(): string {
  return process.env.VIGIE_WORKERS_DIR ?? path.join(__dirname, '..', 'workers');
}

export interface Backend {
  router: Router;
  db: Db | null;
  health(): AppHealth;
  close(): void;
}

export function openBackend(options: BackendOptions): Backend {
  let db: Db | null = null;
  let problem: string | undefined;
  try {
    db = openDatabase(options.dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    if (!(error instanceof DatabaseProblem)) throw error;
    problem = error.message;
  }
  const health = (): AppHealth => ({
    status: db ? 'ok' : 'db-error',
    version: VIGIE_VERSION,
    dataDir: options.dataDir,
    ...(problem ? { problem } : {}),
    ...(options.demo ? { demo: options.demo } : {}),
  });
  // The Logs area pushes events through the router, which is built with it: emit goes through
  // this variable, set at once below.
  let emit: Router['emit'] = () => undefined;
  const logs = createLogsRuntime({ emit: (event, payload) => emit(event, payload) });
  const rejected = createRejectedRuntime({ emit: (event, payload) => emit(event, payload) });
  const router = createRouter({
    db,
    clock: options.clock ?? systemClock,
    dataDir: options.dataDir,
    handlers: createHandlers(health),
    secrets: options.secrets ?? createSecretStore({ service: 'vigie' }),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.chooseSavePath ? { chooseSavePath: options.chooseSavePath } : {}),
    workers: {
      workersDir: options.workersDir ?? defaultWorkersDir(),
      databaseFile: dbPath(options.dataDir),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    },
    logs,
    rejected,
    ...(options.log ? { log: options.log } : {}),
  });
  emit = router.emit;
  return {
    router,
    db,
    health,
    close: () => {
      // The watchers and search workers stop on their own time; the database closes now.
      void logs.close();
      void rejected.close();
      db?.close();
    },
  };
}
