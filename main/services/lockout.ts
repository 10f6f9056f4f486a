// Brute-force protection of console accounts: failed attempts are counted per account, each
// failure below the threshold delays its answer a little more, and reaching the threshold locks
// the account for a while. Every decision re-reads the account inside the transaction that
// records it, so attempts running in parallel cannot slip past the threshold.
import type { SecuritySettings } from '../../shared/types';
import { lockoutStateOf, pruneUnknownUsernameLockouts, setLockoutState, setUnknownUsernameLockout, unknownUsernameLockoutOf, type LockoutState } from '../db/accounts';
import type { Db } from '../db/connection';

/** Longest wait before answering a failed attempt. */
export const MAX_FAILURE_DELAY_MS = 2_000;

/** The wait after the n-th failure in a row: 250 ms, 500 ms, 1 s, 2 s, 2 s… (none from the threshold on). */
export function failureDelayMs(failures: number, threshold: number): number {
  if (failures < 1 || failures >= threshold) return 0;
  return Math.min(250 * 2 ** (failures - 1), MAX_FAILURE_DELAY_MS);
}

/** The end of the account's temporary lockout if one is running at `now`, else null. */
export function runningLockout(state: { lockedUntil: string | null }, now: Date): string | null {
  return state.lockedUntil !== null && new Date(state.lockedUntil).getTime() > now.getTime() ? state.lockedUntil : null;
}

/** Where a lockout state is kept: an account's row, or the row of a made-up username. */
export interface LockoutSubject {
  read(): LockoutState | undefined;
  write(state: LockoutState): void;
}

export function accountLockout(db: Db, accountId: number): LockoutSubject {
  return { read: () => lockoutStateOf(db, accountId), write: (state) => setLockoutState(db, accountId, state) };
}

/**
 * The lockout of a username no account has: the same rules as an account's, so neither the
 * delays nor the lock tell a guesser whether the name exists.
 */
export function unknownUsernameLockout(db: Db, username: string, now: Date, settings: SecuritySettings): LockoutSubject {
  const at = now.toISOString();
  return {
    read: () => unknownUsernameLockoutOf(db, username) ?? { failedAttempts: 0, lockedUntil: null },
    write: (state) => {
      setUnknownUsernameLockout(db, username, state, at);
      // Names idle for twice the lock can no longer lock anything: keep the table small.
      pruneUnknownUsernameLockouts(db, new Date(now.getTime() - 2 * settings.lockoutMinutes * 60_000).toISOString());
    },
  };
}

/**
 * Counts one failure (call inside the transaction that records the attempt) and returns the
 * new state. A failure during a running lockout is not counted and does not extend it; after a
 * lockout has ended, counting starts again from one.
 */
export function countFailure(subject: LockoutSubject, now: Date, settings: SecuritySettings): LockoutState {
  const current = subject.read();
  if (!current) return { failedAttempts: 0, lockedUntil: null };
  if (runningLockout(current, now)) return current;
  const before = current.lockedUntil !== null ? 0 : current.failedAttempts;
  const failedAttempts = before + 1;
  const lockedUntil = failedAttempts >= settings.lockoutThreshold ? new Date(now.getTime() + settings.lockoutMinutes * 60_000).toISOString() : null;
  const next = { failedAttempts, lockedUntil };
  subject.write(next);
  return next;
}

/** A success forgets the failures (and an ended lockout). A running lockout is left alone. */
export function clearFailures(db: Db, accountId: number, now: Date): void {
  const current = lockoutStateOf(db, accountId);
  if (!current || runningLockout(current, now)) return;
  if (current.failedAttempts !== 0 || current.lockedUntil !== null) setLockoutState(db, accountId, { failedAttempts: 0, lockedUntil: null });
}
