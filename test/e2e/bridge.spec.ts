// The bridge's protocol and its defences, driven from Node with raw WebSocket frames and raw
// HTTP requests (no UI), plus the window.vigie shim in Chromium against a tiny test page.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BridgeClient, rawGet, upgradeStatus } from './bridge/client';
import { BRIDGE_MAX_FRAME_BYTES } from './bridge/protocol';
import { BRIDGE_SERVER, expect, startBridge, test, type RunningBridge } from './fixtures';
import { CONTENT_SECURITY_POLICY } from '../../main/app/security';

const MANAGER = { username: 'claire.martin', firstName: 'Claire', lastName: 'Martin', email: 'claire.martin@example.fr', password: 'correct horse battery staple' };

const TEST_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A throwaway renderer build: index.html with a CSP meta and a module script, and a secret beside it. */
function makeRendererDir(): { root: string; rendererDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vigie-static-'));
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    `<!doctype html>
<html>
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${TEST_CSP}" />
    <title>bridge test page</title>
    <script type="module" crossorigin src="./assets/app.js"></script>
    <link rel="stylesheet" href="./assets/app.css" />
  </head>
  <body><p id="status">loading</p></body>
</html>
`,
  );
  // Runs after the shim: proves window.vigie exists before the app's own code.
  writeFileSync(path.join(rendererDir, 'assets/app.js'), `document.getElementById('status').textContent = typeof window.vigie === 'object' ? 'bridge-present' : 'bridge-missing';\n`);
  writeFileSync(path.join(rendererDir, 'assets/app.css'), 'body { font-family: sans-serif; }\n');
  writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE-RENDERER\n');
  symlinkSync(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets/link.txt'));
  return { root, rendererDir };
}

async function withStaticBridge(body: (bridge: RunningBridge) => Promise<void>): Promise<void> {
  const { root, rendererDir } = makeRendererDir();
  const bridge = await startBridge({ env: { VIGIE_RENDERER_DIR: rendererDir } });
  try {
    await body(bridge);
  } finally {
    await bridge.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function errorOf(result: { ok: boolean }) {
  expect(result.ok).toBe(false);
  return (result as { ok: false; error: { code: string; message: string; fields?: { path: string; code: string }[] } }).error;
}

test.describe('connecting', () => {
  test('prints a READY line for a loopback URL with a 32-byte random token', async ({ bridge }) => {
    const url = new URL(bridge.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBe(bridge.port);
    expect(Buffer.from(bridge.token, 'base64url')).toHaveLength(32);
    const other = await startBridge();
    try {
      expect(other.token).not.toBe(bridge.token);
      expect(other.port).not.toBe(bridge.port);
    } finally {
      await other.stop();
    }
  });

  test('listens on 127.0.0.1 only', async ({ bridge }) => {
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port: bridge.port }, () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    expect(await reachable('::1')).toBe(false);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4');
    if (external) expect(await reachable(external.address)).toBe(false);
  });

  test('refuses a missing or wrong token with 401', async ({ bridge }) => {
    const base = `ws://127.0.0.1:${bridge.port}/__vigie/ws`;
    const flipped = (bridge.token[0] === 'A' ? 'B' : 'A') + bridge.token.slice(1);
    for (const url of [base, `${base}?token=`, `${base}?token=wrong`, `${base}?token=${flipped}`, `${base}?token=${bridge.token.slice(0, -1)}`, `${base}?token=${bridge.token}x`, `${base}?Token=${bridge.token}`]) {
      expect(await upgradeStatus(bridge, { url }), url).toBe(401);
    }
    expect(await upgradeStatus(bridge)).toBe(101);
    expect(bridge.stderr()).toContain('refused upgrade: missing or wrong token');
    expect(bridge.stderr()).not.toContain(bridge.token);
  });

  test('refuses a foreign or missing Origin with 403, even with the right token', async ({ bridge }) => {
    for (const origin of ['http://evil.example', `http://localhost:${bridge.port}`, `http://127.0.0.1:${bridge.port + 1}`, `https://127.0.0.1:${bridge.port}`, 'null', null]) {
      expect(await upgradeStatus(bridge, { origin }), String(origin)).toBe(403);
    }
  });

  test('refuses a foreign Host header (DNS rebinding) on pages and on the socket', async ({ bridge }) => {
    expect(await upgradeStatus(bridge, { headers: { Host: `attacker.example:${bridge.port}` } })).toBe(421);
    expect((await rawGet(bridge.port, '/', { host: `attacker.example:${bridge.port}` })).status).toBe(421);
  });

  test('upgrades only at /__vigie/ws', async ({ bridge }) => {
    expect(await upgradeStatus(bridge, { url: `ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}` })).toBe(404);
  });
});

test.describe('calls', () => {
  test('answers a call with the router result', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    const health = await client.call('app.health', {});
    expect(health).toEqual({ ok: true, value: expect.objectContaining({ status: 'ok', dataDir: bridge.dataDir }) });
    expect(await client.call('auth.status')).toEqual({ ok: true, value: expect.objectContaining({ setupRequired: true, account: null }) });
    await client.close();
  });

  test('an unknown channel is UNKNOWN_CHANNEL', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    for (const channel of ['nope.nothing', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null, ['app.health'], { name: 'app.health' }]) {
      expect(errorOf(await client.call(channel, {})).code, JSON.stringify(channel)).toBe('UNKNOWN_CHANNEL');
    }
    // A missing channel too.
    client.ws.send(JSON.stringify({ id: 'no-channel', input: {} }));
    const reply = (await client.next((m) => (m as { id: unknown }).id === 'no-channel')) as { result: { ok: boolean } };
    expect(errorOf(reply.result).code).toBe('UNKNOWN_CHANNEL');
    await client.close();
  });

  test('wrong types are INVALID_INPUT naming the field path', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    const signIn = errorOf(await client.call('auth.signIn', { username: 42, password: 'x' }));
    expect(signIn.code).toBe('INVALID_INPUT');
    expect(signIn.fields).toEqual([expect.objectContaining({ path: 'username', code: 'invalid_type' })]);

    const audit = errorOf(await client.call('audit.list', { limit: 'ten', offset: -1 }));
    expect(audit.code).toBe('INVALID_INPUT');
    expect(audit.fields?.map((f) => f.path).sort()).toEqual(['limit', 'offset']);

    // Signed in as a Manager, so the field check is what answers, whatever the router's order.
    expect((await client.call('auth.setup', MANAGER)).ok).toBe(true);
    const nested = errorOf(await client.call('accounts.create', { ...MANAGER, username: 'paul.durand', permissions: ['manager.accounts', 7] }));
    expect(nested.code).toBe('INVALID_INPUT');
    expect(nested.fields?.map((f) => f.path)).toEqual(['permissions.1']);

    const notAnObject = errorOf(await client.call('auth.signIn', 'claire'));
    expect(notAnObject.code).toBe('INVALID_INPUT');
    expect(notAnObject.fields?.[0]?.path).toBe('(input)');
    await client.close();
  });

  test('extra fields are INVALID_INPUT', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    const extra = errorOf(await client.call('auth.status', { admin: true }));
    expect(extra.code).toBe('INVALID_INPUT');
    expect(extra.fields).toEqual([expect.objectContaining({ code: 'unrecognized_keys' })]);
    const signIn = errorOf(await client.call('auth.signIn', { username: 'claire', password: 'x', isAdmin: true }));
    expect(signIn.code).toBe('INVALID_INPUT');
    // An extra key on the bridge message itself is refused too, with the call's id.
    client.ws.send(JSON.stringify({ id: 'extra', channel: 'app.health', input: {}, session: 'someone-else' }));
    const reply = (await client.next((m) => (m as { id: unknown }).id === 'extra')) as { result: { ok: boolean } };
    expect(errorOf(reply.result)).toEqual(expect.objectContaining({ code: 'INVALID_INPUT', fields: [expect.objectContaining({ path: 'session' })] }));
    await client.close();
  });

  test('an input over the channel limit is PAYLOAD_TOO_LARGE and the connection stays usable', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    const input = { username: 'a'.repeat(200 * 1024), password: 'x' };
    expect(JSON.stringify(input).length).toBeLessThan(BRIDGE_MAX_FRAME_BYTES);
    const tooLarge = errorOf(await client.call('auth.signIn', input));
    expect(tooLarge.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await client.call('app.health', {})).ok).toBe(true);
    await client.close();
  });

  test('a frame over the 1 MiB limit closes that connection only; the server goes on', async ({ bridge }) => {
    const victim = await BridgeClient.open(bridge);
    const bystander = await BridgeClient.open(bridge);
    victim.ws.send(JSON.stringify({ id: 1, channel: 'auth.signIn', input: { username: 'a'.repeat(BRIDGE_MAX_FRAME_BYTES + 10), password: 'x' } }));
    expect((await victim.closed).code).toBe(1009);
    expect(bridge.process.exitCode).toBeNull();
    expect((await bystander.call('app.health', {})).ok).toBe(true);
    const next = await BridgeClient.open(bridge);
    expect((await next.call('app.health', {})).ok).toBe(true);
    await Promise.all([next.close(), bystander.close()]);
  });

  test('malformed messages get a typed error, never a crash', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    for (const raw of ['{not json', '', 'null', '42', '"app.health"', '[]', '[{"id":1,"channel":"app.health"}]', '{"channel":"app.health","input":{}}', '{"id":{},"channel":"app.health"}', `{"id":"${'x'.repeat(65)}","channel":"app.health"}`, '{"id":1.5,"channel":"app.health"}']) {
      const reply = await client.sendRaw(raw);
      expect(reply.id, raw).toBeNull();
      expect(errorOf(reply.result).code, raw).toBe('INVALID_INPUT');
    }
    const binary = await client.sendRaw(Buffer.from(JSON.stringify({ id: 1, channel: 'app.health', input: {} })), true);
    expect(errorOf(binary.result).code).toBe('INVALID_INPUT');
    // Deeply nested input: refused as data, not by a stack overflow of the server.
    for (const depth of [5_000, 150_000]) {
      client.ws.send(`{"id":"deep${depth}","channel":"auth.status","input":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
      const deep = (await client.next((m) => (m as { id: unknown }).id === `deep${depth}` || (m as { id: unknown }).id === null)) as { result: { ok: boolean } };
      expect(errorOf(deep.result).code, `depth ${depth}`).toBe('INVALID_INPUT');
    }
    expect((await client.call('app.health', {})).ok).toBe(true);
    expect(bridge.process.exitCode).toBeNull();
    await client.close();
  });

  test('more than 32 calls at once on one connection are RATE_LIMITED', async ({ bridge }) => {
    const client = await BridgeClient.open(bridge);
    // The 40 frames leave in one write (corked socket), so the bridge reads them all before any
    // call can end: the router answers sign-ins past its own rate limit at once, and frames
    // arriving in several reads would let those end before the later frames are counted.
    const socket = (client.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.cork();
    const pending = Promise.all(Array.from({ length: 40 }, (_, i) => client.call('auth.signIn', { username: `nobody${i}`, password: 'wrong password' })));
    process.nextTick(() => socket.uncork());
    const results = await pending;
    const errors = results.map((r) => errorOf(r));
    // Two layers answer RATE_LIMITED: the bridge's cap on calls in flight (the ones it never
    // passes on), and the router's own sign-in limit per window (contract rateLimit).
    const refusedByBridge = errors.filter((e) => e.code === 'RATE_LIMITED' && /at once on one connection/.test(e.message));
    const answeredByRouter = errors.filter((e) => e.code === 'BAD_CREDENTIALS' || (e.code === 'RATE_LIMITED' && /from this window/.test(e.message)));
    expect(refusedByBridge.length).toBeGreaterThan(0);
    expect(answeredByRouter.length).toBeGreaterThanOrEqual(32);
    expect(refusedByBridge.length + answeredByRouter.length).toBe(40);
    await client.close();
  });
});

test.describe('sessions and events', () => {
  test('each connection has its own session', async ({ bridge }) => {
    const first = await BridgeClient.open(bridge);
    const second = await BridgeClient.open(bridge);
    const setup = await first.call('auth.setup', MANAGER);
    expect(setup).toEqual({ ok: true, value: expect.objectContaining({ username: MANAGER.username }) });

    expect(await first.call('auth.status', {})).toEqual({ ok: true, value: expect.objectContaining({ account: expect.objectContaining({ username: MANAGER.username }) }) });
    expect(await second.call('auth.status', {})).toEqual({ ok: true, value: expect.objectContaining({ setupRequired: false, account: null }) });
    expect(errorOf(await second.call('dashboard.counts', {})).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await second.call('accounts.list', {})).code).toBe('UNAUTHENTICATED');
    expect((await first.call('dashboard.counts', {})).ok).toBe(true);

    // Signing in on the second, then out on the first, leaves the second signed in.
    expect((await second.call('auth.signIn', { username: MANAGER.username, password: MANAGER.password })).ok).toBe(true);
    expect((await first.call('auth.signOut', {})).ok).toBe(true);
    expect(errorOf(await first.call('dashboard.counts', {})).code).toBe('UNAUTHENTICATED');
    expect((await second.call('dashboard.counts', {})).ok).toBe(true);

    // The sign-in log names the bridge connection it came from.
    const audit = (await second.call('audit.list', { action: 'auth.signIn' })) as { ok: true; value: { rows: { summary: { origin?: string } }[] } };
    expect(audit.value.rows[0]?.summary.origin).toMatch(/^bridge:127\.0\.0\.1:\d+$/);
    await Promise.all([first.close(), second.close()]);
  });

  test('push events reach signed-in connections only', async ({ bridge }) => {
    const manager = await BridgeClient.open(bridge);
    const stranger = await BridgeClient.open(bridge);
    const changed = manager.next((m) => (m as { event?: string }).event === 'data.changed');
    expect((await manager.call('auth.setup', MANAGER)).ok).toBe(true);
    expect(await changed).toEqual({ event: 'data.changed', payload: { areas: expect.arrayContaining(['audit']) } });
    // Replies on one connection keep their order: an event sent before this reply would be here.
    expect((await stranger.call('app.health', {})).ok).toBe(true);
    expect(stranger.events()).toEqual([]);
    await Promise.all([manager.close(), stranger.close()]);
  });
});

test.describe('static files', () => {
  test('serves the renderer with the shim injected, content types and the CSP header', async () => {
    await withStaticBridge(async (bridge) => {
      const index = await rawGet(bridge.port, '/');
      expect(index.status).toBe(200);
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
      // The Electron shell's header policy, on top of the page's own <meta> policy.
      expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(index.headers['referrer-policy']).toBe('no-referrer');
      expect(index.headers['x-content-type-options']).toBe('nosniff');
      const shimAt = index.body.indexOf('<script src="/__vigie/shim.js"></script>');
      expect(shimAt).toBeGreaterThan(0);
      expect(shimAt).toBeLessThan(index.body.indexOf('<script type="module"'));
      expect((await rawGet(bridge.port, '/index.html?token=abc')).body).toBe(index.body);

      const js = await rawGet(bridge.port, '/assets/app.js');
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect((await rawGet(bridge.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
      const shim = await rawGet(bridge.port, '/__vigie/shim.js');
      expect(shim.status).toBe(200);
      expect(shim.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(shim.body).toContain('/__vigie/ws');

      expect((await rawGet(bridge.port, '/assets/missing.js')).status).toBe(404);
      expect((await rawGet(bridge.port, '/assets')).status).toBe(404);
      const head = await rawGet(bridge.port, '/assets/app.js', { method: 'HEAD' });
      expect([head.status, head.body]).toEqual([200, '']);
      expect((await rawGet(bridge.port, '/', { method: 'POST' })).status).toBe(405);
    });
  });

  test('refuses path traversal, raw or encoded, and symlinks leading out', async () => {
    await withStaticBridge(async (bridge) => {
      const attempts = [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/%2e%2e/secret.txt',
        '/%2E%2E/secret.txt',
        '/%2e%2e%2fsecret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/assets/%2e%2e/%2e%2e/secret.txt',
        '/..%5csecret.txt',
        '/assets\\..\\..\\secret.txt',
        '/%252e%252e/secret.txt',
        '/..%00/secret.txt',
        '/%zz',
        '//etc/passwd',
        '/../../../../../../etc/passwd',
        '/../renderer/../../package.json',
        '/assets/link.txt',
        'secret.txt',
      ];
      for (const attempt of attempts) {
        const response = await rawGet(bridge.port, attempt);
        expect([400, 404], `${attempt} -> ${response.status}`).toContain(response.status);
        expect(response.body).not.toContain('TOP-SECRET');
        expect(response.body).not.toContain('root:');
      }
      expect(bridge.process.exitCode).toBeNull();
    });
  });

  test('the real renderer build is served with the Electron shell\'s CSP header beside its own meta CSP', async ({ bridge }) => {
    const built = path.join(path.dirname(BRIDGE_SERVER), '../renderer/index.html');
    expect(existsSync(built), 'out/renderer is missing: run `npm run build`').toBe(true);
    const index = await rawGet(bridge.port, '/');
    expect(index.status).toBe(200);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(index.body)?.[1];
    expect(meta).toBeTruthy();
    expect(meta).not.toContain('frame-ancestors'); // a <meta> cannot carry it; the header does
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.body).toContain('<script src="/__vigie/shim.js"></script>');
    expect((await rawGet(bridge.port, '/../package.json')).status).toBe(400);
  });
});

test.describe('the window.vigie shim in Chromium', () => {
  test('exposes a frozen window.vigie that calls the router, keeps its token over reloads and receives events', async ({ page }) => {
    await withStaticBridge(async (bridge) => {
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(bridge.url);
      // The app's module ran after the shim and found window.vigie.
      await expect(page.locator('#status')).toHaveText('bridge-present');

      const shape = await page.evaluate(() => {
        const w = globalThis as unknown as { vigie: { call: unknown; on: unknown } };
        const before = w.vigie;
        try {
          (w as { vigie: unknown }).vigie = { call: () => 'hijacked' };
        } catch {
          // Strict-mode assignment to a read-only property throws; either way it must not stick.
        }
        const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'vigie');
        return { same: w.vigie === before, frozen: Object.isFrozen(w.vigie), writable: descriptor?.writable, configurable: descriptor?.configurable, keys: Object.keys(w.vigie).sort() };
      });
      expect(shape).toEqual({ same: true, frozen: true, writable: false, configurable: false, keys: ['call', 'on'] });

      type Vigie = { call(c: string, i: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>; on(e: string, l: (p: unknown) => void): () => void };
      const health = await page.evaluate(() => (globalThis as unknown as { vigie: Vigie }).vigie.call('app.health', {}));
      expect(health).toEqual({ ok: true, value: expect.objectContaining({ status: 'ok' }) });

      // Events: subscribe, set up the first Manager, see data.changed.
      const event = await page.evaluate(async (manager) => {
        const vigie = (globalThis as unknown as { vigie: Vigie }).vigie;
        const seen = new Promise((resolve) => vigie.on('data.changed', resolve));
        const setup = await vigie.call('auth.setup', manager);
        return { setup: setup.ok, payload: await seen };
      }, MANAGER);
      expect(event).toEqual({ setup: true, payload: { areas: expect.arrayContaining(['audit']) } });

      // Without the token in the URL, the tab's sessionStorage still has it.
      await page.goto(`${bridge.origin}/#/dashboard`);
      expect(await page.evaluate(() => (globalThis as unknown as { vigie: Vigie }).vigie.call('auth.status', {}))).toEqual({
        ok: true,
        value: expect.objectContaining({ setupRequired: false, account: null }),
      });
      expect(pageErrors).toEqual([]);
    });
  });

  test('a page without the token gets a clear error, not a hang', async ({ page }) => {
    await withStaticBridge(async (bridge) => {
      await page.goto(`${bridge.origin}/`);
      const result = await page.evaluate(() => (globalThis as unknown as { vigie: { call(c: string, i: unknown): Promise<unknown> } }).vigie.call('app.health', {}));
      expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('token') } });
    });
  });

  test('a call whose socket closes resolves as disconnected, and the shim reconnects', async ({ page }) => {
    await withStaticBridge(async (bridge) => {
      await page.goto(bridge.url);
      const outcome = await page.evaluate(async (size) => {
        const vigie = (globalThis as unknown as { vigie: { call(c: string, i: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> } }).vigie;
        // An over-size frame makes the server close this socket (1009) with the call unanswered.
        const lost = await vigie.call('auth.signIn', { username: 'a'.repeat(size), password: 'x' });
        const after = await vigie.call('app.health', {});
        return { lost, after: after.ok };
      }, BRIDGE_MAX_FRAME_BYTES + 10);
      expect(outcome).toEqual({ lost: { ok: false, error: { code: 'INTERNAL', message: 'bridge disconnected' } }, after: true });
    });
  });
});

test.describe('process', () => {
  test('SIGTERM and SIGINT stop the server cleanly and close the database', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigie-stop-'));
      try {
        const bridge = await startBridge({ dataDir });
        const client = await BridgeClient.open(bridge);
        expect((await client.call('auth.setup', MANAGER)).ok).toBe(true);
        bridge.process.kill(signal);
        expect(await bridge.exited, signal).toBe(0);
        expect((await client.closed).code).toBe(1001);
        // A cleanly closed SQLite connection checkpoints and removes its WAL file.
        expect(existsSync(path.join(dataDir, 'vigie.db')), signal).toBe(true);
        expect(existsSync(path.join(dataDir, 'vigie.db-wal')), signal).toBe(false);
        expect(bridge.stderr()).toContain(`${signal}: stopping`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  });

  test('--preview prints where to open the console', async () => {
    const bridge = await startBridge({ args: ['--preview'] });
    try {
      await expect.poll(() => bridge.stdout()).toContain(`Open ${bridge.url} in your browser`);
      expect(bridge.stdout().split('\n').filter((line) => line.startsWith('VIGIE_BRIDGE_READY '))).toHaveLength(1);
    } finally {
      await bridge.stop();
    }
  });

  test('a temporary data dir of its own is removed when it stops', async () => {
    const env = { ...process.env };
    delete env.VIGIE_DATA_DIR;
    const child = spawn(process.execPath, [BRIDGE_SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<{ dataDir: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('VIGIE_BRIDGE_READY '));
        if (line) resolve(JSON.parse(line.slice('VIGIE_BRIDGE_READY '.length)));
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    expect(path.basename(ready.dataDir)).toMatch(/^vigie-bridge-/);
    expect(existsSync(path.join(ready.dataDir, 'vigie.db'))).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(ready.dataDir)).toBe(false);
  });

  test('--demo serves a data dir filled with sample data, and refuses one already in use', async () => {
    const bridge = await startBridge({ demo: true });
    try {
      const client = await BridgeClient.open(bridge);
      const health = (await client.call('app.health', {})) as { ok: true; value: { demo?: { username: string; password: string } } };
      expect(health.value.demo).toEqual({ username: expect.any(String), password: expect.any(String) });
      expect((await client.call('auth.signIn', health.value.demo)).ok).toBe(true);
      const counts = (await client.call('dashboard.counts', {})) as { ok: true; value: { accountsByStatus: { active: number }; auditRecords: number } };
      expect(counts.value.accountsByStatus.active).toBeGreaterThan(1);
      expect(counts.value.auditRecords).toBeGreaterThan(10);
      await client.close();
    } finally {
      await bridge.stop();
    }
    // An existing database is never mixed with sample data.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigie-used-'));
    try {
      const first = await startBridge({ dataDir });
      await first.stop();
      const run = spawnSync(process.execPath, [BRIDGE_SERVER, '--data-dir', dataDir, '--demo'], { encoding: 'utf8', timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('the demo needs a new data directory');
      expect(run.stdout).not.toContain('VIGIE_BRIDGE_READY');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('bad arguments exit 2 with the usage', () => {
    for (const args of [['--nope'], ['--port', 'eighty'], ['--port', '70000'], ['stray']]) {
      const run = spawnSync(process.execPath, [BRIDGE_SERVER, ...args], { encoding: 'utf8', timeout: 10_000 });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('usage: node out/bridge/server.cjs');
      expect(run.stdout).not.toContain('VIGIE_BRIDGE_READY');
    }
  });
});
