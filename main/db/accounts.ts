// SQL for console accounts, their permissions and their sign-in attempts. Lists (filters,
// search, sort) are in accountQuery.ts; sites in sites.ts.
import type { AccountFields } from '../../shared/contract';
import type { Permission } from '../../shared/permissions';
import type { AccountStatus, AccountSummary, AdminLevel, DashboardCounts, Page, SignInListRow } from '../../shared/types';
import { decodeAccountRow, SELECT_ACCOUNT_ROW, type AccountRow, type AccountScope, type RawAccountRow } from './accountQuery';
import { likePattern, statement, type Db } from './connection';
import { countSites } from './sites';

export interface AccountRecord extends AccountRow {
  passwordHash: string;
  parentId: number | null;
  /** Sessions signed in under an older epoch end at their next call. */
  sessionEpoch: number;
  passwordChangedAt: string | null;
  /** Set while the password is a temporary one issued by a Manager. */
  temporaryPasswordExpiresAt: string | null;
}

/** The identity and contact fields an administrator sets on an account (rights and sites apart). */
export type AccountIdentity = Omit<AccountFields, 'permissions' | 'siteIds'>;

export interface NewAccount extends Partial<Omit<AccountIdentity, 'username' | 'firstName' | 'lastName' | 'email'>> {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  passwordHash: string;
  status: AccountStatus;
  adminLevel: AdminLevel;
  permissions: readonly Permission[];
  parentId: number | null;
  mustChangePassword?: boolean;
  /** Who granted the permissions (the audit actor's name), for the permission report. */
  grantedBy?: string;
}

function toRecord(row: RawAccountRow): AccountRecord {
  return {
    ...decodeAccountRow(row),
    passwordHash: row.password_hash,
    parentId: row.parent_id,
    sessionEpoch: row.session_epoch,
    passwordChangedAt: row.password_changed_at,
    temporaryPasswordExpiresAt: row.temporary_password_expires_at,
  };
}

/** What may leave the main process: no hash, no epoch, no contact details. */
export function summaryOf(record: AccountRow, manageable: boolean): AccountSummary {
  return {
    id: record.id,
    username: record.username,
    firstName: record.firstName,
    middleName: record.middleName,
    lastName: record.lastName,
    email: record.email,
    status: record.status,
    adminLevel: record.adminLevel,
    userType: record.userType,
    permissions: record.permissions,
    sites: record.sites,
    parent: record.parent,
    lastSignInAt: record.lastSignInAt,
    createdAt: record.createdAt,
    twoFactorEnabled: record.twoFactorEnabled,
    lockedUntil: record.lockedUntil,
    failedAttempts: record.failedAttempts,
    mustChangePassword: record.mustChangePassword,
    manageable,
  };
}

export function insertAccount(db: Db, account: NewAccount, now: string): AccountRecord {
  return findAccountById(db, insertAccountRow(db, account, now))!;
}

/** Inserts the account and its permissions; answers its id (without reading it back). */
export function insertAccountRow(db: Db, account: NewAccount, now: string): number {
  const { lastInsertRowid } = statement(
    db,
    `INSERT INTO accounts (username, first_name, middle_name, last_name, email, phone_work, phone_mobile, phone_landline, phone_fax, postal_address,
       user_type, password_hash, status, admin_level, must_change_password, parent_id, password_changed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    account.username,
    account.firstName,
    account.middleName ?? '',
    account.lastName,
    account.email,
    account.phoneWork ?? '',
    account.phoneMobile ?? '',
    account.phoneLandline ?? '',
    account.phoneFax ?? '',
    account.postalAddress ?? '',
    account.userType ?? 'business',
    account.passwordHash,
    account.status,
    account.adminLevel,
    account.mustChangePassword ? 1 : 0,
    account.parentId,
    now,
    now,
    now,
  );
  const id = Number(lastInsertRowid);
  setPermissions(db, id, account.permissions, account.grantedBy ?? null, now);
  return id;
}

/** Updates the identity fields and status of an account (not its password, permissions or sites). */
export function updateAccountIdentity(db: Db, accountId: number, fields: AccountIdentity & { status: AccountStatus }, now: string): void {
  statement(
    db,
    `UPDATE accounts SET username = ?, first_name = ?, middle_name = ?, last_name = ?, email = ?, phone_work = ?, phone_mobile = ?, phone_landline = ?,
       phone_fax = ?, postal_address = ?, user_type = ?, admin_level = ?, status = ?, updated_at = ? WHERE id = ?`,
  ).run(
    fields.username,
    fields.firstName,
    fields.middleName,
    fields.lastName,
    fields.email,
    fields.phoneWork,
    fields.phoneMobile,
    fields.phoneLandline,
    fields.phoneFax,
    fields.postalAddress,
    fields.userType,
    fields.adminLevel,
    fields.status,
    now,
    accountId,
  );
}

export function setAccountStatus(db: Db, accountId: number, status: AccountStatus, now: string): void {
  statement(db, 'UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?').run(status, now, accountId);
}

/**
 * Makes the account's grants exactly `permissions`: new ones record who granted them and
 * when; those kept keep their provenance.
 */
export function setPermissions(db: Db, accountId: number, permissions: readonly Permission[], grantedBy: string | null, now: string): void {
  const wanted = new Set(permissions);
  const current = new Set((statement(db, 'SELECT permission FROM account_permissions WHERE account_id = ?').all(accountId) as { permission: string }[]).map((r) => r.permission));
  const revoke = statement(db, 'DELETE FROM account_permissions WHERE account_id = ? AND permission = ?');
  const grant = statement(db, 'INSERT INTO account_permissions (account_id, permission, granted_by, granted_at) VALUES (?, ?, ?, ?)');
  for (const p of current) if (!wanted.has(p as Permission)) revoke.run(accountId, p);
  for (const p of wanted) if (!current.has(p)) grant.run(accountId, p, grantedBy, now);
}

export interface PermissionGrant {
  permission: string;
  grantedBy: string | null;
  grantedAt: string | null;
}

/** The grants as stored (including any its user type does not allow), for the permission report. */
export function grantsOf(db: Db, accountId: number): PermissionGrant[] {
  return (statement(db, 'SELECT permission, granted_by, granted_at FROM account_permissions WHERE account_id = ? ORDER BY permission').all(accountId) as {
    permission: string;
    granted_by: string | null;
    granted_at: string | null;
  }[]).map((r) => ({ permission: r.permission, grantedBy: r.granted_by, grantedAt: r.granted_at }));
}

/** Deletes an account; its sub-administrators get its parent as theirs. */
export function deleteAccountRow(db: Db, accountId: number, parentId: number | null): number[] {
  const children = (statement(db, 'SELECT id FROM accounts WHERE parent_id = ?').all(accountId) as { id: number }[]).map((r) => r.id);
  statement(db, 'UPDATE accounts SET parent_id = ? WHERE parent_id = ?').run(parentId, accountId);
  statement(db, 'DELETE FROM accounts WHERE id = ?').run(accountId);
  return children;
}

export function childrenOf(db: Db, accountId: number): { id: number; username: string; adminLevel: AdminLevel; status: AccountStatus }[] {
  return (statement(db, "SELECT id, username, admin_level, status FROM accounts WHERE parent_id = ? AND admin_level <> 'none' ORDER BY username COLLATE NOCASE").all(accountId) as {
    id: number;
    username: string;
    admin_level: AdminLevel;
    status: AccountStatus;
  }[]).map((r) => ({ id: r.id, username: r.username, adminLevel: r.admin_level, status: r.status }));
}

/** Active full administrators holding every Manager permission (they can repair anything). */
export function countFullManagers(db: Db, managerPermissions: readonly Permission[]): number {
  return (statement(
    db,
    `SELECT count(*) AS n FROM accounts a WHERE a.status = 'active' AND a.admin_level = 'full' AND a.user_type = 'business'
       AND (SELECT count(*) FROM account_permissions ap WHERE ap.account_id = a.id AND ap.permission IN (SELECT value FROM json_each(?))) = ?`,
  ).get(JSON.stringify(managerPermissions), managerPermissions.length) as { n: number }).n;
}

export function findAccountById(db: Db, id: number): AccountRecord | undefined {
  const row = statement(db, `${SELECT_ACCOUNT_ROW} WHERE a.id = ?`).get(id) as RawAccountRow | undefined;
  return row && toRecord(row);
}

/** Case-insensitive, as usernames are unique regardless of case. */
export function findAccountByUsername(db: Db, username: string): AccountRecord | undefined {
  const row = statement(db, `${SELECT_ACCOUNT_ROW} WHERE a.username = ?`).get(username) as RawAccountRow | undefined;
  return row && toRecord(row);
}

export function usernameTaken(db: Db, username: string, exceptId: number | null = null): boolean {
  return statement(db, 'SELECT 1 FROM accounts WHERE username = ? AND id IS NOT ?').get(username, exceptId) !== undefined;
}

export function countAccounts(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
}

// --- Lockout -------------------------------------------------------------------------------

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: string | null;
}

export function lockoutStateOf(db: Db, accountId: number): LockoutState | undefined {
  const row = statement(db, 'SELECT failed_attempts, locked_until FROM accounts WHERE id = ?').get(accountId) as { failed_attempts: number; locked_until: string | null } | undefined;
  return row && { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
}

export function setLockoutState(db: Db, accountId: number, state: LockoutState): void {
  statement(db, 'UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(state.failedAttempts, state.lockedUntil, accountId);
}

/** The lockout state of a username no account has (see migration 3). */
export function unknownUsernameLockoutOf(db: Db, username: string): LockoutState | undefined {
  const row = statement(db, 'SELECT failed_attempts, locked_until FROM unknown_username_lockouts WHERE username = ?').get(username) as
    | { failed_attempts: number; locked_until: string | null }
    | undefined;
  return row && { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
}

export function setUnknownUsernameLockout(db: Db, username: string, state: LockoutState, now: string): void {
  statement(db, 
    `INSERT INTO unknown_username_lockouts (username, failed_attempts, locked_until, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(username) DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
  ).run(username, state.failedAttempts, state.lockedUntil, now);
}

/** Forgets made-up usernames untouched since `before` (their count and lock no longer matter). */
export function pruneUnknownUsernameLockouts(db: Db, before: string): void {
  statement(db, 'DELETE FROM unknown_username_lockouts WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)').run(before, before);
}

/** A Manager's unlock: ends a temporary lockout, forgets the failures, and lifts status 'locked'. */
export function unlockAccountRow(db: Db, accountId: number, now: string): void {
  statement(db, 
    "UPDATE accounts SET failed_attempts = 0, locked_until = NULL, status = CASE WHEN status = 'locked' THEN 'active' ELSE status END, updated_at = ? WHERE id = ?",
  ).run(now, accountId);
}

// --- Passwords and sessions ----------------------------------------------------------------

/** Ends every session of the account (at their next call); returns the new epoch. */
export function bumpSessionEpoch(db: Db, accountId: number): number {
  statement(db, 'UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = ?').run(accountId);
  return (statement(db, 'SELECT session_epoch AS epoch FROM accounts WHERE id = ?').get(accountId) as { epoch: number }).epoch;
}

export interface PasswordUpdate {
  passwordHash: string;
  /** True for a temporary password issued by a Manager. */
  mustChange: boolean;
  temporaryExpiresAt: string | null;
}

/** Sets a new password; the failures counted against the old one are forgotten. */
export function setPassword(db: Db, accountId: number, update: PasswordUpdate, now: string): void {
  statement(db, 
    `UPDATE accounts SET password_hash = ?, must_change_password = ?, temporary_password_expires_at = ?, password_changed_at = ?,
       failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?`,
  ).run(update.passwordHash, update.mustChange ? 1 : 0, update.temporaryExpiresAt, now, now, accountId);
}

// --- Sign-in attempts ----------------------------------------------------------------------

export interface SignInAttempt {
  at: string;
  accountId: number | null;
  username: string;
  success: boolean;
  reason: string;
  origin: string;
}

export function recordSignInAttempt(db: Db, attempt: SignInAttempt): void {
  statement(db, 'INSERT INTO sign_in_attempts (at, account_id, username, success, reason, origin) VALUES (?, ?, ?, ?, ?, ?)').run(
    attempt.at,
    attempt.accountId,
    attempt.username,
    attempt.success ? 1 : 0,
    attempt.reason,
    attempt.origin,
  );
  if (attempt.success && attempt.accountId !== null) {
    statement(db, 'UPDATE accounts SET last_sign_in_at = ? WHERE id = ?').run(attempt.at, attempt.accountId);
  }
}

export function signInAttemptsOf(db: Db, accountId: number, limit: number): SignInAttempt[] {
  return (
    statement(db, 'SELECT * FROM sign_in_attempts WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?').all(accountId, limit) as {
      at: string;
      account_id: number | null;
      username: string;
      success: number;
      reason: string;
      origin: string;
    }[]
  ).map((r) => ({ at: r.at, accountId: r.account_id, username: r.username, success: r.success === 1, reason: r.reason, origin: r.origin }));
}

export interface SignInQuery {
  scope: AccountScope;
  username?: string | undefined;
  outcome: 'all' | 'succeeded' | 'failed';
  from?: string | undefined;
  to?: string | undefined;
  siteId?: number | undefined;
  limit: number;
  offset: number;
}

/** Sign-in attempts, newest first. Attempts naming no account are only in an all-sites scope. */
export function listSignIns(db: Db, q: SignInQuery): Page<SignInListRow> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!q.scope.allSites) {
    where.push('s.account_id IN (SELECT x.account_id FROM account_sites x WHERE x.site_id IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(q.scope.siteIds));
  }
  if (q.siteId !== undefined) {
    where.push('s.account_id IN (SELECT y.account_id FROM account_sites y WHERE y.site_id = ?)');
    params.push(q.siteId);
  }
  const name = q.username?.trim();
  if (name) {
    where.push("s.username LIKE ? ESCAPE '\\'");
    params.push(likePattern(name));
  }
  if (q.outcome !== 'all') {
    where.push('s.success = ?');
    params.push(q.outcome === 'succeeded' ? 1 : 0);
  }
  if (q.from) {
    where.push('s.at >= ?');
    params.push(q.from);
  }
  if (q.to) {
    where.push('s.at < ?');
    params.push(q.to);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (statement(db, `SELECT count(*) AS n FROM sign_in_attempts s ${clause}`).get(...params) as { n: number }).n;
  const rows = statement(db, `SELECT s.id, s.at, s.account_id, s.username, s.success, s.reason, s.origin FROM sign_in_attempts s ${clause} ORDER BY s.at DESC, s.id DESC LIMIT ? OFFSET ?`).all(
    ...params,
    q.limit,
    q.offset,
  ) as { id: number; at: string; account_id: number | null; username: string; success: number; reason: string; origin: string }[];
  return { total, rows: rows.map((r) => ({ id: r.id, at: r.at, accountId: r.account_id, username: r.username, success: r.success === 1, reason: r.reason, origin: r.origin })) };
}

export function dashboardCounts(db: Db, since: string, auditRecords: number): DashboardCounts {
  const byStatus: Record<AccountStatus, number> = { active: 0, locked: 0, inactive: 0 };
  for (const row of statement(db, 'SELECT status, count(*) AS n FROM accounts GROUP BY status').all() as { status: AccountStatus; n: number }[]) {
    byStatus[row.status] = row.n;
  }
  const admins = { full: 0, limited: 0 };
  for (const row of statement(db, "SELECT admin_level, count(*) AS n FROM accounts WHERE admin_level <> 'none' GROUP BY admin_level").all() as { admin_level: 'full' | 'limited'; n: number }[]) {
    admins[row.admin_level] = row.n;
  }
  const signIns = statement(db, 'SELECT coalesce(sum(success), 0) AS ok, coalesce(sum(1 - success), 0) AS ko FROM sign_in_attempts WHERE at >= ?').get(since) as { ok: number; ko: number };
  return { accountsByStatus: byStatus, administratorsByLevel: admins, signInsLast24h: { succeeded: signIns.ok, failed: signIns.ko }, auditRecords, sites: countSites(db) };
}
