// The renderer's typed client, derived from shared/contract.ts:
//   api.call('auth.signIn', { username, password })   or   api.auth.signIn({ username, password })
// Both go through window.vigie (preload in Electron, the WebSocket shim in a browser). Errors
// come back as data; a transport failure becomes the client-side code UNREACHABLE. Refusals
// the user can clear (step-up confirmation, idle lock) open their dialog and retry the call.
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

/**
 * What the UI does when a call is refused for a reason the user can clear (confirm who they
 * are, unlock the idle session): it resolves true when the reason is gone, so the call is
 * sent again once, or false (cancelled, signed out) and the caller gets the original error.
 */
export type Recovery = (channel: ChannelName) => Promise<boolean>;
type RecoverableCode = 'STEP_UP_REQUIRED' | 'SESSION_LOCKED' | 'PASSWORD_CHANGE_REQUIRED';
const recoveries = new Map<RecoverableCode, Recovery>();

/** Calls that must never wait behind a dialog: the dialogs' own calls and background signals. */
const NEVER_RECOVERED: ReadonlySet<ChannelName> = new Set<ChannelName>(['auth.status', 'auth.confirm', 'auth.unlockSession', 'auth.signOut', 'auth.activity']);

function bridge(): VigieBridge | undefined {
  return typeof window !== 'undefined' ? window.vigie : undefined;
}

async function send<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<CallResult<K>> {
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

async function call<K extends ChannelName>(channel: K, input?: ChannelInput<K>): Promise<CallResult<K>> {
  let result = await send(channel, input);
  // At most two recoveries per call (e.g. unlock, then confirm), each followed by one retry.
  for (let round = 0; round < 2 && !result.ok; round++) {
    const code = result.error.code;
    const recovery = code === 'STEP_UP_REQUIRED' || code === 'SESSION_LOCKED' || code === 'PASSWORD_CHANGE_REQUIRED' ? recoveries.get(code) : undefined;
    if (!recovery || NEVER_RECOVERED.has(channel)) break;
    if (!(await recovery(channel))) break;
    result = await send(channel, input);
  }
  return result;
}

/** Registers what the UI does on one of the recoverable refusals; returns the unregister function. */
function recoverWith(code: RecoverableCode, recovery: Recovery): () => void {
  recoveries.set(code, recovery);
  return () => {
    if (recoveries.get(code) === recovery) recoveries.delete(code);
  };
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

export const api = Object.assign(namespaced(), { call, on, onSessionLost, recoverWith });
