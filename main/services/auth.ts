// First-run setup, sign-in (with lockout and two-factor), sign-out, and what a signed-in admin
// does about their own sign-in: step-up confirmation, idle-lock unlock, password change, and
// signing out everywhere.
import { STEP_UP_WINDOW_MS } from '../../shared/contract';
import { VigieError, type FieldError } from '../../shared/errors';
import { ALL_PERMISSIONS } from '../../shared/permissions';
import type { AuthStatus, SessionAccount } from '../../shared/types';
import {
  bumpSessionEpoch,
  countAccounts,
  findAccountById,
  findAccountByUsername,
  insertAccount,
  recordSignInAttempt,
  setPassword,
  type AccountRecord,
} from '../db/accounts';
import type { Db } from '../db/connection';
import type { HandlerContext } from '../ipc/context';
import { endSignIn, type Session } from '../ipc/session';
import { acceptCredentials, badCode, checkOwnCredentials, checkSecondFactor, consumeSecondFactor, lockedOutError, type SecondFactorProof } from './credentials';
import { accountLockout, clearFailures, countFailure, failureDelayMs, runningLockout, unknownUsernameLockout } from './lockout';
import { checkNewPassword } from './passwordPolicy';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { avatarDataUrlOf } from './profile';
import { securitySettings } from './settings';

export function sessionAccountOf(db: Db, account: AccountRecord): SessionAccount {
  return {
    id: account.id,
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    adminLevel: account.adminLevel,
    permissions: account.permissions,
    mustChangePassword: account.mustChangePassword,
    twoFactorEnabled: account.twoFactorEnabled,
    avatar: avatarDataUrlOf(db, account.id),
  };
}

function signedIn(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

/** The account as it is now (after this call's changes). */
function current(ctx: HandlerContext, accountId: number): SessionAccount {
  const account = findAccountById(ctx.db, accountId);
  if (!account) throw new VigieError('NOT_FOUND', 'this account no longer exists');
  return sessionAccountOf(ctx.db, account);
}

export function authStatus(ctx: HandlerContext): AuthStatus {
  const session = ctx.session;
  const now = ctx.clock.now().getTime();
  const confirmed = ctx.account !== null && session.confirmedAt > 0 && now - session.confirmedAt <= STEP_UP_WINDOW_MS;
  return {
    setupRequired: countAccounts(ctx.db) === 0,
    account: ctx.account ? sessionAccountOf(ctx.db, ctx.account) : null,
    idleLocked: ctx.account !== null && session.idleLocked,
    idleLockMinutes: securitySettings(ctx.db).idleLockMinutes,
    confirmedUntil: confirmed ? new Date(session.confirmedAt + STEP_UP_WINDOW_MS).toISOString() : null,
  };
}

/** Starts a fresh sign-in in this window: nothing of a previous one (confirmation, lock) carries over. */
function startSession(session: Session, account: AccountRecord, nowMs: number): void {
  endSignIn(session);
  session.accountId = account.id;
  session.epoch = account.sessionEpoch;
  session.lastActivityAt = nowMs;
}

/** The policy's verdict on a new password, on the input's own field. */
function assertPasswordAllowed(password: string, who: { username: string; email: string }, path: string): void {
  const problem: FieldError | null = checkNewPassword(password, who);
  if (problem) throw new VigieError('INVALID_INPUT', problem.message, [{ ...problem, path }]);
}

export interface FirstManager {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

/** Creates the first Manager (every permission, full administrator) and signs it in. */
export async function setUpFirstManager(ctx: HandlerContext, input: FirstManager): Promise<SessionAccount> {
  if (countAccounts(ctx.db) > 0) throw new VigieError('SETUP_ALREADY_DONE', 'the first Manager already exists');
  assertPasswordAllowed(input.password, input, 'password');
  const passwordHash = await hashPassword(input.password);
  const account = ctx.write((audit) => {
    // Checked again inside the transaction: two setup screens may race.
    if (countAccounts(ctx.db) > 0) throw new VigieError('SETUP_ALREADY_DONE', 'the first Manager already exists');
    const created = insertAccount(
      ctx.db,
      { ...input, passwordHash, status: 'active', adminLevel: 'full', permissions: ALL_PERMISSIONS, parentId: null },
      ctx.clock.now().toISOString(),
    );
    audit.record({
      actor: { id: created.id, name: created.username },
      action: 'setup.firstManager',
      targetType: 'account',
      targetId: String(created.id),
      target: created.username,
      summary: { after: { username: created.username, email: created.email, adminLevel: 'full', permissions: created.permissions } },
    });
    recordSignInAttempt(ctx.db, { at: ctx.clock.now().toISOString(), accountId: created.id, username: created.username, success: true, reason: 'setup', origin: ctx.session.origin });
    return created;
  });
  startSession(ctx.session, account, ctx.clock.now().getTime());
  return sessionAccountOf(ctx.db, account);
}

/** Why a sign-in ended as it did; stored as the attempt's reason. */
type Outcome = 'ok' | 'recovery-code' | 'unknown-user' | 'bad-password' | 'bad-code' | 'inactive' | 'locked' | 'lockout' | 'temporary-expired';

const FAILURE_ANSWERS: Record<Exclude<Outcome, 'ok' | 'recovery-code' | 'lockout'>, () => VigieError> = {
  'unknown-user': () => new VigieError('BAD_CREDENTIALS', 'wrong username or password'),
  'bad-password': () => new VigieError('BAD_CREDENTIALS', 'wrong username or password'),
  'bad-code': () => badCode('code'),
  inactive: () => new VigieError('ACCOUNT_INACTIVE', 'this account is deactivated; ask a Manager to reactivate it'),
  locked: () => new VigieError('ACCOUNT_LOCKED', 'this account is locked; ask a Manager to unlock it'),
  'temporary-expired': () => new VigieError('TEMPORARY_PASSWORD_EXPIRED', 'this temporary password has expired; ask a Manager for a new one'),
};

function temporaryPasswordExpired(account: AccountRecord, now: Date): boolean {
  return account.temporaryPasswordExpiresAt !== null && new Date(account.temporaryPasswordExpiresAt).getTime() <= now.getTime();
}

export interface SignInInput {
  username: string;
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Signs a session in. Unknown usernames are checked against a dummy hash and go through the
 * same lockout as accounts (same delays, same lock, same answers), so nothing tells which
 * names exist. While a lockout runs, every attempt gets ACCOUNT_LOCKED whatever the password:
 * answering the right password differently would let guessing go on through the lock. The
 * state of an account (inactive, locked, expired temporary password, two-factor needed) is
 * told only to whoever gave its right password. Every decision is taken inside one
 * transaction that re-reads the account, records the attempt and counts a failure, so
 * parallel attempts cannot pass the lockout threshold.
 */
export async function signIn(ctx: HandlerContext, input: SignInInput): Promise<SessionAccount> {
  const username = input.username.trim();
  const shownName = username.slice(0, 254);
  const account = username ? findAccountByUsername(ctx.db, username) : undefined;
  const passwordOk = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const settings = securitySettings(ctx.db);
  const now = ctx.clock.now();
  const at = now.toISOString();

  // The second factor is checked (keychain, argon2: slow) before the deciding transaction, and
  // only once it can matter: the right password of an account that could sign in.
  let proof: SecondFactorProof | null | undefined;
  if (account && passwordOk && account.twoFactorEnabled && account.status === 'active' && !runningLockout(account, now) && !temporaryPasswordExpired(account, now)) {
    const given = (input.recoveryCode ?? '').trim() || (input.code ?? '').trim();
    // Not a failure: the screen now asks for the code and sends everything again.
    if (!given) throw new VigieError('TWO_FACTOR_REQUIRED', 'enter a code from your authenticator app, or a recovery code');
    proof = await checkSecondFactor(ctx, account.id, given, { allowRecovery: true });
  }

  const decision = ctx.write((audit) => {
    const fresh = account ? findAccountById(ctx.db, account.id) : undefined;
    // Verified against the hash read earlier: if the password changed meanwhile, it does not count as right.
    const rightPassword = passwordOk && fresh !== undefined && fresh.passwordHash === account?.passwordHash;
    const lockout = fresh ? accountLockout(ctx.db, fresh.id) : unknownUsernameLockout(ctx.db, shownName, now, settings);
    let outcome: Outcome;
    let lockedUntil: string | null = null;
    if ((lockedUntil = runningLockout(lockout.read() ?? { lockedUntil: null }, now))) outcome = 'lockout';
    else if (!fresh) outcome = 'unknown-user';
    else if (!rightPassword) outcome = 'bad-password';
    else if (fresh.status === 'inactive') outcome = 'inactive';
    else if (fresh.status === 'locked') outcome = 'locked';
    else if (temporaryPasswordExpired(fresh, now)) outcome = 'temporary-expired';
    else if (fresh.twoFactorEnabled) {
      // Two-factor was turned on after the check above: ask for the code (nothing recorded).
      if (proof === undefined) throw new VigieError('TWO_FACTOR_REQUIRED', 'enter a code from your authenticator app, or a recovery code');
      outcome = proof !== null && consumeSecondFactor(ctx.db, fresh.id, proof, at) ? (proof.kind === 'recovery' ? 'recovery-code' : 'ok') : 'bad-code';
    } else outcome = 'ok';

    const success = outcome === 'ok' || outcome === 'recovery-code';
    // A wrong password or code counts, for a made-up username too; nothing counts during a lockout.
    const counts = outcome === 'bad-password' || outcome === 'bad-code' || outcome === 'unknown-user';
    const state = counts ? countFailure(lockout, now, settings) : null;
    if (success) clearFailures(ctx.db, fresh!.id, now);
    recordSignInAttempt(ctx.db, { at, accountId: fresh?.id ?? null, username: shownName, success, reason: outcome, origin: ctx.session.origin });
    audit.record({
      actor: { id: fresh?.id ?? null, name: fresh?.username ?? shownName },
      action: success ? 'auth.signIn' : 'auth.signInFailed',
      targetType: 'account',
      targetId: fresh ? String(fresh.id) : null,
      target: fresh?.username ?? shownName,
      summary: { outcome, origin: ctx.session.origin, ...(state && fresh ? { failedAttempts: state.failedAttempts, lockedUntil: state.lockedUntil } : {}) },
    });
    return { outcome, lockedUntil, failures: state?.failedAttempts ?? 0, account: fresh };
  });

  const { outcome } = decision;
  if (outcome === 'ok' || outcome === 'recovery-code') {
    startSession(ctx.session, decision.account!, now.getTime());
    return current(ctx, decision.account!.id);
  }
  await ctx.sleep(failureDelayMs(decision.failures, settings.lockoutThreshold));
  if (outcome === 'lockout') throw lockedOutError(decision.lockedUntil!);
  throw FAILURE_ANSWERS[outcome]();
}

export function signOut(ctx: HandlerContext): null {
  const account = signedIn(ctx);
  ctx.write((audit) =>
    audit.record({ action: 'auth.signOut', targetType: 'account', targetId: String(account.id), target: account.username, summary: { origin: ctx.session.origin } }),
  );
  endSignIn(ctx.session);
  return null;
}

/** Ends every session of the account, this one included (e.g. after using a shared computer). */
export function signOutEverywhere(ctx: HandlerContext): null {
  const account = signedIn(ctx);
  ctx.write((audit) => {
    const epoch = bumpSessionEpoch(ctx.db, account.id);
    audit.record({ action: 'auth.signOutEverywhere', targetType: 'account', targetId: String(account.id), target: account.username, summary: { origin: ctx.session.origin, epoch } });
  });
  endSignIn(ctx.session);
  ctx.sessionsEnded();
  return null;
}

/** Step-up: the password (and a code with two-factor on) unlocks sensitive actions for a while. */
export async function confirmIdentity(ctx: HandlerContext, input: { password: string; code?: string | undefined }): Promise<{ confirmedUntil: string }> {
  const account = signedIn(ctx);
  const proof = await checkOwnCredentials(ctx, {
    password: input.password,
    passwordPath: 'password',
    code: input.code,
    codePath: 'code',
    requireCode: account.twoFactorEnabled,
    allowRecovery: true,
    action: 'auth.confirm',
  });
  const now = ctx.clock.now().getTime();
  ctx.write((audit) => {
    if (!acceptCredentials(ctx, account.id, proof)) throw badCode('code');
    audit.record({ action: 'auth.confirm', targetType: 'account', targetId: String(account.id), target: account.username, summary: { origin: ctx.session.origin, with: proof?.kind ?? 'password' } });
  });
  ctx.session.confirmedAt = now;
  return { confirmedUntil: new Date(now + STEP_UP_WINDOW_MS).toISOString() };
}

/**
 * Ends this window's idle lock. The password alone: the admin is at the window they already
 * signed into with every factor (NIST SP 800-63B allows one factor to reauthenticate at AAL2).
 */
export async function unlockSession(ctx: HandlerContext, input: { password: string; code?: string | undefined }): Promise<SessionAccount> {
  const account = signedIn(ctx);
  await checkOwnCredentials(ctx, { password: input.password, passwordPath: 'password', requireCode: false, allowRecovery: false, action: 'auth.unlockSession' });
  ctx.write((audit) => {
    acceptCredentials(ctx, account.id, null);
    audit.record({ action: 'auth.unlockSession', targetType: 'account', targetId: String(account.id), target: account.username, summary: { origin: ctx.session.origin } });
  });
  ctx.session.idleLocked = false;
  ctx.session.lastActivityAt = ctx.clock.now().getTime();
  return current(ctx, account.id);
}

/** Keys or pointer in the window: the router already counted the call as activity. */
export function reportActivity(): null {
  return null;
}

/**
 * Changes the signed-in admin's password (also the way out of a temporary one). Other
 * sessions of the account end; this one stays signed in.
 */
export async function changePassword(ctx: HandlerContext, input: { currentPassword: string; newPassword: string }): Promise<SessionAccount> {
  const account = signedIn(ctx);
  if (temporaryPasswordExpired(account, ctx.clock.now())) throw FAILURE_ANSWERS['temporary-expired']();
  await checkOwnCredentials(ctx, { password: input.currentPassword, passwordPath: 'currentPassword', requireCode: false, allowRecovery: false, action: 'auth.changePassword' });
  assertPasswordAllowed(input.newPassword, account, 'newPassword');
  if (await verifyPassword(account.passwordHash, input.newPassword)) {
    throw new VigieError('INVALID_INPUT', 'the new password must differ from the current one', [{ path: 'newPassword', code: 'same_as_current', message: 'the new password must differ from the current one' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const epoch = ctx.write((audit) => {
    const now = ctx.clock.now().toISOString();
    setPassword(ctx.db, account.id, { passwordHash, mustChange: false, temporaryExpiresAt: null }, now);
    const next = bumpSessionEpoch(ctx.db, account.id);
    audit.record({
      action: 'auth.changePassword',
      targetType: 'account',
      targetId: String(account.id),
      target: account.username,
      summary: { wasTemporary: account.mustChangePassword, origin: ctx.session.origin },
    });
    return next;
  });
  ctx.session.epoch = epoch;
  ctx.sessionsEnded();
  return current(ctx, account.id);
}
