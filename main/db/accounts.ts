// SQL for console accounts, their permissions and their sign-in attempts.
import type { Permission } from '../../shared/permissions';
import { isPermission } from '../../shared/permissions';
import type { AccountStatus, AccountSummary, AdminLevel, DashboardCounts, Page } from '../../shared/types';
import { statement, type Db } from './connection';

export interface AccountRecord extends AccountSummary {
  passwordHash: string;
  parentId: number | null;
  /** Sessions signed in under an older epoch end at their next call. */
  sessionEpoch: number;
  passwordChangedAt: string | null;
  /** Set while the password is a temporary one issued by a Manager. */
  temporaryPasswordExpiresAt: string | null;
  phoneWork: string;
  phoneMobile: string;
  phoneLandline: string;
}

interface AccountRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  password_hash: string;
  status: AccountStatus;
  admin_level: AdminLevel;
  must_change_password: number;
  parent_id: number | null;
  last_sign_in_at: string | null;
  created_at: string;
  phone_work: string;
  phone_mobile: string;
  phone_landline: string;
  failed_attempts: number;
  locked_until: string | null;
  session_epoch: number;
  password_changed_at: string | null;
  temporary_password_expires_at: string | null;
  two_factor_enabled: number;
}

/** Every column of accounts, and whether two-factor is on (a row in two_factor). */
const SELECT_ACCOUNT = `SELECT accounts.*, EXISTS (SELECT 1 FROM two_factor WHERE two_factor.account_id = accounts.id) AS two_factor_enabled FROM accounts`;

export interface NewAccount {
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
}

function permissionsOf(db: Db, accountId: number): Permission[] {
  return (statement(db, 'SELECT permission FROM account_permissions WHERE account_id = ? ORDER BY permission').all(accountId) as { permission: string }[])
    .map((r) => r.permission)
    .filter(isPermission);
}

function toRecord(db: Db, row: AccountRow): AccountRecord {
  return {
    id: row.id,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    status: row.status,
    adminLevel: row.admin_level,
    permissions: permissionsOf(db, row.id),
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    twoFactorEnabled: row.two_factor_enabled === 1,
    lockedUntil: row.locked_until,
    failedAttempts: row.failed_attempts,
    mustChangePassword: row.must_change_password === 1,
    passwordHash: row.password_hash,
    parentId: row.parent_id,
    sessionEpoch: row.session_epoch,
    passwordChangedAt: row.password_changed_at,
    temporaryPasswordExpiresAt: row.temporary_password_expires_at,
    phoneWork: row.phone_work,
    phoneMobile: row.phone_mobile,
    phoneLandline: row.phone_landline,
  };
}

/** What may leave the main process: no hash, no epoch, no contact details. */
export function summaryOf(record: AccountRecord): AccountSummary {
  return {
    id: record.id,
    username: record.username,
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email,
    status: record.status,
    adminLevel: record.adminLevel,
    permissions: record.permissions,
    lastSignInAt: record.lastSignInAt,
    createdAt: record.createdAt,
    twoFactorEnabled: record.twoFactorEnabled,
    lockedUntil: record.lockedUntil,
    failedAttempts: record.failedAttempts,
    mustChangePassword: record.mustChangePassword,
  };
}

export function insertAccount(db: Db, account: NewAccount, now: string): AccountRecord {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO accounts (username, first_name, last_name, email, password_hash, status, admin_level, must_change_password, parent_id, password_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(account.username, account.firstName, account.lastName, account.email, account.passwordHash, account.status, account.adminLevel, account.mustChangePassword ? 1 : 0, account.parentId, now, now, now);
  const id = Number(lastInsertRowid);
  const grant = statement(db, 'INSERT INTO account_permissions (account_id, permission) VALUES (?, ?)');
  for (const permission of new Set(account.permissions)) grant.run(id, permission);
  return findAccountById(db, id)!;
}

export function findAccountById(db: Db, id: number): AccountRecord | undefined {
  const row = statement(db, `${SELECT_ACCOUNT} WHERE id = ?`).get(id) as AccountRow | undefined;
  return row && toRecord(db, row);
}

/** Case-insensitive, as usernames are unique regardless of case. */
export function findAccountByUsername(db: Db, username: string): AccountRecord | undefined {
  const row = statement(db, `${SELECT_ACCOUNT} WHERE username = ?`).get(username) as AccountRow | undefined;
  return row && toRecord(db, row);
}

export function usernameTaken(db: Db, username: string): boolean {
  return statement(db, 'SELECT 1 FROM accounts WHERE username = ?').get(username) !== undefined;
}

export function countAccounts(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
}

export interface AccountQuery {
  query: string;
  includeInactive: boolean;
  /** Only accounts that cannot sign in now: status locked, or a temporary lockout running at `now`. */
  lockedOnly?: boolean;
  /** ISO time the temporary lockouts are compared with (needed with lockedOnly). */
  now?: string;
  limit: number;
  offset: number;
}

export function listAccounts(db: Db, q: AccountQuery): Page<AccountSummary> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!q.includeInactive) where.push("status <> 'inactive'");
  if (q.lockedOnly) {
    where.push("(status = 'locked' OR (locked_until IS NOT NULL AND locked_until > ?))");
    params.push(q.now ?? new Date().toISOString());
  }
  const text = q.query.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(username LIKE ? ESCAPE '\\' OR first_name LIKE ? ESCAPE '\\' OR last_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')");
    params.push(like, like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (statement(db, `SELECT count(*) AS n FROM accounts ${clause}`).get(...params) as { n: number }).n;
  const rows = statement(db, `${SELECT_ACCOUNT} ${clause} ORDER BY username COLLATE NOCASE LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as AccountRow[];
  return { total, rows: rows.map((row) => summaryOf(toRecord(db, row))) };
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
  return { accountsByStatus: byStatus, administratorsByLevel: admins, signInsLast24h: { succeeded: signIns.ok, failed: signIns.ko }, auditRecords };
}
