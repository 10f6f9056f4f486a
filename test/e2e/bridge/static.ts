// Serves the built renderer (out/renderer/) and the window.vigie shim to the browser.
// index.html gets the shim's <script> before the app's module script, and every response
// carries the renderer's own Content-Security-Policy as a header (a header also enforces
// frame-ancestors, which a <meta> cannot).
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { BRIDGE_SHIM_PATH } from './protocol';

/** Used when index.html has no CSP <meta> (it should); the same policy as renderer/index.html. */
export const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticSite {
  rendererDir: string;
  shimFile: string;
}

/** The value of `<meta http-equiv="Content-Security-Policy" content="…">`, if any. */
export function cspOfHtml(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gis) ?? []) {
    const httpEquiv = /\bhttp-equiv\s*=\s*(["'])(.*?)\1/is.exec(tag)?.[2];
    if (httpEquiv?.toLowerCase() !== 'content-security-policy') continue;
    const content = /\bcontent\s*=\s*(["'])(.*?)\1/is.exec(tag)?.[2];
    if (content) return content.replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

/** Adds the shim's classic <script> before the app's module script, so window.vigie exists first. */
export function injectShim(html: string): string {
  const tag = `<script src="${BRIDGE_SHIM_PATH}"></script>`;
  const moduleScript = /<script\b[^>]*\btype\s*=\s*["']?module\b[^>]*>/i.exec(html);
  if (moduleScript) return html.slice(0, moduleScript.index) + tag + '\n    ' + html.slice(moduleScript.index);
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return html.slice(0, headEnd) + tag + '\n' + html.slice(headEnd);
  return tag + '\n' + html;
}

/**
 * Maps a raw request path to a file inside `root`, or says why not. Any `..` segment, NUL or
 * backslash (raw or percent-encoded) is refused outright rather than normalized away.
 */
export function resolveInside(root: string, rawPath: string): { file: string } | { status: 400 | 404 } {
  if (!rawPath.startsWith('/')) return { status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  if (decoded.split('/').some((segment) => segment === '..')) return { status: 400 };
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 400 };
  return { file };
}

/**
 * The renderer's <meta> CSP cannot carry frame-ancestors (browsers ignore it there), so the
 * header adds it, as the Electron shell's header does.
 */
export function headerCsp(metaCsp: string): string {
  return /(^|;)\s*frame-ancestors\s/.test(metaCsp) ? metaCsp : `${metaCsp}; frame-ancestors 'none'`;
}

function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': headerCsp(csp),
    'X-Content-Type-Options': 'nosniff',
    // The token is in the page's URL: never send it anywhere as a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // A preview reflects the last build, never a cached one.
    'Cache-Control': 'no-store',
  };
}

async function currentCsp(rendererDir: string): Promise<string> {
  try {
    return cspOfHtml(await readFile(path.join(rendererDir, 'index.html'), 'utf8')) ?? DEFAULT_CSP;
  } catch {
    return DEFAULT_CSP;
  }
}

function send(res: ServerResponse, method: string, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'Content-Length': String(bytes.length) });
  res.end(method === 'HEAD' ? undefined : bytes);
}

const PLAIN = 'text/plain; charset=utf-8';

export async function serveStatic(site: StaticSite, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const csp = await currentCsp(site.rendererDir);
  const headers = securityHeaders(csp);
  if (method !== 'GET' && method !== 'HEAD') {
    send(res, method, 405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': PLAIN }, 'method not allowed\n');
    return;
  }
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0]!;

  if (rawPath === BRIDGE_SHIM_PATH) {
    try {
      send(res, method, 200, { ...headers, 'Content-Type': CONTENT_TYPES['.js']! }, await readFile(site.shimFile));
    } catch {
      send(res, method, 500, { ...headers, 'Content-Type': PLAIN }, 'the bridge shim is not built: run `npm run build`\n');
    }
    return;
  }

  let root: string;
  try {
    root = await realpath(site.rendererDir);
  } catch {
    const body = rawPath === '/' || rawPath === '/index.html' ? 'The Vigie renderer is not built yet: run `npm run build`, then reload.\n' : 'not found\n';
    send(res, method, rawPath === '/' ? 503 : 404, { ...headers, 'Content-Type': PLAIN }, body);
    return;
  }

  const target = resolveInside(root, rawPath);
  if ('status' in target) {
    send(res, method, target.status, { ...headers, 'Content-Type': PLAIN }, target.status === 400 ? 'bad path\n' : 'not found\n');
    return;
  }
  let file: string;
  try {
    // Follow symlinks, then check again: a link must not lead out of the renderer folder.
    file = await realpath(target.file);
    if (!file.startsWith(root + path.sep) || !(await stat(file)).isFile()) throw new Error('outside or not a file');
  } catch {
    // Browsers ask for a favicon on their own; without one, answer "nothing" rather than an
    // error that every page's console would show.
    if (rawPath === '/favicon.ico') send(res, method, 204, headers, '');
    else send(res, method, 404, { ...headers, 'Content-Type': PLAIN }, 'not found\n');
    return;
  }

  const extension = path.extname(file).toLowerCase();
  const contentType = CONTENT_TYPES[extension] ?? 'application/octet-stream';
  if (path.relative(root, file) === 'index.html') {
    send(res, method, 200, { ...headers, 'Content-Type': contentType }, injectShim(await readFile(file, 'utf8')));
    return;
  }
  send(res, method, 200, { ...headers, 'Content-Type': contentType }, await readFile(file));
}
