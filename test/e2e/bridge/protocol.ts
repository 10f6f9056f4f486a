// The bridge's wire format, shared by the server (Node) and the shim (browser).
// Client -> server: {id, channel, input}. Server -> client: {id, result} for a call, where
// result is exactly the router's Result, or {event, payload} for a push event.
import type { Result } from '../../../shared/errors';

export const BRIDGE_WS_PATH = '/__vigie/ws';
export const BRIDGE_SHIM_PATH = '/__vigie/shim.js';
/** Largest WebSocket frame the server reads; bigger ones close that connection (1009). */
export const BRIDGE_MAX_FRAME_BYTES = 1024 * 1024;
/** Calls one connection may have running at once; more answer RATE_LIMITED. */
export const BRIDGE_MAX_IN_FLIGHT = 32;

export type CallId = string | number;

export interface CallMessage {
  id: CallId;
  channel: string;
  input?: unknown;
}

export interface ReplyMessage {
  /** null when the message was too broken to carry a usable id. */
  id: CallId | null;
  result: Result<unknown>;
}

export interface EventMessage {
  event: string;
  payload: unknown;
}
