// The renderer's typed client, derived from shared/contract.ts:
//   api.call('auth.signIn', { username, password })   or   api.auth.signIn({ username, password })
// Both go through window.vigie (preload in Electron, the WebSocket shim in a browser). Errors
// come back as data; a transport failure becomes the client-side code UNREACHABLE.
import { contract, type ChannelInput, type ChannelName, type ChannelResult, type EventName, type EventPayload, type VigieBridge } from '../shared/contract';
import type { FieldError } from '../shared/errors';
import type { ClientErrorCode } from './i18n/types';

declare global {
  interface Window {
    vigie: VigieBridge;
  }
}

export interface ClientError {
  code: ClientErrorCode;
  message: string;
  fields?: FieldError[];
}

export type CallResult<K extends ChannelName> = { ok: true; value: ChannelResult<K> } | { ok: false; error: ClientError };

type Namespace = ChannelName extends infer K ? (K extends `${infer NS}.${string}` ? NS : never) : never;
type MethodOf<NS extends Namespace> = ChannelName extends infer K ? (K extends `${NS}.${infer M}` ? M : never) : never;

/** Channels whose input has no required field may be called without an argument. */
type ChannelFunction<K extends ChannelName> = {} extends ChannelInput<K>
  ? (input?: ChannelInput<K>) => Promise<CallResult<K>>
  : (input: ChannelInput<K>) => Promise<CallResult<K>>;

export type NamespacedApi = {
  [NS in Namespace]: { [M in MethodOf<NS>]: `${NS}.${M}` extends ChannelName ? ChannelFunction<`${NS}.${M}`> : never };
};

type SessionLostListener = () => void;
const sessionLostListeners = new Set<SessionLostListener>();

function bridge(): VigieBridge | undefined {
  return typeof window !== 'undefined' ? window.vigie : undefined;
}

async function call<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<CallResult<K>> {
  const vigie = bridge();
  if (!vigie) return { ok: false, error: { code: 'UNREACHABLE', message: 'window.vigie is missing' } };
  let result: CallResult<K>;
  try {
    result = (await vigie.call(channel, input ?? {})) as CallResult<K>;
  } catch (error) {
    return { ok: false, error: { code: 'UNREACHABLE', message: error instanceof Error ? error.message : String(error) } };
  }
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    return { ok: false, error: { code: 'INTERNAL', message: `malformed answer from ${channel}` } };
  }
  // A session that ended in the main process (account deactivated, window reloaded…)
  // sends the user back to the sign-in screen.
  if (!result.ok && result.error.code === 'UNAUTHENTICATED' && contract[channel].access !== 'public') {
    for (const listener of sessionLostListeners) listener();
  }
  return result;
}

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const vigie = bridge();
  if (!vigie) return () => {};
  return vigie.on(event, (payload) => listener(payload as EventPayload<E>));
}

function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

function namespaced(): NamespacedApi {
  const tree: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of Object.keys(contract) as ChannelName[]) {
    const dot = channel.indexOf('.');
    const ns = channel.slice(0, dot);
    const method = channel.slice(dot + 1);
    (tree[ns] ??= {})[method] = (input?: unknown) => call(channel, input as never);
  }
  return tree as unknown as NamespacedApi;
}

export const api = Object.assign(namespaced(), { call, on, onSessionLost });
