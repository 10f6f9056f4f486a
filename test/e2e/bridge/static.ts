// Serves the built renderer (out/renderer/) and the window.vigie shim to the browser through
// the Electron shell's own file server (main/app/rendererFiles.ts): the same path checks,
// content types and security headers (CSP included) as app://vigie, so the end-to-end tests
// run the renderer under the policy it gets in the desktop app. What the bridge adds: the
// shim, loaded by index.html before the app.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_ORIGIN, RESPONSE_HEADERS } from '../../../main/app/security';
import { serveRendererRequest } from '../../../main/app/rendererFiles';
import { BRIDGE_SHIM_PATH } from './protocol';

export interface StaticSite {
  rendererDir: string;
  shimFile: string;
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

// Beyond the shell's headers: the token is in the page's URL, and a preview reflects the
// last build, never a cached one.
const BRIDGE_HEADERS = { ...RESPONSE_HEADERS, 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' };
const PLAIN = 'text/plain; charset=utf-8';

function send(res: ServerResponse, method: string, status: number, headers: Record<string, string>, body: string | Uint8Array | null): void {
  const bytes = body === null ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  res.writeHead(status, { ...headers, ...BRIDGE_HEADERS, 'Content-Length': String(bytes.length) });
  res.end(method === 'HEAD' ? undefined : bytes);
}

export async function serveStatic(site: StaticSite, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0]!;
  // A raw `..` segment never reaches the file server: refuse it before URL parsing folds it.
  if (!rawPath.startsWith('/') || rawPath.split('/').some((segment) => /^(\.|%2e){2}$/i.test(segment))) {
    send(res, method, 400, { 'Content-Type': PLAIN }, 'bad path\n');
    return;
  }

  if (rawPath === BRIDGE_SHIM_PATH && (method === 'GET' || method === 'HEAD')) {
    try {
      send(res, method, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }, await readFile(site.shimFile));
    } catch {
      send(res, method, 500, { 'Content-Type': PLAIN }, 'the bridge shim is not built: run `npm run build`\n');
    }
    return;
  }

  const answer = await serveRendererRequest(site.rendererDir, method, `${APP_ORIGIN}${rawPath}`);
  if (answer.status === 404 && rawPath === '/favicon.ico') {
    // Browsers ask for a favicon on their own; without one, answer "nothing" rather than an
    // error that every page's console would show.
    send(res, method, 204, {}, null);
    return;
  }
  if (answer.status === 404 && (rawPath === '/' || rawPath === '/index.html')) {
    send(res, method, 503, { 'Content-Type': PLAIN }, 'The Vigie renderer is not built yet: run `npm run build`, then reload.\n');
    return;
  }
  const isIndex = answer.status === 200 && (rawPath === '/' || rawPath === '/index.html');
  if (isIndex && answer.body) {
    const html = injectShim(new TextDecoder().decode(answer.body));
    const { 'Content-Length': _length, ...headers } = answer.headers;
    send(res, method, 200, headers, html);
    return;
  }
  send(res, method, answer.status, answer.headers, answer.body);
}
