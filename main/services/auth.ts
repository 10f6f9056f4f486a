// First-run setup, sign-in and sign-out of console accounts.
import { VigieError } from '../../shared/errors';
import { ALL_PERMISSIONS } from '../../shared/permissions';
import type { AuthStatus, SessionAccount } from '../../shared/types';
import { countAccounts, findAccountByUsername, insertAccount, recordSignInAttempt, type AccountRecord } from '../db/accounts';
import type { HandlerContext } from '../ipc/context';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

export function sessionAccountOf(account: AccountRecord): SessionAccount {
  return {
    id: account.id,
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    adminLevel: account.adminLevel,
    permissions: account.permissions,
    mustChangePassword: account.mustChangePassword,
  };
}

export function authStatus(ctx: HandlerContext): AuthStatus {
  return { setupRequired: countAccounts(ctx.db) === 0, account: ctx.account ? sessionAccountOf(ctx.account) : null };
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
  ctx.session.accountId = account.id;
  return sessionAccountOf(account);
}

type Outcome = 'ok' | 'unknown-user' | 'bad-password' | 'inactive' | 'locked';

/**
 * Signs a session in. Unknown usernames are checked against a dummy hash so both failures
 * take the same time, and both answer BAD_CREDENTIALS. The state of an account (inactive,
 * locked) is told only to whoever gave its right password. Every attempt is recorded.
 */
export async function signIn(ctx: HandlerContext, input: { username: string; password: string }): Promise<SessionAccount> {
  const username = input.username.trim();
  const account = username ? findAccountByUsername(ctx.db, username) : undefined;
  const passwordOk = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const outcome: Outcome = !account ? 'unknown-user' : !passwordOk ? 'bad-password' : account.status === 'inactive' ? 'inactive' : account.status === 'locked' ? 'locked' : 'ok';

  ctx.write((audit) => {
    const at = ctx.clock.now().toISOString();
    recordSignInAttempt(ctx.db, { at, accountId: account?.id ?? null, username: username.slice(0, 254), success: outcome === 'ok', reason: outcome, origin: ctx.session.origin });
    audit.record({
      actor: { id: account?.id ?? null, name: account?.username ?? username.slice(0, 254) },
      action: outcome === 'ok' ? 'auth.signIn' : 'auth.signInFailed',
      targetType: 'account',
      targetId: account ? String(account.id) : null,
      target: account?.username ?? username.slice(0, 254),
      summary: { outcome, origin: ctx.session.origin },
    });
  });

  switch (outcome) {
    case 'ok':
      ctx.session.accountId = account!.id;
      return sessionAccountOf(account!);
    case 'inactive':
      throw new VigieError('ACCOUNT_INACTIVE', 'this account is deactivated; ask a Manager to reactivate it');
    case 'locked':
      throw new VigieError('ACCOUNT_LOCKED', 'this account is locked; ask a Manager to unlock it');
    default:
      throw new VigieError('BAD_CREDENTIALS', 'wrong username or password');
  }
}

export function signOut(ctx: HandlerContext): null {
  const account = ctx.account!;
  ctx.write((audit) =>
    audit.record({ action: 'auth.signOut', targetType: 'account', targetId: String(account.id), target: account.username, summary: { origin: ctx.session.origin } }),
  );
  ctx.session.accountId = null;
  return null;
}
