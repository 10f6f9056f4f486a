// window.vigie for a plain browser: the same VigieBridge the Electron preload exposes, carried
// over the bridge's WebSocket. Loaded as a classic script before the app, so the app finds
// window.vigie exactly as under Electron. Bundled as an iife into out/bridge/shim.js.
import type { VigieBridge } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { BRIDGE_WS_PATH, type CallId, type EventMessage, type ReplyMessage } from './protocol';

(() => {
  const TOKEN_KEY = 'vigie.bridgeToken';
  /** A call still unsent after this long (server gone) resolves as disconnected. */
  const QUEUE_TIMEOUT_MS = 15_000;
  const MAX_BACKOFF_MS = 5_000;

  const disconnected = (message = 'bridge disconnected'): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message } });

  // The token arrives once in the URL; sessionStorage keeps it for reloads of this tab.
  function readToken(): string | null {
    const fromUrl = new URLSearchParams(window.location.search).get('token');
    try {
      if (fromUrl) window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
      return fromUrl ?? window.sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return fromUrl;
    }
  }

  interface Pending {
    resolve(result: Result<unknown>): void;
    /** The socket the call went out on; null while queued. */
    socket: WebSocket | null;
    text: string;
    timer: number | undefined;
  }

  const token = readToken();
  const pending = new Map<CallId, Pending>();
  const queue: CallId[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failures = 0;

  function settle(id: CallId, result: Result<unknown>): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    window.clearTimeout(call.timer);
    call.resolve(result);
  }

  function flush(): void {
    while (socket && socket.readyState === WebSocket.OPEN && queue.length > 0) {
      const id = queue.shift()!;
      const call = pending.get(id);
      if (!call) continue;
      window.clearTimeout(call.timer);
      call.socket = socket;
      socket.send(call.text);
    }
  }

  function dispatch(message: EventMessage): void {
    for (const listener of [...(listeners.get(message.event) ?? [])]) {
      try {
        listener(message.payload);
      } catch (error) {
        console.error('[vigie bridge] event listener failed', error);
      }
    }
  }

  function onMessage(event: MessageEvent): void {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) dispatch(message as EventMessage);
    else if ('result' in message) {
      const reply = message as ReplyMessage;
      if (reply.id !== null) settle(reply.id, reply.result);
      else console.error('[vigie bridge] the server refused a message', reply.result);
    }
  }

  function connect(): void {
    if (!token) return;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${window.location.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.addEventListener('open', () => {
      failures = 0;
      flush();
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      // Calls sent on this socket will never be answered: say so instead of hanging.
      for (const [id, call] of [...pending]) if (call.socket === ws) settle(id, disconnected());
      if (socket !== ws) return;
      socket = null;
      failures++;
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(failures - 1, 5));
      window.setTimeout(connect, delay);
    });
  }

  const bridge: VigieBridge = {
    call(channel: string, input: unknown): Promise<Result<unknown>> {
      if (!token) return Promise.resolve(disconnected('no bridge token: open the URL printed by the bridge server'));
      const id = nextId++;
      let text: string;
      try {
        text = JSON.stringify({ id, channel, input: input ?? {} });
      } catch {
        return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'the input is not plain JSON data' } });
      }
      return new Promise((resolve) => {
        const call: Pending = { resolve, socket: null, text, timer: undefined };
        pending.set(id, call);
        if (socket && socket.readyState === WebSocket.OPEN) {
          call.socket = socket;
          socket.send(text);
        } else {
          call.timer = window.setTimeout(() => {
            const at = queue.indexOf(id);
            if (at >= 0) queue.splice(at, 1);
            settle(id, disconnected());
          }, QUEUE_TIMEOUT_MS);
          queue.push(id);
        }
      });
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };

  Object.defineProperty(window, 'vigie', { value: Object.freeze(bridge), writable: false, configurable: false, enumerable: true });
  connect();
})();
