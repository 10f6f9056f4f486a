// Playwright fixtures for Vigie: each test gets its own bridge server (the real router over a
// real SQLite file in a fresh temp dir), started as a child process exactly as `npm run preview`
// starts it, and stopped after the test. Import `test` and `expect` from here, not from
// @playwright/test.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { expect };

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BRIDGE_SERVER = path.join(REPO_ROOT, 'out/bridge/server.cjs');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/screenshots');
const READY_PREFIX = 'VIGIE_BRIDGE_READY ';

export interface BridgeOptions {
  /** Use this data dir (kept after stop). Default: a fresh temp dir, removed after stop. */
  dataDir?: string;
  /** Fill the data dir with the demo sample data (`--demo`). */
  demo?: boolean;
  port?: number;
  /** Extra environment for the server, e.g. VIGIE_RENDERER_DIR. */
  env?: Record<string, string>;
  /** Extra command-line arguments for the server. */
  args?: string[];
  /** How long to wait for the READY line (default 20 s, 90 s with demo data to seed). */
  startTimeoutMs?: number;
}

export interface RunningBridge {
  /** http://127.0.0.1:PORT/?token=TOKEN — open it with page.goto. */
  url: string;
  dataDir: string;
  port: number;
  token: string;
  /** http://127.0.0.1:PORT — the only Origin the WebSocket accepts. */
  origin: string;
  /** ws://127.0.0.1:PORT/__vigie/ws?token=TOKEN */
  wsUrl: string;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Everything the server wrote to stdout so far (the READY line, the preview text). */
  stdout(): string;
  /** The server process, for tests of its own lifecycle. */
  process: ChildProcess;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp data dir if we made it. */
  stop(): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) once the server has exited. */
  exited: Promise<number | null>;
}

function assertBuilt(): void {
  if (!existsSync(BRIDGE_SERVER)) {
    throw new Error(`${path.relative(REPO_ROOT, BRIDGE_SERVER)} is missing: run \`npm run build\` (or \`node scripts/build.mjs bridge renderer\`) before the e2e tests.`);
  }
}

/** Starts a bridge server and waits until it prints its READY line. */
export async function startBridge(options: BridgeOptions = {}): Promise<RunningBridge> {
  assertBuilt();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'vigie-e2e-'));
  const args = [BRIDGE_SERVER, '--data-dir', dataDir];
  if (options.demo) args.push('--demo');
  if (options.port !== undefined) args.push('--port', String(options.port));
  args.push(...(options.args ?? []));

  // A keychain service of the tests' own: e2e runs never touch the real Vigie's secrets.
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_KEYCHAIN_SERVICE: 'vigie-e2e', ...options.env };
  // The data dir is given explicitly; an inherited VIGIE_DATA_DIR must not matter.
  delete env.VIGIE_DATA_DIR;
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });

  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const cleanUp = () => {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const startTimeoutMs = options.startTimeoutMs ?? (options.demo ? 90_000 : 20_000);
  const ready = await new Promise<{ url: string; dataDir: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bridge server did not print its READY line within ${startTimeoutMs} ms.\nstderr:\n${stderr}`));
    }, startTimeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line.slice(READY_PREFIX.length)));
      } catch (error) {
        reject(new Error(`unreadable READY line: ${line} (${String(error)})`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bridge server exited (code ${code}) before it was ready.\nstderr:\n${stderr}`));
    });
  }).catch((error: unknown) => {
    cleanUp();
    throw error;
  });

  const url = new URL(ready.url);
  const token = url.searchParams.get('token') ?? '';
  let stopping: Promise<void> | undefined;
  return {
    url: ready.url,
    dataDir: ready.dataDir,
    port: ready.port,
    token,
    origin: url.origin,
    wsUrl: `ws://${url.host}/__vigie/ws?token=${encodeURIComponent(token)}`,
    stderr: () => stderr,
    stdout: () => stdout,
    process: child,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killer);
        }
        cleanUp();
      })();
      return stopping;
    },
  };
}

async function attachServerLog(testInfo: TestInfo, bridge: RunningBridge, name: string): Promise<void> {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach(name, { body: bridge.stderr() || '(empty)', contentType: 'text/plain' });
  }
}

export const test = base.extend<{ vigie: { url: string; dataDir: string }; bridge: RunningBridge }>({
  // The full handle (token, origin, stop…) for tests that need more than the URL.
  bridge: async ({}, use, testInfo) => {
    const bridge = await startBridge();
    try {
      await use(bridge);
    } finally {
      await bridge.stop();
      await attachServerLog(testInfo, bridge, 'bridge-server-stderr');
    }
  },
  vigie: async ({ bridge }, use) => {
    await use({ url: bridge.url, dataDir: bridge.dataDir });
  },
});

/** Saves a full-page screenshot to test-results/screenshots/<name>.png for review. */
export async function shot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be letters, digits, . _ - only: ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
