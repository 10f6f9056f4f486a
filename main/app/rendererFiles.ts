// Serves the built renderer (out/renderer/) for the app:// protocol. Plain Node, so the path
// checks are tested without Electron: a request can only ever read a regular file inside the
// renderer folder (no `..`, no encoded separators, no symlink leading outside).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, RESPONSE_HEADERS } from './security';

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
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
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The file a renderer URL names, or null when the URL is not ours or would leave the
 * renderer folder. Does not touch the disk; `serveRendererRequest` also resolves symlinks.
 */
export function rendererFileFor(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  // Encoded separators and NUL bytes have no business in a renderer asset name.
  if (pathname.includes('\0') || pathname.includes('\\') || /%2f|%5c/i.test(url.pathname)) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (!inside(base, file) || file === base) return null;
  return file;
}

function respond(status: number, body: string | null, contentType = 'text/plain; charset=utf-8'): RendererResponse {
  return { status, headers: { ...RESPONSE_HEADERS, 'Content-Type': contentType }, body: body === null ? null : new TextEncoder().encode(body) };
}

/** Answers one request of the app:// protocol from the files under `root`. */
export async function serveRendererRequest(root: string, method: string, requestUrl: string): Promise<RendererResponse> {
  if (method !== 'GET' && method !== 'HEAD') return respond(405, 'method not allowed');
  const file = rendererFileFor(root, requestUrl);
  if (!file) return respond(404, 'not found');
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([fs.realpath(file), fs.realpath(root)]);
  } catch {
    return respond(404, 'not found');
  }
  if (!inside(realRoot, real) || real === realRoot) return respond(404, 'not found');
  let body: Buffer;
  try {
    const stat = await fs.stat(real);
    if (!stat.isFile()) return respond(404, 'not found');
    body = await fs.readFile(real);
  } catch {
    return respond(404, 'not found');
  }
  return {
    status: 200,
    headers: { ...RESPONSE_HEADERS, 'Content-Type': contentTypeFor(real), 'Content-Length': String(body.byteLength) },
    body: method === 'HEAD' ? null : new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  };
}
