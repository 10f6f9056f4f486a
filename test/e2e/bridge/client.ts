// A raw Node client of the bridge for protocol tests: it speaks the wire format directly (no
// shim, no browser), so tests can send what a well-behaved page never would.
import http from 'node:http';
import WebSocket from 'ws';
import type { Result } from '../../../shared/errors';
import type { EventMessage, ReplyMessage } from './protocol';

export interface Endpoint {
  wsUrl: string;
  origin: string;
}

export interface OpenOptions {
  /** Replaces the whole URL (to try other tokens or paths). */
  url?: string;
  /** The Origin header; null sends none. Default: the bridge's own origin. */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** What the server answered to an upgrade request: 101 when accepted, else its HTTP status. */
export function upgradeStatus(endpoint: Endpoint, options: OpenOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(options.url ?? endpoint.wsUrl, {
      ...(options.origin === null ? {} : { origin: options.origin ?? endpoint.origin }),
      headers: options.headers ?? {},
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (error) => reject(error));
  });
}

export class BridgeClient {
  /** Every message received, in order (replies and events). */
  readonly received: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private waiters: { match(message: unknown): boolean; resolve(message: unknown): void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message: unknown = JSON.parse(data.toString());
      this.received.push(message);
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    // A closed socket (e.g. 1009) also reports an error; the tests look at `closed` instead.
    ws.on('error', () => {});
  }

  static open(endpoint: Endpoint, options: OpenOptions = {}): Promise<BridgeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(options.url ?? endpoint.wsUrl, {
        ...(options.origin === null ? {} : { origin: options.origin ?? endpoint.origin }),
        headers: options.headers ?? {},
      });
      ws.once('open', () => resolve(new BridgeClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Waits for the next message (not yet consumed) that `match` accepts. */
  next(match: (message: unknown) => boolean, timeoutMs = 10_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching message from the bridge')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Sends one call in the bridge's format and waits for its reply. */
  async call(channel: unknown, input?: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    const reply = this.next((m) => (m as ReplyMessage).id === id);
    this.ws.send(JSON.stringify({ id, channel, input }));
    return ((await reply) as ReplyMessage).result;
  }

  /** Sends raw data and waits for a reply that carries no id (the server could not read one). */
  async sendRaw(data: string | Buffer, binary = false): Promise<ReplyMessage> {
    const reply = this.next((m) => (m as ReplyMessage).id === null && 'result' in (m as object));
    this.ws.send(data, { binary });
    return (await reply) as ReplyMessage;
  }

  events(): EventMessage[] {
    return this.received.filter((m): m is EventMessage => typeof m === 'object' && m !== null && 'event' in m);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with the path sent byte for byte: no client-side `..` normalization. */
export function rawGet(port: number, rawPath: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: options.method ?? 'GET', headers: { Host: options.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
