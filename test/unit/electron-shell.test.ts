// The Electron shell's security policy, checked in plain Node (no Electron binary can run
// here): the exact window options, the CSP, which URLs are ours, which IPC senders are
// served, the per-window sessions against a real router and SQLite file, the renderer file
// server, and the preload bridge. A regression here fails even if Electronegativity
// (npm run check:electron) does not notice it.
import { build } from 'esbuild';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { events } from '../../shared/contract';
import { applicationMenuTemplate, menuLanguage } from '../../main/app/menu';
import { contentTypeFor, rendererFileFor, serveRendererRequest } from '../../main/app/rendererFiles';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  BLOCKED_REQUEST_URLS,
  CONTENT_SECURITY_POLICY,
  RESPONSE_HEADERS,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  mayNavigate,
  permissionGranted,
  windowOpenDecision,
} from '../../main/app/security';
import { builtFiles, nativeBindingPath, startupPlan } from '../../main/app/startup';
import { createMainWindow } from '../../main/app/windowOptions';
import { createWindowSessions } from '../../main/app/windowSessions';
import { createBridge, type BridgeTransport } from '../../preload/bridge';
import { CALL_CHANNEL, EVENT_CHANNEL, PUSH_EVENTS } from '../../preload/channels';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('main window options', () => {
  class RecordingWindow {
    static last: unknown;
    constructor(options: unknown) {
      RecordingWindow.last = options;
    }
  }
  const open = (devTools = false) => {
    createMainWindow(RecordingWindow, { preload: '/app/out/preload/index.cjs' }, { dark: false, devTools });
    return RecordingWindow.last as { title: string; show: boolean; webPreferences: Record<string, unknown> };
  };

  test('isolate and sandbox the renderer, with no Node, no webview and no insecure content', () => {
    expect(open().webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
  });

  test('the window is titled Vigie, shown only once painted, and never enables Blink features', () => {
    const options = open(true);
    expect(options.title).toBe('Vigie');
    expect(options.show).toBe(false);
    expect(options.webPreferences.devTools).toBe(true);
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  test('denies by default and allows only our own scripts, styles and connections', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  test('never allows inline code, eval, wildcards or plain-http sources', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*|http:|https:/);
  });

  test('is sent with nosniff and no referrer on every renderer file', () => {
    expect(RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(RESPONSE_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('which URLs are ours', () => {
  test('our origin and entry page', () => {
    expect(APP_ORIGIN).toBe('app://vigie');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://vigie/assets/index-abc.js')).toBe(true);
    expect(isAppUrl('app://vigie/#/audit')).toBe(true);
  });

  test.each([
    'app://vigie.evil.example/index.html',
    'app://evil/index.html',
    'app://user@vigie/index.html',
    'app://vigie:8080/index.html',
    'file:///app/out/renderer/index.html',
    'http://vigie/index.html',
    'https://vigie/index.html',
    'http://127.0.0.1:5173/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,<script>alert(1)</script>',
    'javascript:alert(1)',
    '',
    'not a url',
  ])('%s is not ours', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(mayNavigate(url)).toBe(false);
    expect(isTrustedSender({ url, isMainFrame: true })).toBe(false);
  });

  test('non-strings are not ours', () => {
    for (const value of [null, undefined, 42, {}, ['app://vigie/']]) expect(isAppUrl(value)).toBe(false);
  });

  test('an IPC sender must be the main frame of our page, and still exist', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: false })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('navigation, new windows and permissions', () => {
  test('a window may only reload our own page', () => {
    expect(mayNavigate('app://vigie/index.html')).toBe(true);
    expect(mayNavigate('https://example.com/')).toBe(false);
  });

  test('window.open is always denied; only https links go to the OS browser', () => {
    expect(windowOpenDecision('https://www.odoo.com/documentation')).toEqual({ action: 'deny', openExternally: 'https://www.odoo.com/documentation' });
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://vigie/index.html', 'https://user:pw@example.com/', 'ms-msdt:/id PCWDiagnostic', '']) {
      expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: null });
      expect(isSafeExternalUrl(url)).toBe(false);
    }
  });

  test('every permission is refused', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown']) {
      expect(permissionGranted(permission)).toBe(false);
    }
  });

  test('the renderer session cancels every web request', () => {
    expect(BLOCKED_REQUEST_URLS).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
  });
});

describe('renderer files over app://', () => {
  const site = () => {
    const dir = makeTempDir('vigie-renderer-');
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Vigie</title>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the renderer');
    return { dir, rendererDir };
  };

  test('serves index.html at the root and assets by path, with the security headers', async () => {
    const { rendererDir } = site();
    const index = await serveRendererRequest(rendererDir, 'GET', 'app://vigie/');
    expect(index.status).toBe(200);
    expect(new TextDecoder().decode(index.body!)).toContain('<title>Vigie</title>');
    expect(index.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(index.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    const script = await serveRendererRequest(rendererDir, 'GET', 'app://vigie/assets/app.js?v=1#x');
    expect(script.status).toBe(200);
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['X-Content-Type-Options']).toBe('nosniff');
    const head = await serveRendererRequest(rendererDir, 'HEAD', APP_ENTRY_URL);
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  test.each([
    'app://vigie/../secret.txt',
    'app://vigie/%2e%2e/secret.txt',
    'app://vigie/assets/..%2f..%2fsecret.txt',
    'app://vigie/..%5csecret.txt',
    'app://vigie/assets%00/app.js',
    'app://vigie/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'app://vigie/assets',
    'app://vigie/missing.js',
  ])('%s is not served', async (url) => {
    const { rendererDir } = site();
    const answer = await serveRendererRequest(rendererDir, 'GET', url);
    expect(answer.status).toBe(404);
    expect(new TextDecoder().decode(answer.body ?? new Uint8Array())).not.toContain('not for the renderer');
  });

  test('a symlink leading out of the renderer folder is not followed', async () => {
    const { dir, rendererDir } = site();
    symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'leak.txt'));
    const answer = await serveRendererRequest(rendererDir, 'GET', 'app://vigie/assets/leak.txt');
    expect(answer.status).toBe(404);
  });

  test('only GET and HEAD are answered', async () => {
    const { rendererDir } = site();
    expect((await serveRendererRequest(rendererDir, 'POST', APP_ENTRY_URL)).status).toBe(405);
  });

  test('names files without touching the disk, and types them', () => {
    expect(rendererFileFor('/r', 'app://vigie/')).toBe(path.resolve('/r/index.html'));
    expect(rendererFileFor('/r', 'app://vigie/a/b.css')).toBe(path.resolve('/r/a/b.css'));
    expect(rendererFileFor('/r', 'app://vigie:1/a.css')).toBeNull();
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});

describe('IPC: one session per window, only our own window served', () => {
  let t: TestBackend | undefined;
  afterEach(() => {
    t?.close();
    t = undefined;
  });
  const ours = (contentsId: number) => ({ contentsId, frame: { url: APP_ENTRY_URL, isMainFrame: true } });

  test('a window we opened is served; its session is named after it', async () => {
    t = startBackend();
    const sessions = createWindowSessions(t.backend.router);
    expect(sessions.open(7).origin).toBe('window:7');
    const health = await sessions.call(ours(7), 'app.health', {});
    expect(health).toMatchObject({ ok: true, value: { status: 'ok' } });
  });

  test.each([
    ['a foreign page in our window', { contentsId: 1, frame: { url: 'https://evil.example/', isMainFrame: true } }],
    ['a sub-frame of our page', { contentsId: 1, frame: { url: APP_ENTRY_URL, isMainFrame: false } }],
    ['a frame that is gone', { contentsId: 1, frame: null }],
    ['contents we never opened', { contentsId: 99, frame: { url: APP_ENTRY_URL, isMainFrame: true } }],
  ])('%s is refused and reaches no handler', async (_name, sender) => {
    t = startBackend();
    const logged: string[] = [];
    const sessions = createWindowSessions(t.backend.router, (message) => logged.push(message));
    sessions.open(1);
    const refused = await sessions.call(sender, 'auth.setup', { ...MANAGER });
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'calls are accepted only from the Vigie window' } });
    expect(logged).toHaveLength(1);
    // The refused setup did not happen.
    const status = await sessions.call(ours(1), 'auth.status', {});
    expect(status).toMatchObject({ ok: true, value: { setupRequired: true, account: null } });
  });

  test('signing in one window does not sign in another; closing a window ends its session', async () => {
    t = startBackend();
    const sessions = createWindowSessions(t.backend.router);
    sessions.open(1);
    sessions.open(2);
    expect(await sessions.call(ours(1), 'auth.setup', { ...MANAGER })).toMatchObject({ ok: true });
    expect(await sessions.call(ours(1), 'auth.status', {})).toMatchObject({ ok: true, value: { account: { username: MANAGER.username } } });
    expect(await sessions.call(ours(2), 'auth.status', {})).toMatchObject({ ok: true, value: { account: null } });
    expect(await sessions.call(ours(2), 'accounts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    sessions.close(1);
    expect(sessions.size).toBe(1);
    expect(await sessions.call(ours(1), 'auth.status', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A new window that happens to get the same contents id starts signed out.
    sessions.open(1);
    expect(await sessions.call(ours(1), 'auth.status', {})).toMatchObject({ ok: true, value: { account: null } });
  });

  test('push events go only to signed-in windows', async () => {
    t = startBackend();
    const sessions = createWindowSessions(t.backend.router);
    const pushed: Array<{ contentsId: number; event: string }> = [];
    t.backend.router.onEvent((event, payload) => {
      for (const target of sessions.pushTargets(event, payload)) pushed.push({ contentsId: target.contentsId, event: target.message.event });
    });
    sessions.open(1);
    sessions.open(2);
    await sessions.call(ours(1), 'auth.setup', { ...MANAGER });
    pushed.length = 0;
    const created = await sessions.call(ours(1), 'accounts.create', {
      username: 'jean.dupont',
      firstName: 'Jean',
      lastName: 'Dupont',
      email: 'jean.dupont@example.com',
      password: 'another long password',
    });
    expect(created).toMatchObject({ ok: true });
    expect(pushed).toEqual([{ contentsId: 1, event: 'data.changed' }]);
    expect(sessions.pushTargets('data.changed', { areas: ['x'] })).toEqual([{ contentsId: 1, message: { event: 'data.changed', payload: { areas: ['x'] } } }]);
    sessions.close(1);
    expect(sessions.pushTargets('data.changed', { areas: ['x'] })).toEqual([]);
  });
});

describe('preload bridge (window.vigie)', () => {
  function recorder(answer: (channel: string, input: unknown) => Promise<unknown> = async () => ({ ok: true, value: null })) {
    let deliver: (message: unknown) => void = () => {
      throw new Error('receive() was not called');
    };
    const reported: string[] = [];
    const invoked: Array<[string, unknown]> = [];
    const transport: BridgeTransport = {
      invoke: (channel, input) => {
        invoked.push([channel, input]);
        return answer(channel, input);
      },
      receive: (handler) => {
        deliver = handler;
      },
      report: (message) => reported.push(message),
    };
    return { transport, reported, invoked, deliver: (message: unknown) => deliver(message) };
  }

  test('exposes call and on, and nothing else', () => {
    const bridge = createBridge(recorder().transport);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
  });

  test('call forwards the channel and input and answers the Result', async () => {
    const r = recorder(async (channel) => ({ ok: true, value: channel }));
    const bridge = createBridge(r.transport);
    expect(await bridge.call('app.health', {})).toEqual({ ok: true, value: 'app.health' });
    expect(r.invoked).toEqual([['app.health', {}]]);
  });

  test('input that cannot cross IPC comes back as an INVALID_INPUT error, not a rejection', async () => {
    const r = recorder(async () => {
      throw new Error('An object could not be cloned.');
    });
    const result = await createBridge(r.transport).call('auth.signIn', { f: () => 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  test('a channel that is not a short string is refused before IPC', async () => {
    const r = recorder();
    const bridge = createBridge(r.transport);
    expect(await bridge.call(42 as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await bridge.call('x'.repeat(500), {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(r.invoked).toEqual([]);
  });

  test('on accepts only the contract’s events; listeners get the payload alone', () => {
    const r = recorder();
    const bridge = createBridge(r.transport);
    expect(() => bridge.on('ipc.anything', () => {})).toThrow(/unknown event/);
    expect(() => bridge.on('data.changed', 'nope' as unknown as () => void)).toThrow(TypeError);
    const calls: unknown[][] = [];
    const off = bridge.on('data.changed', (...args: unknown[]) => calls.push(args));
    r.deliver({ event: 'data.changed', payload: { areas: ['accounts'] } });
    r.deliver({ event: 'other.event', payload: 1 });
    r.deliver('garbage');
    expect(calls).toEqual([[{ areas: ['accounts'] }]]);
    off();
    off();
    r.deliver({ event: 'data.changed', payload: { areas: ['audit'] } });
    expect(calls).toHaveLength(1);
  });

  test('a failing listener is reported and does not stop the others', () => {
    const r = recorder();
    const bridge = createBridge(r.transport);
    const seen: unknown[] = [];
    bridge.on('data.changed', () => {
      throw new Error('boom');
    });
    bridge.on('data.changed', (payload) => seen.push(payload));
    r.deliver({ event: 'data.changed', payload: 1 });
    expect(seen).toEqual([1]);
    expect(r.reported).toEqual(['a listener of data.changed failed']);
  });

  test('the preload knows exactly the push events of the contract', () => {
    expect([...PUSH_EVENTS].sort()).toEqual(Object.keys(events).sort());
    expect(CALL_CHANNEL).not.toBe(EVENT_CHANNEL);
  });

  test('the sandboxed preload bundle requires only electron and carries no zod', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'preload/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron', 'better-sqlite3', '@napi-rs/keyring', '@node-rs/argon2'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/ZodError|zod/);
    expect(code).toContain('exposeInMainWorld("vigie"');
    expect(code.match(/exposeInMainWorld/g)).toHaveLength(1);
  });
});

describe('start-up decisions', () => {
  const base = { env: {}, userData: '/home/a/.config/Vigie', isPackaged: false, resourcesPath: '/opt/Vigie/resources' };

  test('the data dir is userData unless --data-dir or VIGIE_DATA_DIR says otherwise', () => {
    expect(startupPlan({ ...base, argv: ['electron', '.'] })).toEqual({ demo: false, dataDir: '/home/a/.config/Vigie', nativeBinding: undefined });
    expect(startupPlan({ ...base, argv: ['electron', '.', '--data-dir', '/srv/vigie'] }).dataDir).toBe('/srv/vigie');
    expect(startupPlan({ ...base, argv: ['electron', '.', '--data-dir=/srv/v2'] }).dataDir).toBe('/srv/v2');
    expect(startupPlan({ ...base, env: { VIGIE_DATA_DIR: '/data' }, argv: ['electron', '.'] }).dataDir).toBe('/data');
  });

  test('--demo gets a new folder, never the real data dir, unless one is named', () => {
    expect(startupPlan({ ...base, env: { VIGIE_DATA_DIR: '/data' }, argv: ['electron', '.', '--demo'] })).toMatchObject({ demo: true, dataDir: null });
    expect(startupPlan({ ...base, argv: ['electron', '.', '--demo', '--data-dir', '/tmp/d'] })).toMatchObject({ demo: true, dataDir: '/tmp/d' });
  });

  test('the SQLite binary for Electron comes from npm start, or from the packaged resources', () => {
    expect(nativeBindingPath({ ...base, env: { VIGIE_SQLITE_BINDING: '/c/better_sqlite3.node' } })).toBe('/c/better_sqlite3.node');
    expect(nativeBindingPath({ ...base, isPackaged: true })).toBe('/opt/Vigie/resources/native/better_sqlite3.node');
    expect(nativeBindingPath(base)).toBeUndefined();
  });

  test('built files are found next to out/main', () => {
    expect(builtFiles('/w/out/main')).toEqual({ preload: '/w/out/preload/index.cjs', renderer: '/w/out/renderer', icon: '/w/build/icon.png' });
  });
});

describe('application menu', () => {
  test('follows the OS language among fr, en and ja, French by default', () => {
    expect(menuLanguage(['en-US', 'fr-FR'])).toBe('en');
    expect(menuLanguage(['ja-JP'])).toBe('ja');
    expect(menuLanguage(['de-DE', 'fr-CA'])).toBe('fr');
    expect(menuLanguage(['de-DE'])).toBe('fr');
    expect(menuLanguage([])).toBe('fr');
  });

  test('developer tools and reload only in development', () => {
    const roles = (development: boolean) => JSON.stringify(applicationMenuTemplate({ language: 'fr', platform: 'linux', development }));
    expect(roles(false)).not.toMatch(/toggleDevTools|"reload"/);
    expect(roles(true)).toMatch(/toggleDevTools/);
    expect(roles(false)).toContain('Quitter');
  });

  test('macOS gets the app menu with quit; others get File > Quit', () => {
    const mac = applicationMenuTemplate({ language: 'en', platform: 'darwin', development: false });
    expect(mac[0]!.label).toBe('Vigie');
    const linux = applicationMenuTemplate({ language: 'en', platform: 'linux', development: false });
    expect(linux[0]!.label).toBe('File');
  });
});
