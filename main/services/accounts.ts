// Console accounts as a Manager sees them: creation, unlocking, temporary passwords, resetting
// two-factor, and the sign-in history. (The full account management comes with its issue.)
import { randomInt } from 'node:crypto';
import { VigieError, fieldError } from '../../shared/errors';
import type { Permission } from '../../shared/permissions';
import type { AccountSummary, AdminLevel, SignInRecord, TemporaryPassword } from '../../shared/types';
import { bumpSessionEpoch, findAccountById, insertAccount, setPassword, signInAttemptsOf, summaryOf, unlockAccountRow, usernameTaken, type AccountRecord } from '../db/accounts';
import { deleteTwoFactor } from '../db/twoFactor';
import type { HandlerContext } from '../ipc/context';
import { checkNewPassword } from './passwordPolicy';
import { hashPassword } from './passwords';
import { securitySettings } from './settings';

export interface NewAccountInput {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  status: 'active' | 'locked';
  adminLevel: AdminLevel;
  permissions: Permission[];
}

const ADMIN_RANK: Record<AdminLevel, number> = { none: 0, limited: 1, full: 2 };

/**
 * No privilege escalation: an administrator grants only permissions it holds itself, and an
 * administrator level no higher than its own (so only full administrators create full ones).
 */
export function assertGrantable(actor: { adminLevel: AdminLevel; permissions: readonly Permission[] }, wanted: { adminLevel: AdminLevel; permissions: readonly Permission[] }): void {
  const held = new Set(actor.permissions);
  const beyond = wanted.permissions.filter((p) => !held.has(p));
  if (beyond.length > 0) {
    throw new VigieError('FORBIDDEN', `cannot grant permissions you do not hold: ${beyond.join(', ')}`, [
      { path: 'permissions', code: 'not_grantable', message: `not grantable: ${beyond.join(', ')}` },
    ]);
  }
  if (ADMIN_RANK[wanted.adminLevel] > ADMIN_RANK[actor.adminLevel]) {
    throw new VigieError('FORBIDDEN', `cannot grant the ${wanted.adminLevel} administrator level`, [
      { path: 'adminLevel', code: 'not_grantable', message: `only a ${wanted.adminLevel} administrator can grant this level` },
    ]);
  }
}

/**
 * Taking over an account is an escalation too: resetting its password or two-factor is only
 * for an administrator holding at least its permissions and level.
 */
function assertMayTakeOver(actor: AccountRecord, target: AccountRecord): void {
  const held = new Set(actor.permissions);
  if (target.permissions.some((p) => !held.has(p)) || ADMIN_RANK[target.adminLevel] > ADMIN_RANK[actor.adminLevel]) {
    throw new VigieError('FORBIDDEN', `${target.username} holds permissions or an administrator level you do not have`);
  }
}

function signedIn(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

function accountOrNotFound(ctx: HandlerContext, accountId: number): AccountRecord {
  const account = findAccountById(ctx.db, accountId);
  if (!account) throw new VigieError('NOT_FOUND', `no account #${accountId}`, [{ path: 'accountId', code: 'not_found', message: 'this account does not exist' }]);
  return account;
}

function notOnYourOwn(ctx: HandlerContext, target: AccountRecord, what: string): void {
  if (target.id === signedIn(ctx).id) {
    throw new VigieError('FORBIDDEN', `use your profile to ${what} of your own account`, [{ path: 'accountId', code: 'own_account', message: `use your profile to ${what} of your own account` }]);
  }
}

export async function createAccount(ctx: HandlerContext, input: NewAccountInput): Promise<AccountSummary> {
  assertGrantable(signedIn(ctx), input);
  if (usernameTaken(ctx.db, input.username)) throw fieldError('username', 'taken', 'this username is already used');
  const problem = checkNewPassword(input.password, input);
  if (problem) throw new VigieError('INVALID_INPUT', problem.message, [{ ...problem, path: 'password' }]);
  const passwordHash = await hashPassword(input.password);
  return ctx.write((audit) => {
    if (usernameTaken(ctx.db, input.username)) throw fieldError('username', 'taken', 'this username is already used');
    const { password: _secret, ...rest } = input;
    const created = insertAccount(ctx.db, { ...rest, passwordHash, parentId: ctx.account?.id ?? null }, ctx.clock.now().toISOString());
    audit.record({
      action: 'account.create',
      targetType: 'account',
      targetId: String(created.id),
      target: created.username,
      summary: { after: { username: created.username, email: created.email, status: created.status, adminLevel: created.adminLevel, permissions: created.permissions } },
    });
    return summaryOf(created);
  });
}

/** Ends a temporary lockout, forgets the failed attempts, and turns status 'locked' into 'active'. */
export function unlockAccount(ctx: HandlerContext, input: { accountId: number }): AccountSummary {
  return ctx.write((audit) => {
    const before = accountOrNotFound(ctx, input.accountId);
    const now = ctx.clock.now().toISOString();
    unlockAccountRow(ctx.db, before.id, now);
    const after = findAccountById(ctx.db, before.id)!;
    audit.record({
      action: 'account.unlock',
      targetType: 'account',
      targetId: String(before.id),
      target: before.username,
      summary: {
        before: { status: before.status, lockedUntil: before.lockedUntil, failedAttempts: before.failedAttempts },
        after: { status: after.status, lockedUntil: after.lockedUntil, failedAttempts: after.failedAttempts },
      },
    });
    return summaryOf(after);
  });
}

/** Letters and digits that cannot be misread for one another: no 0/O, 1/l/I. */
export const TEMPORARY_PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const TEMPORARY_PASSWORD_LENGTH = 16;

export function newTemporaryPassword(): string {
  let password = '';
  for (let i = 0; i < TEMPORARY_PASSWORD_LENGTH; i++) password += TEMPORARY_PASSWORD_ALPHABET[randomInt(TEMPORARY_PASSWORD_ALPHABET.length)];
  return password;
}

/**
 * Issues a temporary password for another account, shown once: only its hash is stored. The
 * account must change it at its next sign-in, before it expires; its sessions end now.
 */
export async function resetPassword(ctx: HandlerContext, input: { accountId: number }): Promise<TemporaryPassword> {
  const actor = signedIn(ctx);
  const target = accountOrNotFound(ctx, input.accountId);
  notOnYourOwn(ctx, target, 'change the password');
  assertMayTakeOver(actor, target);
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const hours = securitySettings(ctx.db).temporaryPasswordHours;
  const expiresAt = new Date(ctx.clock.now().getTime() + hours * 3600_000).toISOString();
  ctx.write((audit) => {
    accountOrNotFound(ctx, target.id);
    setPassword(ctx.db, target.id, { passwordHash, mustChange: true, temporaryExpiresAt: expiresAt }, ctx.clock.now().toISOString());
    bumpSessionEpoch(ctx.db, target.id);
    audit.record({ action: 'account.resetPassword', targetType: 'account', targetId: String(target.id), target: target.username, summary: { expiresAt, mustChangePassword: true } });
  });
  ctx.sessionsEnded();
  return { accountId: target.id, username: target.username, temporaryPassword, expiresAt };
}

/** Removes another account's two-factor (lost phone): it signs in with its password alone again. */
export function resetTwoFactor(ctx: HandlerContext, input: { accountId: number }): AccountSummary {
  const actor = signedIn(ctx);
  const target = accountOrNotFound(ctx, input.accountId);
  notOnYourOwn(ctx, target, 'turn off two-factor');
  assertMayTakeOver(actor, target);
  const after = ctx.write((audit) => {
    if (!deleteTwoFactor(ctx.db, target.id)) throw new VigieError('CONFLICT', `two-factor is not on for ${target.username}`);
    bumpSessionEpoch(ctx.db, target.id);
    audit.record({ action: 'account.resetTwoFactor', targetType: 'account', targetId: String(target.id), target: target.username, summary: { before: { twoFactor: true }, after: { twoFactor: false } } });
    return findAccountById(ctx.db, target.id)!;
  });
  ctx.sessionsEnded();
  return summaryOf(after);
}

export function signInsOf(ctx: HandlerContext, input: { accountId: number; limit: number }): SignInRecord[] {
  const account = accountOrNotFound(ctx, input.accountId);
  return signInAttemptsOf(ctx.db, account.id, input.limit).map((a) => ({ at: a.at, success: a.success, reason: a.reason, origin: a.origin }));
}
