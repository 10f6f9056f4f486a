// A session belongs to one window (Electron) or one bridge connection. It remembers who
// signed in and the state of this window's sign-in (idle lock, step-up confirmation); the
// account itself is read again on every call, so deactivating an account, changing its rights
// or signing out everywhere takes effect at the next call.
import { randomUUID } from 'node:crypto';

export interface Session {
  readonly id: string;
  /** Where calls come from, for the sign-in log: `window:3`, `bridge:127.0.0.1:51234`, `cli`. */
  readonly origin: string;
  accountId: number | null;
  /** The account's session epoch at sign-in: a later epoch (sign-out everywhere, rights changed) ends this session. */
  epoch: number;
  /** Last call or reported activity (ms since the epoch, from the router's clock). */
  lastActivityAt: number;
  /** The session was idle too long: only unlocking (or signing out) is allowed. */
  idleLocked: boolean;
  /** When the admin last confirmed their identity (step-up), ms; 0 if never. */
  confirmedAt: number;
  /** A two-factor enrolment started in this window and not yet confirmed. */
  pendingTwoFactorSecret: string | null;
  /** Timestamps (ms) of recent calls per rate-limited channel. */
  readonly recentCalls: Map<string, number[]>;
}

export function newSession(origin: string): Session {
  return {
    id: randomUUID(),
    origin,
    accountId: null,
    epoch: 0,
    lastActivityAt: 0,
    idleLocked: false,
    confirmedAt: 0,
    pendingTwoFactorSecret: null,
    recentCalls: new Map(),
  };
}

/** Forgets who signed in and everything tied to that sign-in (not the rate-limit history). */
export function endSignIn(session: Session): void {
  session.accountId = null;
  session.epoch = 0;
  session.idleLocked = false;
  session.confirmedAt = 0;
  session.pendingTwoFactorSecret = null;
}
