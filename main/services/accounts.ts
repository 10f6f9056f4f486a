// Account management: what an administrator sees (its scope of sites), what it may grant
// (no privilege escalation), creating, editing, activating, deactivating and deleting
// accounts, the last full Manager's protection, the permission report, and the security
// actions on an account (unlock, temporary password, reset two-factor).
import { randomInt } from 'node:crypto';
import { ADMIN_RANK, ADMIN_LEVELS, adminLevelAllowedFor, permissionAllowedFor, USER_TYPE_LIMITS } from '../../shared/accounts';
import type { AccountFields, ChannelParsedInput } from '../../shared/contract';
import { VigieError, fieldError, type FieldError } from '../../shared/errors';
import { ALL_PERMISSIONS, MANAGER_PERMISSIONS, type Permission } from '../../shared/permissions';
import type { AccountDetail, AccountStatus, AccountSummary, AdminLevel, GrantOptions, Page, PermissionReport, SignInListRow, SignInRecord, TemporaryPassword } from '../../shared/types';
import { findAccountPage, type AccountRow, type AccountScope } from '../db/accountQuery';
import {
  bumpSessionEpoch,
  childrenOf,
  countFullManagers,
  deleteAccountRow,
  findAccountById,
  grantsOf,
  insertAccount,
  insertAccountRow,
  listSignIns,
  setAccountStatus,
  setPassword,
  setPermissions,
  signInAttemptsOf,
  summaryOf,
  unlockAccountRow,
  updateAccountIdentity,
  usernameTaken,
  type AccountRecord,
} from '../db/accounts';
import type { Db } from '../db/connection';
import { findSiteById, siteStateById, listSites, setAccountSites, siteIdsOf, siteRef } from '../db/sites';
import { deleteTwoFactor } from '../db/twoFactor';
import type { HandlerContext } from '../ipc/context';
import { checkNewPassword } from './passwordPolicy';
import { hashPassword } from './passwords';
import { securitySettings } from './settings';

export type { AccountFields } from '../../shared/contract';

type Actor = Pick<AccountRecord, 'id' | 'username' | 'adminLevel' | 'permissions' | 'sites'>;

// --- Scope and powers ------------------------------------------------------------------------

/** Full administrators reach every site; any other administrator the sites it is assigned to. */
export function scopeOf(_db: Db, actor: Actor): AccountScope {
  return actor.adminLevel === 'full' ? { allSites: true, siteIds: [] } : { allSites: false, siteIds: actor.sites.map((s) => s.id) };
}

function visibleIn(scope: AccountScope, target: Pick<AccountRow, 'sites'>): boolean {
  if (scope.allSites) return true;
  const mine = new Set(scope.siteIds);
  return target.sites.some((s) => mine.has(s.id));
}

/** Why `actor` may not change `target`, or null when it may. */
export function notManageableReason(actor: Actor, target: Pick<AccountRow, 'id' | 'sites' | 'permissions' | 'adminLevel'>): AccountDetail['notManageableReason'] {
  if (target.id === actor.id) return 'own-account';
  if (actor.adminLevel !== 'full') {
    const mine = new Set(actor.sites.map((s) => s.id));
    if (target.sites.length === 0 || target.sites.some((s) => !mine.has(s.id))) return 'outside-sites';
  }
  const held = new Set(actor.permissions);
  if (target.permissions.some((p) => !held.has(p)) || ADMIN_RANK[target.adminLevel] > ADMIN_RANK[actor.adminLevel]) return 'more-powerful';
  return null;
}

const NOT_MANAGEABLE_MESSAGES = {
  'own-account': 'use your profile for your own account',
  'outside-sites': 'this account is also assigned to sites you do not manage',
  'more-powerful': 'this account holds permissions or an administrator level you do not have',
} as const;

function signedIn(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

function accountOrNotFound(ctx: HandlerContext, accountId: number): AccountRecord {
  const account = findAccountById(ctx.db, accountId);
  if (!account) throw new VigieError('NOT_FOUND', `no account #${accountId}`, [{ path: 'accountId', code: 'not_found', message: 'this account does not exist' }]);
  return account;
}

/** The account, if the caller's scope reaches it (else FORBIDDEN: it belongs to other sites). */
function visibleAccount(ctx: HandlerContext, accountId: number): AccountRecord {
  const actor = signedIn(ctx);
  const account = accountOrNotFound(ctx, accountId);
  if (account.id !== actor.id && !visibleIn(scopeOf(ctx.db, actor), account)) throw new VigieError('FORBIDDEN', `${account.username} is outside your sites`);
  return account;
}

/** The account, if the caller may change it. */
function manageableAccount(ctx: HandlerContext, accountId: number): AccountRecord {
  const account = visibleAccount(ctx, accountId);
  const reason = notManageableReason(signedIn(ctx), account);
  if (reason) throw new VigieError('FORBIDDEN', `${account.username}: ${NOT_MANAGEABLE_MESSAGES[reason]}`, [{ path: 'accountId', code: reason, message: NOT_MANAGEABLE_MESSAGES[reason] }]);
  return account;
}

/**
 * No privilege escalation: an administrator grants only permissions it holds itself, and an
 * administrator level no higher than its own (so only full administrators create full ones).
 */
export function assertGrantable(actor: { adminLevel: AdminLevel; permissions: readonly Permission[] }, wanted: { adminLevel: AdminLevel; permissions: readonly Permission[] }): void {
  const problems = grantProblems(actor, wanted);
  if (problems.length > 0) throw new VigieError('FORBIDDEN', problems.map((p) => p.message).join('; '), problems);
}

function grantProblems(actor: { adminLevel: AdminLevel; permissions: readonly Permission[] }, wanted: { adminLevel: AdminLevel; permissions: readonly Permission[] }): FieldError[] {
  const problems: FieldError[] = [];
  const held = new Set(actor.permissions);
  const beyond = wanted.permissions.filter((p) => !held.has(p));
  if (beyond.length > 0) problems.push({ path: 'permissions', code: 'not_grantable', message: `cannot grant permissions you do not hold: ${beyond.join(', ')}` });
  if (ADMIN_RANK[wanted.adminLevel] > ADMIN_RANK[actor.adminLevel]) {
    problems.push({ path: 'adminLevel', code: 'not_grantable', message: `only a ${wanted.adminLevel} administrator can grant the ${wanted.adminLevel} level` });
  }
  return problems;
}

/**
 * Everything wrong with these fields for this administrator: a taken username, what the user
 * type does not allow, grants beyond the administrator's own, sites it may not assign.
 * `existing` is the account being edited (null for a new one).
 */
export function checkAccountFields(db: Db, actor: Actor, fields: AccountFields, existing: AccountRecord | null): FieldError[] {
  const problems: FieldError[] = [];
  if (usernameTaken(db, fields.username, existing?.id ?? null)) problems.push({ path: 'username', code: 'taken', message: 'this username is already used' });
  const notForType = fields.permissions.filter((p) => !permissionAllowedFor(fields.userType, p));
  if (notForType.length > 0) {
    problems.push({ path: 'permissions', code: 'not_allowed_for_type', message: `a ${fields.userType} account cannot hold: ${notForType.join(', ')}` });
  }
  if (!adminLevelAllowedFor(fields.userType, fields.adminLevel)) {
    problems.push({ path: 'adminLevel', code: 'not_allowed_for_type', message: `a ${fields.userType} account can be at most a ${USER_TYPE_LIMITS[fields.userType].maxAdminLevel} administrator` });
  }
  problems.push(...grantProblems(actor, fields));
  const kept = new Set(existing?.sites.map((s) => s.id) ?? []);
  const mine = new Set(actor.sites.map((s) => s.id));
  for (const siteId of new Set(fields.siteIds)) {
    const site = siteStateById(db, siteId);
    if (!site) problems.push({ path: 'siteIds', code: 'not_found', message: `no site #${siteId}` });
    else if (site.retiredAt !== null && !kept.has(siteId)) problems.push({ path: 'siteIds', code: 'retired', message: `the site ${site.name} is retired` });
    else if (actor.adminLevel !== 'full' && !mine.has(siteId)) problems.push({ path: 'siteIds', code: 'not_grantable', message: `you cannot assign the site ${site.name}` });
  }
  // An account no site of its own reaches would be out of this administrator's sight at once.
  if (actor.adminLevel !== 'full' && fields.siteIds.length === 0) problems.push({ path: 'siteIds', code: 'required', message: 'assign at least one of your sites' });
  return problems;
}

/** Grant problems are refusals (FORBIDDEN); the rest are invalid values. */
function throwProblems(problems: FieldError[]): void {
  if (problems.length === 0) return;
  const forbidden = problems.some((p) => p.code === 'not_grantable');
  throw new VigieError(forbidden ? 'FORBIDDEN' : 'INVALID_INPUT', problems.map((p) => p.message).join('; '), problems);
}

/** What the audit trail keeps of an account: enough to read its history after a deletion. */
export function auditSnapshot(record: AccountRow): Record<string, unknown> {
  return {
    username: record.username,
    firstName: record.firstName,
    middleName: record.middleName,
    lastName: record.lastName,
    email: record.email,
    phoneWork: record.phoneWork,
    phoneMobile: record.phoneMobile,
    phoneLandline: record.phoneLandline,
    phoneFax: record.phoneFax,
    postalAddress: record.postalAddress,
    userType: record.userType,
    adminLevel: record.adminLevel,
    status: record.status,
    permissions: record.permissions,
    sites: record.sites.map((s) => s.name),
  };
}

/** The keys whose values differ, with their before and after values (an audit record's summary). */
export function auditChanges(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/**
 * Refuses a change that leaves no active full administrator holding every Manager permission,
 * when there was one before (the console could no longer be administered). Called inside the
 * transaction, after the change: throwing rolls it back.
 */
export function assertFullManagerRemains(db: Db, before: number): void {
  if (before > 0 && countFullManagers(db, MANAGER_PERMISSIONS) === 0) {
    throw new VigieError('LAST_FULL_MANAGER', 'this is the last active full administrator with every Manager permission: promote another account first');
  }
}

export function insertManagedAccount(
  db: Db,
  actor: Actor,
  fields: AccountFields & { status: AccountStatus; passwordHash: string; mustChangePassword: boolean },
  now: string,
): AccountRecord {
  const { siteIds, ...rest } = fields;
  const id = insertAccountRow(db, { ...rest, parentId: actor.id > 0 ? actor.id : null, grantedBy: actor.username }, now);
  setAccountSites(db, id, siteIds);
  return findAccountById(db, id)!;
}

/**
 * Applies an administrator's edit. A change of status, level, permissions or sites ends the
 * account's sessions (they start again under the new rights).
 */
export function updateManagedAccount(db: Db, actor: Actor, existing: AccountRecord, fields: AccountFields & { status: AccountStatus }, now: string): AccountRecord {
  const { siteIds, permissions, ...identity } = fields;
  updateAccountIdentity(db, existing.id, identity, now);
  setPermissions(db, existing.id, permissions, actor.username, now);
  setAccountSites(db, existing.id, siteIds);
  const after = findAccountById(db, existing.id)!;
  const rightsChanged =
    after.status !== existing.status ||
    after.adminLevel !== existing.adminLevel ||
    after.userType !== existing.userType ||
    JSON.stringify(after.permissions) !== JSON.stringify(existing.permissions) ||
    JSON.stringify(siteIdsOf(db, existing.id)) !== JSON.stringify(existing.sites.map((s) => s.id).sort((a, b) => a - b));
  if (rightsChanged) bumpSessionEpoch(db, existing.id);
  return findAccountById(db, existing.id)!;
}

// --- Reading -----------------------------------------------------------------------------------

export function listAccountsFor(ctx: HandlerContext, input: ChannelParsedInput<'accounts.list'>): Page<AccountSummary> {
  const actor = signedIn(ctx);
  const q = { filter: input.filter, sort: input.sort, scope: scopeOf(ctx.db, actor), now: ctx.clock.now().toISOString() };
  const { total, rows } = findAccountPage(ctx.db, q, input.limit, input.offset);
  return { total, rows: rows.map((row) => summaryOf(row, notManageableReason(actor, row) === null)) };
}

export function getAccount(ctx: HandlerContext, input: { accountId: number }): AccountDetail {
  const account = visibleAccount(ctx, input.accountId);
  const reason = notManageableReason(signedIn(ctx), account);
  return {
    ...summaryOf(account, reason === null),
    phoneWork: account.phoneWork,
    phoneMobile: account.phoneMobile,
    phoneLandline: account.phoneLandline,
    phoneFax: account.phoneFax,
    postalAddress: account.postalAddress,
    children: childrenOf(ctx.db, account.id),
    recentSignIns: signInAttemptsOf(ctx.db, account.id, 20).map((a) => ({ at: a.at, success: a.success, reason: a.reason, origin: a.origin })),
    notManageableReason: reason,
  };
}

export function grantOptions(ctx: HandlerContext): GrantOptions {
  const actor = signedIn(ctx);
  const held = new Set(actor.permissions);
  const scope = scopeOf(ctx.db, actor);
  return {
    permissions: ALL_PERMISSIONS.filter((p) => held.has(p)),
    adminLevels: ADMIN_LEVELS.filter((level) => ADMIN_RANK[level] <= ADMIN_RANK[actor.adminLevel]),
    sites: listSites(ctx.db, scope, false).map(siteRef),
    allSites: scope.allSites,
  };
}

export function permissionReport(ctx: HandlerContext, input: { accountIds: number[] }): PermissionReport[] {
  const generatedAt = ctx.clock.now().toISOString();
  return [...new Set(input.accountIds)].map((id) => {
    const account = visibleAccount(ctx, id);
    const grants = new Map(grantsOf(ctx.db, account.id).map((g) => [g.permission, g]));
    return {
      accountId: account.id,
      username: account.username,
      firstName: account.firstName,
      middleName: account.middleName,
      lastName: account.lastName,
      userType: account.userType,
      adminLevel: account.adminLevel,
      status: account.status,
      permissions: ALL_PERMISSIONS.map((permission) => {
        const grant = grants.get(permission);
        const allowed = permissionAllowedFor(account.userType, permission);
        return {
          permission,
          held: grant !== undefined && allowed,
          source: grant === undefined ? 'not-granted' : allowed ? 'granted' : 'blocked-by-user-type',
          grantedBy: grant?.grantedBy ?? null,
          grantedAt: grant?.grantedAt ?? null,
        };
      }),
      sites: account.sites,
      allSites: account.adminLevel === 'full',
      parent: account.parent?.username ?? null,
      generatedAt,
    };
  });
}

export function signInsOf(ctx: HandlerContext, input: { accountId: number; limit: number }): SignInRecord[] {
  const account = visibleAccount(ctx, input.accountId);
  return signInAttemptsOf(ctx.db, account.id, input.limit).map((a) => ({ at: a.at, success: a.success, reason: a.reason, origin: a.origin }));
}

/** Sign-in attempts in the caller's scope (attempts on unknown usernames: full administrators only). */
export function recentSignIns(ctx: HandlerContext, input: ChannelParsedInput<'signIns.list'>): Page<SignInListRow> {
  return listSignIns(ctx.db, { ...input, scope: scopeOf(ctx.db, signedIn(ctx)) });
}

// --- Changing ----------------------------------------------------------------------------------

export async function createAccount(ctx: HandlerContext, input: ChannelParsedInput<'accounts.create'>): Promise<AccountSummary> {
  const actor = signedIn(ctx);
  const { password, status, ...fields } = input;
  throwProblems(checkAccountFields(ctx.db, actor, fields, null));
  const problem = checkNewPassword(password, input);
  if (problem) throw new VigieError('INVALID_INPUT', problem.message, [{ ...problem, path: 'password' }]);
  const passwordHash = await hashPassword(password);
  return ctx.write((audit) => {
    // Checked again inside the transaction: another window may have taken the name meanwhile.
    throwProblems(checkAccountFields(ctx.db, actor, fields, null));
    const created = insertManagedAccount(ctx.db, actor, { ...fields, status, passwordHash, mustChangePassword: false }, ctx.clock.now().toISOString());
    audit.record({ action: 'account.create', targetType: 'account', targetId: String(created.id), target: created.username, summary: { after: auditSnapshot(created) } });
    return summaryOf(created, notManageableReason(actor, created) === null);
  });
}

export function updateAccount(ctx: HandlerContext, input: ChannelParsedInput<'accounts.update'>): AccountSummary {
  const actor = signedIn(ctx);
  const { accountId, status, ...fields } = input;
  const existing = manageableAccount(ctx, accountId);
  throwProblems(checkAccountFields(ctx.db, actor, fields, existing));
  const after = ctx.write((audit) => {
    const before = findAccountById(ctx.db, existing.id);
    if (!before) throw new VigieError('NOT_FOUND', `no account #${accountId}`);
    const managers = countFullManagers(ctx.db, MANAGER_PERMISSIONS);
    const updated = updateManagedAccount(ctx.db, actor, before, { ...fields, status }, ctx.clock.now().toISOString());
    assertFullManagerRemains(ctx.db, managers);
    const diff = auditChanges(auditSnapshot(before), auditSnapshot(updated));
    audit.record({ action: 'account.update', targetType: 'account', targetId: String(updated.id), target: updated.username, summary: diff });
    return { record: updated, sessionsEnded: updated.sessionEpoch !== before.sessionEpoch };
  });
  if (after.sessionsEnded) ctx.sessionsEnded();
  return summaryOf(after.record, notManageableReason(actor, after.record) === null);
}

function changeStatus(ctx: HandlerContext, accountId: number, status: 'active' | 'inactive'): AccountSummary {
  const actor = signedIn(ctx);
  const target = manageableAccount(ctx, accountId);
  if (target.status === status) throw new VigieError('CONFLICT', `${target.username} is already ${status}`);
  const after = ctx.write((audit) => {
    const managers = countFullManagers(ctx.db, MANAGER_PERMISSIONS);
    setAccountStatus(ctx.db, target.id, status, ctx.clock.now().toISOString());
    if (status === 'inactive') bumpSessionEpoch(ctx.db, target.id);
    assertFullManagerRemains(ctx.db, managers);
    audit.record({
      action: status === 'inactive' ? 'account.deactivate' : 'account.activate',
      targetType: 'account',
      targetId: String(target.id),
      target: target.username,
      summary: { before: { status: target.status }, after: { status } },
    });
    return findAccountById(ctx.db, target.id)!;
  });
  if (status === 'inactive') ctx.sessionsEnded();
  return summaryOf(after, notManageableReason(actor, after) === null);
}

/** The recommended path: the account keeps its data and history but cannot sign in; its sessions end. */
export function deactivateAccount(ctx: HandlerContext, input: { accountId: number }): AccountSummary {
  return changeStatus(ctx, input.accountId, 'inactive');
}

export function activateAccount(ctx: HandlerContext, input: { accountId: number }): AccountSummary {
  return changeStatus(ctx, input.accountId, 'active');
}

/**
 * Deletes an account for good. The audit trail keeps its history (records name it by username
 * and the deletion record keeps a snapshot); its sub-administrators move to its own parent.
 */
export function deleteAccount(ctx: HandlerContext, input: { accountId: number; confirmUsername: string }): null {
  const target = manageableAccount(ctx, input.accountId);
  if (input.confirmUsername.trim().toLowerCase() !== target.username.toLowerCase()) {
    throw fieldError('confirmUsername', 'mismatch', `type the username ${target.username} to confirm`);
  }
  ctx.write((audit) => {
    const managers = countFullManagers(ctx.db, MANAGER_PERMISSIONS);
    const children = deleteAccountRow(ctx.db, target.id, target.parentId);
    assertFullManagerRemains(ctx.db, managers);
    audit.record({
      action: 'account.delete',
      targetType: 'account',
      targetId: String(target.id),
      target: target.username,
      summary: { before: auditSnapshot(target), childrenMovedTo: children.length > 0 ? (target.parent?.username ?? null) : undefined, children },
    });
  });
  ctx.sessionsEnded();
  return null;
}

/** Ends a temporary lockout, forgets the failed attempts, and turns status 'locked' into 'active'. */
export function unlockAccount(ctx: HandlerContext, input: { accountId: number }): AccountSummary {
  const actor = signedIn(ctx);
  visibleAccount(ctx, input.accountId);
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
    return summaryOf(after, notManageableReason(actor, after) === null);
  });
}

/**
 * Taking over an account (its password, its second factor) is for an administrator who may
 * manage it: within its sites, holding at least its permissions and level; never one's own.
 */
function takeOverTarget(ctx: HandlerContext, accountId: number, what: string): AccountRecord {
  const target = visibleAccount(ctx, accountId);
  if (target.id === signedIn(ctx).id) {
    throw new VigieError('FORBIDDEN', `use your profile to ${what} of your own account`, [{ path: 'accountId', code: 'own_account', message: `use your profile to ${what} of your own account` }]);
  }
  return manageableAccount(ctx, accountId);
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
  const target = takeOverTarget(ctx, input.accountId, 'change the password');
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
  const target = takeOverTarget(ctx, input.accountId, 'turn off two-factor');
  const after = ctx.write((audit) => {
    if (!deleteTwoFactor(ctx.db, target.id)) throw new VigieError('CONFLICT', `two-factor is not on for ${target.username}`);
    bumpSessionEpoch(ctx.db, target.id);
    audit.record({ action: 'account.resetTwoFactor', targetType: 'account', targetId: String(target.id), target: target.username, summary: { before: { twoFactor: true }, after: { twoFactor: false } } });
    return findAccountById(ctx.db, target.id)!;
  });
  ctx.sessionsEnded();
  return summaryOf(after, notManageableReason(actor, after) === null);
}
