// What the UI benchmarks share: the bridge server of the e2e tests on a prepared data dir,
// Debian's Chromium driven by Playwright (loaded from node_modules at run time, never bundled),
// and the bench Manager that signs in.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM = process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium';

/** The Manager a UI benchmark sets up in its data dir, then signs in as. */
export const BENCH_MANAGER = { username: 'bench.manager', firstName: 'Bench', lastName: 'Manager', email: 'bench@example.com', password: 'a long bench password 42' };

/** The bridge server of the e2e tests (out/bridge/server.cjs, next to this bundle) on that data dir. */
export async function startBridge(dataDir: string): Promise<{ url: string; process: ChildProcess }> {
  const server = path.join(__dirname, '..', 'bridge', 'server.cjs');
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_KEYCHAIN_SERVICE: 'vigie-bench' };
  delete env.VIGIE_DATA_DIR;
  const child = spawn(process.execPath, [server, '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bridge did not start:\n${stderr}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('VIGIE_BRIDGE_READY '));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line.slice('VIGIE_BRIDGE_READY '.length)) as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited (${code}):\n${stderr}`));
    });
  });
  return { url, process: child };
}

export async function stopBridge(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/** Chromium with a 1280×800 page; the caller closes the browser. */
export async function launchChromium(): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = createRequire(path.join(process.cwd(), 'package.json'))('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  return { browser, page };
}

/** Opens the bridge's page and signs in as BENCH_MANAGER. */
export async function signInAsManager(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const form = page.getByTestId('signin-form');
  await form.locator('input[name="username"]').fill(BENCH_MANAGER.username);
  await form.locator('input[name="password"]').fill(BENCH_MANAGER.password);
  await form.locator('button[type="submit"]').click();
}
