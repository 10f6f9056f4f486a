// Helpers for the account-security tests: a sleep that records the waits asked for, two-factor
// enrolment through the real channels, and codes computed as an authenticator app would.
import type { Result } from '../../shared/errors';
import type { TwoFactorEnrolment } from '../../shared/types';
import type { Session } from '../../main/ipc/session';
import { TOTP_PERIOD_S, codeForStep, fromBase32, timeStep } from '../../main/services/totp';
import type { TestBackend } from './backend';

/** A sleep that returns at once and remembers each wait asked for (ms). */
export function recordedSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void (ms > 0 && waits.push(ms)) };
}

export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

export interface Enrolled {
  secret: Uint8Array;
  base32: string;
  enrolment: TwoFactorEnrolment;
  recoveryCodes: string[];
}

/** The code an authenticator app shows for `secret`, `steps` periods away from the backend's clock. */
export function appCode(t: TestBackend, secret: Uint8Array, steps = 0): string {
  return codeForStep(secret, timeStep(t.clock.now().getTime()) + steps);
}

/** Moves the clock to the next TOTP period, so the next code is one never used. */
export function nextPeriod(t: TestBackend): void {
  t.clock.advance(TOTP_PERIOD_S * 1000);
}

/** Turns two-factor on for the session's account (step-up with `password`, QR secret, first code). */
export async function enrolTwoFactor(t: TestBackend, session: Session, password: string): Promise<Enrolled> {
  valueOf(await t.call(session, 'auth.confirm', { password }));
  const enrolment = valueOf(await t.call(session, 'twoFactor.beginEnrolment', {}));
  const secret = fromBase32(enrolment.secret);
  const { recoveryCodes } = valueOf(await t.call(session, 'twoFactor.confirmEnrolment', { code: appCode(t, secret) }));
  // The enrolment's code is used up: later steps only.
  nextPeriod(t);
  return { secret, base32: enrolment.secret, enrolment, recoveryCodes };
}
