// The Electron main process as built (main/app/index.ts bundled by esbuild like
// scripts/build.mjs does), run in plain Node against a recording stand-in for the 'electron'
// module, with a real SQLite data dir. No Electron binary can run here, so this is how the
// wiring is proven: the privileged scheme before 'ready', the sandbox, the window options,
// the guards on every web contents, the permission and request handlers, the app:// file
// server with its CSP, the IPC binding with its sender check and push events, the
// single-instance lock, and closing the database on quit. What it cannot prove is that
// Electron itself honours these settings.
import { build } from 'esbuild';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/app/security';
import { MANAGER } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let bundle = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(root, 'main/app/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3', '@napi-rs/keyring', '@node-rs/argon2'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
});

type Handler = (...args: any[]) => any;

/** A recording stand-in for the parts of 'electron' the shell uses. */
function fakeElectron(options: { lock: boolean; appData: string }) {
  const calls: string[] = [];
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  let isReady = false;
  const paths: Record<string, string> = { appData: options.appData };
  const contents = new Map<number, FakeContents>();
  const windows: FakeWindow[] = [];
  const opened: string[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, Handler>();
  const session: Record<string, any> = { on: new Map<string, Handler>() };

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setName: (name: string) => calls.push(`setName ${name}`),
    setPath: (name: string, value: string) => {
      paths[name] = value;
      calls.push(`setPath ${name}`);
    },
    getPath: (name: string) => paths[name] ?? path.join(options.appData, name),
    enableSandbox: () => calls.push(`enableSandbox ready=${isReady}`),
    requestSingleInstanceLock: () => options.lock,
    quit: () => {
      calls.push('quit');
      app.emit('will-quit', { preventDefault() {} });
    },
    exit: (code: number) => calls.push(`exit ${code}`),
    whenReady: () => ready,
    isReady: () => isReady,
    setAboutPanelOptions: () => calls.push('setAboutPanelOptions'),
    getPreferredSystemLanguages: () => ['en-US'],
  });

  let nextId = 1;
  class FakeContents extends EventEmitter {
    readonly id = nextId++;
    openHandler: Handler | null = null;
    sent: Array<[string, unknown]> = [];
    destroyed = false;
    setWindowOpenHandler(handler: Handler) {
      this.openHandler = handler;
    }
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeContents();
    loaded: string[] = [];
    shown = 0;
    focused = 0;
    constructor(readonly options: Record<string, any>) {
      super();
      contents.set(this.webContents.id, this.webContents);
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      this.shown++;
    }
    focus() {
      this.focused++;
    }
    isMinimized() {
      return false;
    }
    restore() {}
  }

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`registerSchemesAsPrivileged ready=${isReady} ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: Handler) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (session.request = h),
        setPermissionCheckHandler: (h: Handler) => (session.check = h),
        setDevicePermissionHandler: (h: Handler) => (session.device = h),
        on: (event: string, h: Handler) => session.on.set(event, h),
        webRequest: { onBeforeRequest: (filter: unknown, h: Handler) => (session.beforeRequest = { filter, h }) },
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => {
        ipcHandlers.delete(channel);
        calls.push(`removeHandler ${channel}`);
      },
    },
    webContents: { fromId: (id: number) => contents.get(id) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => calls.push('setApplicationMenu') },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
    dialog: { showErrorBox: (_title: string, message: string) => calls.push(`showErrorBox ${message}`) },
    nativeTheme: { shouldUseDarkColors: false },
  };
  return {
    electron,
    calls,
    windows,
    opened,
    ipcHandlers,
    protocolHandlers,
    session,
    ready: () => {
      isReady = true;
      resolveReady();
    },
  };
}

/** Loads the bundle as out/main/index.cjs under `outDir`, with `electron` replaced. */
function runMain(outDir: string, electron: unknown) {
  const filename = path.join(outDir, 'main', 'index.cjs');
  const m = new Module(filename) as Module & { _compile(code: string, file: string): void; paths: string[] };
  m.filename = filename;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(root);
  const original = m.require.bind(m);
  m.require = ((id: string) => (id === 'electron' ? electron : original(id))) as NodeJS.Require;
  m._compile(bundle, filename);
}

async function until(condition: () => boolean, ms = 5_000) {
  for (let waited = 0; waited < ms && !condition(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

const ourFrame = { url: 'app://vigie/index.html', parent: null, detached: false, isDestroyed: () => false };

describe('the Electron main process, wired', () => {
  const savedEnv = { ...process.env };
  const savedListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const errors: string[] = [];
  const savedError = console.error;
  let running: ReturnType<typeof fakeElectron> | null = null;

  afterEach(() => {
    // Quit the app of the test, so its database is closed before its folder is removed.
    if (running && !running.calls.includes('quit')) running.electron.app.quit();
    running = null;
    process.env = { ...savedEnv };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!savedListeners[signal].includes(listener)) process.off(signal, listener);
    }
    console.error = savedError;
    errors.length = 0;
  });

  async function start() {
    const dir = makeTempDir('vigie-main-');
    const outDir = path.join(dir, 'out');
    mkdirSync(path.join(outDir, 'renderer'), { recursive: true });
    writeFileSync(path.join(outDir, 'renderer', 'index.html'), '<!doctype html><title>Vigie test page</title>');
    const dataDir = path.join(dir, 'data');
    process.env.VIGIE_DATA_DIR = dataDir;
    delete process.env.VIGIE_SQLITE_BINDING;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    const fake = fakeElectron({ lock: true, appData: path.join(dir, 'appData') });
    running = fake;
    runMain(outDir, fake.electron);
    return { fake, dataDir, outDir };
  }

  test('before ready: app://vigie is privileged (not CSP-bypassing), the sandbox is global, data lives in <appData>/Vigie', async () => {
    const { fake } = await start();
    const registered = fake.calls.find((c) => c.startsWith('registerSchemesAsPrivileged'))!;
    expect(registered).toContain('ready=false');
    const schemes = JSON.parse(registered.slice(registered.indexOf('['))) as Array<{ scheme: string; privileges: Record<string, boolean> }>;
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.calls).toContain('enableSandbox ready=false');
    expect(fake.electron.app.getPath('userData')).toBe(path.join(fake.electron.app.getPath('appData'), 'Vigie'));
    expect(fake.windows).toHaveLength(0);
    fake.ready();
    await until(() => fake.windows.length === 1);
  });

  test('after ready: one sandboxed window loading app://vigie/index.html, titled Vigie, shown when painted', async () => {
    const { fake, outDir } = await start();
    fake.ready();
    await until(() => fake.windows.length === 1);
    const window = fake.windows[0]!;
    expect(window.options.title).toBe('Vigie');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: path.join(outDir, 'preload', 'index.cjs') });
    expect(window.loaded).toEqual(['app://vigie/index.html']);
    const title = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    window.emit('page-title-updated', title);
    expect(title.defaultPrevented).toBe(true);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
    expect(fake.calls).toContain('setApplicationMenu');
  });

  test('every web contents is guarded: navigation away, redirects, webviews and new windows are refused', async () => {
    const { fake } = await start();
    fake.ready();
    await until(() => fake.windows.length === 1);
    const contents = fake.windows[0]!.webContents;
    const attempt = (event: string, url: string) => {
      const e = { url, prevented: false, preventDefault() { this.prevented = true; } };
      contents.emit(event, e);
      return e.prevented;
    };
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(attempt(event, 'https://evil.example/')).toBe(true);
      expect(attempt(event, 'file:///etc/passwd')).toBe(true);
      expect(attempt(event, 'app://vigie/index.html')).toBe(false);
    }
    expect(attempt('will-attach-webview', 'app://vigie/index.html')).toBe(true);
    expect(contents.openHandler!({ url: 'https://www.odoo.com/documentation' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'app://vigie/index.html' })).toEqual({ action: 'deny' });
    await until(() => fake.opened.length === 1);
    expect(fake.opened).toEqual(['https://www.odoo.com/documentation']);
  });

  test('permissions, devices, downloads and web requests of the session are refused', async () => {
    const { fake } = await start();
    fake.ready();
    await until(() => fake.windows.length === 1);
    const granted: boolean[] = [];
    fake.session.request({}, 'media', (answer: boolean) => granted.push(answer), {});
    fake.session.request({}, 'notifications', (answer: boolean) => granted.push(answer), {});
    expect(granted).toEqual([false, false]);
    expect(fake.session.check({}, 'clipboard-read', 'app://vigie', {})).toBe(false);
    expect(fake.session.device({})).toBe(false);
    const download = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.session.on.get('will-download')!(download);
    expect(download.prevented).toBe(true);
    expect(fake.session.beforeRequest.filter).toEqual({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] });
    const answers: unknown[] = [];
    fake.session.beforeRequest.h({ url: 'https://tracker.example/' }, (answer: unknown) => answers.push(answer));
    expect(answers).toEqual([{ cancel: true }]);
  });

  test('app:// serves the built renderer with the CSP header', async () => {
    const { fake } = await start();
    fake.ready();
    await until(() => fake.windows.length === 1);
    const serve = fake.protocolHandlers.get('app')!;
    const page = (await serve({ method: 'GET', url: 'app://vigie/index.html' })) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('Vigie test page');
    const escape = (await serve({ method: 'GET', url: 'app://vigie/../../../etc/passwd' })) as Response;
    expect(escape.status).toBe(404);
  });

  test('IPC: our window is served with its own session; other senders are refused; signed-in windows get push events', async () => {
    const { fake, dataDir } = await start();
    fake.ready();
    await until(() => fake.windows.length === 1);
    const handler = fake.ipcHandlers.get('vigie:call')!;
    const window = fake.windows[0]!;
    const from = (frame: unknown, id = window.webContents.id) => ({ sender: { id }, senderFrame: frame });

    expect(await handler(from(ourFrame), 'app.health', {})).toMatchObject({ ok: true, value: { status: 'ok', dataDir } });
    const refused = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await handler(from({ ...ourFrame, url: 'https://evil.example/' }), 'app.health', {})).toMatchObject(refused);
    expect(await handler(from({ ...ourFrame, parent: {} }), 'app.health', {})).toMatchObject(refused);
    expect(await handler(from({ ...ourFrame, detached: true }), 'app.health', {})).toMatchObject(refused);
    expect(await handler(from(null), 'app.health', {})).toMatchObject(refused);
    expect(await handler(from(ourFrame, 999), 'app.health', {})).toMatchObject(refused);

    expect(await handler(from(ourFrame), 'auth.setup', { ...MANAGER })).toMatchObject({ ok: true });
    window.webContents.sent.length = 0;
    const created = await handler(from(ourFrame), 'accounts.create', {
      username: 'jean.dupont',
      firstName: 'Jean',
      lastName: 'Dupont',
      email: 'jean.dupont@example.com',
      password: 'another long password',
    });
    expect(created).toMatchObject({ ok: true });
    expect(window.webContents.sent).toEqual([['vigie:event', { event: 'data.changed', payload: { areas: ['accounts', 'audit'] } }]]);

    // Closing the window ends its session.
    window.emit('closed');
    expect(await handler(from(ourFrame), 'auth.status', {})).toMatchObject(refused);
  });

  test('a second launch focuses the window; quitting closes the database cleanly', async () => {
    const { fake, dataDir } = await start();
    fake.ready();
    await until(() => fake.windows.length === 1);
    fake.electron.app.emit('second-instance', {}, [], '/');
    expect(fake.windows[0]!.focused).toBe(1);
    expect(fake.windows).toHaveLength(1);
    expect(existsSync(path.join(dataDir, 'vigie.db-wal'))).toBe(true);
    fake.electron.app.quit();
    expect(fake.calls).toContain('removeHandler vigie:call');
    // The last connection closing checkpoints and removes the WAL.
    expect(existsSync(path.join(dataDir, 'vigie.db-wal'))).toBe(false);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  test('--demo fills a new data dir with sample data through the real seeding, and shows its sign-in', async () => {
    const savedArgv = process.argv;
    const demoDir = path.join(makeTempDir('vigie-main-demo-'), 'demo');
    process.argv = [...savedArgv, '--demo', `--data-dir=${demoDir}`];
    const written: string[] = [];
    const savedWrite = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      const { fake } = await start();
      fake.ready();
      // Seeding 30 days of sample use hashes many passwords: seconds, not milliseconds.
      await until(() => fake.windows.length === 1, 55_000);
      const handler = fake.ipcHandlers.get('vigie:call')!;
      const health = await handler({ sender: { id: fake.windows[0]!.webContents.id }, senderFrame: ourFrame }, 'app.health', {});
      expect(health).toMatchObject({ ok: true, value: { status: 'ok', dataDir: demoDir, demo: { username: expect.any(String), password: expect.any(String) } } });
      const { username, password } = health.value.demo;
      expect(written.join('')).toContain(`${username} / ${password}`);
      const signIn = await handler({ sender: { id: fake.windows[0]!.webContents.id }, senderFrame: ourFrame }, 'auth.signIn', { username, password });
      expect(signIn).toMatchObject({ ok: true });
    } finally {
      process.argv = savedArgv;
      process.stdout.write = savedWrite;
    }
  }, 60_000);

  test('a start-up failure is shown in a dialog and ends the process with code 1', async () => {
    const savedArgv = process.argv;
    const taken = makeTempDir('vigie-main-taken-');
    writeFileSync(path.join(taken, 'vigie.db'), '');
    process.argv = [...savedArgv, '--demo', '--data-dir', taken];
    const savedWrite = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      const { fake } = await start();
      fake.ready();
      await until(() => fake.calls.includes('exit 1'));
      expect(fake.calls.find((c) => c.startsWith('showErrorBox'))).toMatch(/already holds a Vigie database/);
      expect(fake.windows).toHaveLength(0);
    } finally {
      process.argv = savedArgv;
      process.stdout.write = savedWrite;
    }
  });

  test('when another Vigie holds the lock, this one quits without opening anything', async () => {
    const dir = makeTempDir('vigie-main-');
    process.env.VIGIE_DATA_DIR = path.join(dir, 'data');
    const fake = fakeElectron({ lock: false, appData: path.join(dir, 'appData') });
    runMain(path.join(dir, 'out'), fake.electron);
    fake.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls).toContain('quit');
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });
});
