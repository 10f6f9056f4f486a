// The loopback bridge: the real backend (main/backend.ts) behind a WebSocket on 127.0.0.1,
// plus the built renderer with a window.vigie shim. Playwright drives the real UI through it
// in Chromium (no Electron binary can be downloaded here), and `npm run preview` is the same
// server for a person with a browser.
//
//   node out/bridge/server.cjs [--data-dir DIR] [--demo] [--port N] [--preview]
//
// Prints one line `VIGIE_BRIDGE_READY {"url","dataDir","port"}` on stdout once it listens.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBackend, type Backend } from '../../../main/backend';
import type { ChooseSavePath } from '../../../main/ipc/context';
import { createSecretStore } from '../../../main/secrets';
import { newDemoDataDir } from '../../../main/db/dataDir';
import { prepareDemoDataDir } from './demo';
import { createSocketBridge, type SocketBridge } from './socket';
import { serveStatic } from './static';

const USAGE = `usage: node out/bridge/server.cjs [--data-dir DIR] [--demo] [--port N] [--preview]
  --data-dir DIR  data directory (default: VIGIE_DATA_DIR, else a new temporary folder)
  --demo          fill the data directory with sample data (a new folder unless --data-dir)
  --port N        listen on 127.0.0.1:N (default: a free port)
  --preview       also print how to open the console in a browser
The renderer is served from VIGIE_RENDERER_DIR, else out/renderer next to this file.
Exports are saved in VIGIE_DOWNLOADS_DIR, else DIR/downloads (never replacing a file).
Secrets go to the OS keychain under the service VIGIE_KEYCHAIN_SERVICE, else "vigie".`;

export const READY_PREFIX = 'VIGIE_BRIDGE_READY';

class UsageError extends Error {}

interface Settings {
  dataDir: string;
  /** Created by this process: removed again when it stops. */
  temporary: boolean;
  demo: boolean;
  port: number;
  preview: boolean;
  rendererDir: string;
  shimFile: string;
}

function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        demo: { type: 'boolean', default: false },
        port: { type: 'string' },
        preview: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, not ${values.port}`);

  let dataDir: string;
  let temporary = false;
  if (values['data-dir']) dataDir = path.resolve(values['data-dir']);
  else if (values.demo) {
    // Sample data never goes into a real data dir unless one is named explicitly.
    dataDir = newDemoDataDir();
    temporary = true;
  } else if (env.VIGIE_DATA_DIR) dataDir = path.resolve(env.VIGIE_DATA_DIR);
  else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigie-bridge-'));
    temporary = true;
  }
  return {
    dataDir,
    temporary,
    demo: values.demo,
    port,
    preview: values.preview,
    rendererDir: path.resolve(env.VIGIE_RENDERER_DIR ?? path.join(__dirname, '../renderer')),
    shimFile: path.join(__dirname, 'shim.js'),
  };
}

/**
 * The bridge's "save dialog": a browser has none the backend can drive, so exports land in
 * VIGIE_DOWNLOADS_DIR, else <data dir>/downloads, under the suggested name; an existing file
 * is never replaced ("name (2).csv", "name (3).csv"…), like a browser's downloads.
 */
function downloadsFolder(dir: string): ChooseSavePath {
  return async ({ suggestedName }) => {
    mkdirSync(dir, { recursive: true });
    const name = path.basename(suggestedName);
    const extension = path.extname(name);
    const stem = name.slice(0, name.length - extension.length);
    let file = path.join(dir, name);
    for (let n = 2; existsSync(file); n++) file = path.join(dir, `${stem} (${n})${extension}`);
    return file;
  };
}

function log(message: string): void {
  process.stderr.write(`[bridge] ${message}\n`);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  // Tests name a keychain service of their own, so they never read or write the real Vigie's secrets.
  const secrets = process.env.VIGIE_KEYCHAIN_SERVICE ? createSecretStore({ service: process.env.VIGIE_KEYCHAIN_SERVICE }) : undefined;
  const demo = settings.demo ? await prepareDemoDataDir(settings.dataDir, log, secrets) : undefined;
  const backend: Backend = openBackend({
    dataDir: settings.dataDir,
    chooseSavePath: downloadsFolder(process.env.VIGIE_DOWNLOADS_DIR ? path.resolve(process.env.VIGIE_DOWNLOADS_DIR) : path.join(settings.dataDir, 'downloads')),
    ...(secrets ? { secrets } : {}),
    ...(demo ? { demo } : {}),
    log: (message, error) => log(`${message}${error ? `: ${(error as Error)?.stack ?? String(error)}` : ''}`),
  });
  if (!backend.db) log(`database unavailable: ${backend.health().problem ?? 'unknown problem'}`);

  const token = randomBytes(32).toString('base64url');
  const server = createServer();
  const port = await listen(server, settings.port);
  const origin = `http://127.0.0.1:${port}`;
  const host = `127.0.0.1:${port}`;
  const sockets: SocketBridge = createSocketBridge({ router: backend.router, token, origin, log });

  server.on('request', (req, res) => {
    // DNS rebinding: only requests addressed to our own loopback name and port are answered.
    if (req.headers.host !== host) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`open ${origin}/ instead\n`);
      return;
    }
    serveStatic({ rendererDir: settings.rendererDir, shimFile: settings.shimFile }, req, res).catch((error: unknown) => {
      log(`static ${req.url}: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head));
  // Requests Node's parser refuses (bad characters in the path…) get a plain 400.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    // A stuck shutdown must still end: exit anyway after a few seconds.
    setTimeout(() => process.exit(1), 5_000).unref();
    server.close();
    server.closeAllConnections();
    await sockets.close();
    backend.close();
    if (settings.temporary) rmSync(settings.dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const url = `${origin}/?token=${token}`;
  process.stdout.write(`${READY_PREFIX} ${JSON.stringify({ url, dataDir: settings.dataDir, port })}\n`);
  if (settings.preview) {
    const lines = [
      '',
      'Vigie preview (browser, loopback only)',
      `  Open ${url} in your browser`,
      `  Data: ${settings.dataDir}${settings.temporary ? ' (temporary: removed when the preview stops; use --data-dir DIR to keep it)' : ''}`,
      ...(demo ? [`  Demo sign-in: ${demo.username} / ${demo.password}`] : []),
      '  Stop with Ctrl+C',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`[bridge] cannot start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
