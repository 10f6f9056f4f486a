// The WebSocket side of the bridge: the same router as Electron's ipcMain binding, one
// Session per connection. Only a page served by this very server (exact Origin) holding the
// random token may connect; every message is checked before it reaches the router, and a
// broken one gets a typed error back, never a crash.
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { FieldError, Result } from '../../../shared/errors';
import type { Router } from '../../../main/ipc/router';
import { newSession, type Session } from '../../../main/ipc/session';
import { BRIDGE_MAX_FRAME_BYTES, BRIDGE_MAX_IN_FLIGHT, BRIDGE_WS_PATH, type CallId, type ReplyMessage } from './protocol';

export interface SocketBridgeOptions {
  router: Router;
  token: string;
  /** `http://127.0.0.1:PORT`: the only page allowed to open the socket. */
  origin: string;
  log: (message: string) => void;
}

export interface SocketBridge {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (1001) after letting running calls finish, up to `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

interface Connection {
  ws: WebSocket;
  session: Session;
  inFlight: number;
}

/** Constant-time comparison whatever the lengths: both sides are hashed first. */
export function tokensMatch(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

const invalid = (message: string, fields?: FieldError[]): Result<never> => ({
  ok: false,
  error: fields ? { code: 'INVALID_INPUT', message, fields } : { code: 'INVALID_INPUT', message },
});

function isCallId(value: unknown): value is CallId {
  return (typeof value === 'string' && value.length > 0 && value.length <= 64) || (typeof value === 'number' && Number.isSafeInteger(value));
}

const MESSAGE_KEYS = new Set(['id', 'channel', 'input']);

/** Reads one text frame as a call, or the typed error to answer instead. */
export function readCall(text: string): { id: CallId; channel: unknown; input: unknown } | ReplyMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { id: null, result: invalid('the message is not valid JSON') };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { id: null, result: invalid('the message must be a JSON object {id, channel, input}') };
  }
  const record = message as Record<string, unknown>;
  const id = isCallId(record.id) ? record.id : null;
  if (id === null) {
    return { id: null, result: invalid('the message needs an id: a string of 1 to 64 characters or an integer', [{ path: 'id', code: 'invalid_type', message: 'expected a string or an integer' }]) };
  }
  const extra = Object.keys(record).filter((key) => !MESSAGE_KEYS.has(key));
  if (extra.length > 0) {
    return { id, result: invalid(`unexpected keys in the message: ${extra.slice(0, 5).join(', ')}`, extra.slice(0, 20).map((key) => ({ path: key, code: 'unrecognized_keys', message: 'not part of the bridge message' }))) };
  }
  return { id, channel: record.channel, input: record.input };
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

export function createSocketBridge(options: SocketBridgeOptions): SocketBridge {
  const { router, token, origin, log } = options;
  const host = new URL(origin).host;
  const connections = new Set<Connection>();
  const running = new Set<Promise<void>>();
  // No compression: a small compressed frame must not inflate past the size limit's intent.
  const wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_FRAME_BYTES, perMessageDeflate: false });

  router.onEvent((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const connection of connections) {
      // Signed-out pages (sign-in screen) learn nothing from the data events; 'auth.changed'
      // carries nothing and also reaches a page whose session just ended.
      const wanted = connection.session.accountId !== null || event === 'auth.changed';
      if (wanted && connection.ws.readyState === WebSocket.OPEN) connection.ws.send(text);
    }
  });

  async function answer(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      send(connection.ws, { id: null, result: invalid('binary frames are not accepted; send JSON text') } satisfies ReplyMessage);
      return;
    }
    const call = readCall(data.toString());
    if ('result' in call) {
      send(connection.ws, call);
      return;
    }
    if (connection.inFlight >= BRIDGE_MAX_IN_FLIGHT) {
      send(connection.ws, { id: call.id, result: { ok: false, error: { code: 'RATE_LIMITED', message: `more than ${BRIDGE_MAX_IN_FLIGHT} calls at once on one connection` } } } satisfies ReplyMessage);
      return;
    }
    connection.inFlight++;
    let result: Result<unknown>;
    try {
      result = await router.call(connection.session, call.channel, call.input);
    } catch (error) {
      log(`router threw on ${String(call.channel).slice(0, 80)}: ${(error as Error)?.stack ?? String(error)}`);
      result = { ok: false, error: { code: 'INTERNAL', message: 'the call failed; see the bridge log' } };
    } finally {
      connection.inFlight--;
    }
    send(connection.ws, { id: call.id, result } satisfies ReplyMessage);
  }

  function accept(ws: WebSocket, req: IncomingMessage): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const connection: Connection = { ws, session: newSession(`bridge:${remote}`), inFlight: 0 };
    connections.add(connection);
    log(`connection from ${remote}`);
    ws.on('message', (data, isBinary) => {
      const done = answer(connection, data, isBinary).catch((error: unknown) => log(`reply failed: ${String(error)}`));
      running.add(done);
      void done.finally(() => running.delete(done));
    });
    // ws reports protocol violations (an over-size frame: 1009) here, then closes the socket.
    ws.on('error', (error) => log(`connection ${remote}: ${error.message}`));
    ws.on('close', (code) => {
      connections.delete(connection);
      log(`connection ${remote} closed (${code})`);
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      const onError = (error: Error) => log(`upgrade socket: ${error.message}`);
      socket.on('error', onError);
      let url: URL;
      try {
        url = new URL(req.url ?? '/', origin);
      } catch {
        refuse(socket, 400, 'bad request');
        return;
      }
      if (url.pathname !== BRIDGE_WS_PATH) {
        refuse(socket, 404, 'not found');
        return;
      }
      // DNS rebinding: a foreign name resolving to 127.0.0.1 still sends its own Host.
      if (req.headers.host !== host) {
        log(`refused upgrade: Host ${JSON.stringify(req.headers.host)}`);
        refuse(socket, 421, 'wrong host');
        return;
      }
      if (!tokensMatch(token, url.searchParams.get('token'))) {
        log('refused upgrade: missing or wrong token');
        refuse(socket, 401, 'missing or wrong token');
        return;
      }
      if (req.headers.origin !== origin) {
        log(`refused upgrade: Origin ${JSON.stringify(req.headers.origin)}`);
        refuse(socket, 403, 'foreign origin');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        // From here on the WebSocket reports socket errors itself.
        socket.off('error', onError);
        accept(ws, req);
      });
    },

    async close(graceMs = 2_000) {
      for (const { ws } of connections) ws.close(1001, 'server shutting down');
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      for (const { ws } of connections) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
