// Checking what the admin at a window knows and has: the account's password and its second
// factor (a TOTP code, or a recovery code where one is accepted). Used by sign-in, step-up
// confirmation, the idle-lock unlock, password change and two-factor management. A wrong answer
// counts against the account's lockout like a failed sign-in.
import { VigieError, fieldError } from '../../shared/errors';
import type { AccountRecord } from '../db/accounts';
import type { Db } from '../db/connection';
import { consumeTotpStep, twoFactorOf, unusedRecoveryCodes, useRecoveryCode } from '../db/twoFactor';
import type { HandlerContext } from '../ipc/context';
import { accountLockout, clearFailures, countFailure, failureDelayMs, runningLockout } from './lockout';
import { verifyPassword } from './passwords';
import { securitySettings } from './settings';
import { matchingStep, normalizeRecoveryCode, normalizeTotpCode, openSecret, totpKey } from './totp';

/** A second factor that was checked and is still to be used up (in the deciding transaction). */
export type SecondFactorProof = { kind: 'totp'; step: number } | { kind: 'recovery'; codeId: number };

/**
 * Checks a code for the account: six digits are a TOTP code, `xxxxx-xxxxx` a recovery code
 * (if allowed). Null when wrong, including a TOTP code of a step already used. Nothing is used
 * up here: consumeSecondFactor does that inside the transaction that decides.
 */
export async function checkSecondFactor(ctx: HandlerContext, accountId: number, code: string, options: { allowRecovery: boolean }): Promise<SecondFactorProof | null> {
  const row = twoFactorOf(ctx.db, accountId);
  if (!row) return null;
  if (normalizeTotpCode(code) !== null) {
    const key = await totpKey(ctx.secrets, { create: false });
    const step = matchingStep(openSecret(key, accountId, row.secretEnc), code, ctx.clock.now().getTime());
    return step !== null && step > row.lastStep ? { kind: 'totp', step } : null;
  }
  const recovery = options.allowRecovery ? normalizeRecoveryCode(code) : null;
  if (recovery === null) return null;
  const candidates = unusedRecoveryCodes(ctx.db, accountId);
  // All at once: argon2 runs on the thread pool, and a wrong code costs the same as a right one.
  const matches = await Promise.all(candidates.map((candidate) => verifyPassword(candidate.codeHash, recovery)));
  const index = matches.indexOf(true);
  return index === -1 ? null : { kind: 'recovery', codeId: candidates[index]!.id };
}

/** Uses up a checked second factor; false when another call used it first. Inside a transaction. */
export function consumeSecondFactor(db: Db, accountId: number, proof: SecondFactorProof, at: string): boolean {
  return proof.kind === 'totp' ? consumeTotpStep(db, accountId, proof.step) : useRecoveryCode(db, proof.codeId, at);
}

export interface OwnCredentials {
  password: string;
  /** The input field holding the password, named in the error when it is wrong. */
  passwordPath: string;
  code?: string | undefined;
  codePath?: string;
  /** A second factor is needed (the account has two-factor on and the action asks for it). */
  requireCode: boolean;
  allowRecovery: boolean;
  /** Audit action of the call; a failure is recorded as `<action>Failed`. */
  action: string;
}

function signedInAccount(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

/** The answer while a temporary lockout runs: the same whatever was typed, so guessing on is useless. */
export function lockedOutError(lockedUntil: string): VigieError {
  return new VigieError('ACCOUNT_LOCKED', `too many failed attempts: this account is locked until ${lockedUntil}; try again then, or ask a Manager to unlock it`);
}

/**
 * Checks the signed-in admin's own password (and code when required). A wrong one is counted
 * and recorded, answered after the progressive delay, and reported on its field. Returns the
 * second factor to use up with acceptCredentials, or null when none was asked.
 */
export async function checkOwnCredentials(ctx: HandlerContext, credentials: OwnCredentials): Promise<SecondFactorProof | null> {
  const account = signedInAccount(ctx);
  const until = runningLockout(account, ctx.clock.now());
  if (until) throw lockedOutError(until);
  if (!(await verifyPassword(account.passwordHash, credentials.password))) {
    await countOwnFailure(ctx, credentials.action, 'bad-password');
    throw fieldError(credentials.passwordPath, 'wrong', 'the password is not right');
  }
  if (!credentials.requireCode) return null;
  const codePath = credentials.codePath ?? 'code';
  const code = (credentials.code ?? '').trim();
  if (!code) {
    throw new VigieError('TWO_FACTOR_REQUIRED', 'enter a code from your authenticator app', [{ path: codePath, code: 'required', message: 'a code is required' }]);
  }
  const proof = await checkSecondFactor(ctx, account.id, code, { allowRecovery: credentials.allowRecovery });
  if (!proof) {
    await countOwnFailure(ctx, credentials.action, 'bad-code');
    throw badCode(codePath);
  }
  return proof;
}

export function badCode(path = 'code'): VigieError {
  return new VigieError('BAD_TWO_FACTOR_CODE', 'the code is not right, or was already used', [{ path, code: 'wrong', message: 'the code is not right, or was already used' }]);
}

/**
 * Inside the transaction that acts on checked credentials: forgets past failures and uses up
 * the second factor. False when the code was used by another call in the meantime.
 */
export function acceptCredentials(ctx: HandlerContext, accountId: number, proof: SecondFactorProof | null): boolean {
  const now = ctx.clock.now();
  if (proof && !consumeSecondFactor(ctx.db, accountId, proof, now.toISOString())) return false;
  clearFailures(ctx.db, accountId, now);
  return true;
}

async function countOwnFailure(ctx: HandlerContext, action: string, reason: 'bad-password' | 'bad-code'): Promise<void> {
  const account = signedInAccount(ctx);
  const settings = securitySettings(ctx.db);
  const state = ctx.write((audit) => {
    const counted = countFailure(accountLockout(ctx.db, account.id), ctx.clock.now(), settings);
    audit.record({
      action: `${action}Failed`,
      targetType: 'account',
      targetId: String(account.id),
      target: account.username,
      summary: { reason, failedAttempts: counted.failedAttempts, lockedUntil: counted.lockedUntil, origin: ctx.session.origin },
    });
    return counted;
  });
  await ctx.sleep(failureDelayMs(state.failedAttempts, settings.lockoutThreshold));
}
