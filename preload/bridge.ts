// Builds the `window.vigie` object from a transport (Electron's ipcRenderer in
// preload/index.ts, a recorder in the unit tests). Pure: no 'electron' import here.
// Nothing of the transport reaches the page: listeners receive only the payload, never the
// IpcRendererEvent (whose `sender` is ipcRenderer itself).
import type { VigieBridge } from '../shared/contract';
import type { Result } from '../shared/errors';
import { PUSH_EVENTS, type PushMessage } from './channels';

export interface BridgeTransport {
  /** Sends one call to main and resolves with its answer. */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Registers the single receiver of push messages (called once). */
  receive(handler: (message: unknown) => void): void;
  /** Where a failing renderer listener is reported; it must not stop the others. */
  report(message: string, error: unknown): void;
}

const MAX_CHANNEL_NAME = 100;

function isPushMessage(message: unknown): message is PushMessage {
  return typeof message === 'object' && message !== null && typeof (message as { event?: unknown }).event === 'string';
}

export function createBridge(transport: BridgeTransport, events: readonly string[] = PUSH_EVENTS): VigieBridge {
  const known = new Set(events);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.receive((message) => {
    if (!isPushMessage(message) || !known.has(message.event)) return;
    // A copy: a listener that unsubscribes while being called does not skip its neighbour.
    for (const listener of [...(listeners.get(message.event) ?? [])]) {
      try {
        listener(message.payload);
      } catch (error) {
        transport.report(`a listener of ${message.event} failed`, error);
      }
    }
  });

  async function call(channel: string, input: unknown): Promise<Result<unknown>> {
    if (typeof channel !== 'string' || channel.length === 0 || channel.length > MAX_CHANNEL_NAME) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'the channel must be a short string' } };
    }
    try {
      return (await transport.invoke(channel, input)) as Result<unknown>;
    } catch (error) {
      // Input that structured clone cannot carry (functions, DOM nodes…) fails in invoke:
      // it is the caller's mistake, answered as data like every other error.
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'INVALID_INPUT', message: `the input cannot be sent: ${reason.slice(0, 200)}` } };
    }
  }

  function on(event: string, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !known.has(event)) {
      throw new TypeError(`unknown event: ${String(event).slice(0, MAX_CHANNEL_NAME)}`);
    }
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    const set = listeners.get(event) ?? new Set<(payload: unknown) => void>();
    listeners.set(event, set);
    // Wrapped, so subscribing the same function twice gives two independent subscriptions.
    const wrapped = (payload: unknown) => listener(payload);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  return { call, on };
}
