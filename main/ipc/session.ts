// A session belongs to one window (Electron) or one bridge connection. It only remembers who
// signed in; the account itself is read again on every call, so deactivating an account or
// changing its permissions takes effect at once.
import { randomUUID } from 'node:crypto';

export interface Session {
  readonly id: string;
  /** Where calls come from, for the sign-in log: `window:3`, `bridge:127.0.0.1:51234`, `cli`. */
  readonly origin: string;
  accountId: number | null;
}

export function newSession(origin: string): Session {
  return { id: randomUUID(), origin, accountId: null };
}
