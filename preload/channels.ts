// The two Electron IPC channels between the preload and main/app/ipc.ts, and the push events
// the preload lets the renderer subscribe to. Kept free of zod and of 'electron' so the
// sandboxed preload bundle stays tiny; test/unit/electron-shell.test.ts checks that
// PUSH_EVENTS lists exactly the events of shared/contract.ts.
import type { EventName } from '../shared/contract';

/** renderer -> main: `invoke(CALL_CHANNEL, channel, input)` answers a Result. */
export const CALL_CHANNEL = 'vigie:call';
/** main -> renderer: `{ event, payload }` for a push event of the contract. */
export const EVENT_CHANNEL = 'vigie:event';

export const PUSH_EVENTS = ['data.changed', 'auth.changed', 'task.progress', 'logs.changed', 'logs.search.progress', 'rejected.changed', 'rejected.progress'] as const satisfies readonly EventName[];

export interface PushMessage {
  event: EventName;
  payload: unknown;
}

// Compile-time twin of the unit test: adding an event to the contract without listing it
// here fails `tsc`.
type NoneMissing<T extends never> = T;
export type PushEventsComplete = NoneMissing<Exclude<EventName, (typeof PUSH_EVENTS)[number]>>;
