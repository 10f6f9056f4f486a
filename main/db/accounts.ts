// SQL for console accounts, their permissions and their sign-in attempts.
import type { Permission } from '../../shared/permissions';
import { isPermission } from '../../shared/permissions';
import type { AccountStatus, AccountSummary, AdminLevel, DashboardCounts, Page } from '../../shared/types';
import type { Db } from './connection';

export interface AccountRecord extends AccountSummary {
  passwordHash: string;
  mustChangePassword: boolean;
  parentId: number | null;
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
}

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
  return (db.prepare('SELECT permission FROM account_permissions WHERE account_id = ? ORDER BY permission').all(accountId) as { permission: string }[])
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
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password === 1,
    parentId: row.parent_id,
  };
}

export function summaryOf(record: AccountRecord): AccountSummary {
  const { passwordHash: _hash, mustChangePassword: _must, parentId: _parent, ...summary } = record;
  return summary;
}

export function insertAccount(db: Db, account: NewAccount, now: string): AccountRecord {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO accounts (username, first_name, last_name, email, password_hash, status, admin_level, must_change_password, parent_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(account.username, account.firstName, account.lastName, account.email, account.passwordHash, account.status, account.adminLevel, account.mustChangePassword ? 1 : 0, account.parentId, now, now);
  const id = Number(lastInsertRowid);
  const grant = db.prepare('INSERT INTO account_permissions (account_id, permission) VALUES (?, ?)');
  for (const permission of new Set(account.permissions)) grant.run(id, permission);
  return findAccountById(db, id)!;
}

export function findAccountById(db: Db, id: number): AccountRecord | undefined {
  const row = db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  return row && toRecord(db, row);
}

/** Case-insensitive, as usernames are unique regardless of case. */
export function findAccountByUsername(db: Db, username: string): AccountRecord | undefined {
  const row = db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined;
  return row && toRecord(db, row);
}

export function usernameTaken(db: Db, username: string): boolean {
  return db.prepare('SELECT 1 FROM accounts WHERE username = ?').get(username) !== undefined;
}

export function countAccounts(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
}

export interface AccountQuery {
  query: string;
  includeInactive: boolean;
  limit: number;
  offset: number;
}

export function listAccounts(db: Db, q: AccountQuery): Page<AccountSummary> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!q.includeInactive) where.push("status <> 'inactive'");
  const text = q.query.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(username LIKE ? ESCAPE '\\' OR first_name LIKE ? ESCAPE '\\' OR last_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')");
    params.push(like, like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM accounts ${clause}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM accounts ${clause} ORDER BY username COLLATE NOCASE LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as AccountRow[];
  return { total, rows: rows.map((row) => summaryOf(toRecord(db, row))) };
}

export interface SignInAttempt {
  at: string;
  accountId: number | null;
  username: string;
  success: boolean;
  reason: string;
  origin: string;
}

export function recordSignInAttempt(db: Db, attempt: SignInAttempt): void {
  db.prepare('INSERT INTO sign_in_attempts (at, account_id, username, success, reason, origin) VALUES (?, ?, ?, ?, ?, ?)').run(
    attempt.at,
    attempt.accountId,
    attempt.username,
    attempt.success ? 1 : 0,
    attempt.reason,
    attempt.origin,
  );
  if (attempt.success && attempt.accountId !== null) {
    db.prepare('UPDATE accounts SET last_sign_in_at = ? WHERE id = ?').run(attempt.at, attempt.accountId);
  }
}

export function signInAttemptsOf(db: Db, accountId: number, limit: number): SignInAttempt[] {
  return (
    db.prepare('SELECT * FROM sign_in_attempts WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?').all(accountId, limit) as {
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
  for (const row of db.prepare('SELECT status, count(*) AS n FROM accounts GROUP BY status').all() as { status: AccountStatus; n: number }[]) {
    byStatus[row.status] = row.n;
  }
  const admins = { full: 0, limited: 0 };
  for (const row of db.prepare("SELECT admin_level, count(*) AS n FROM accounts WHERE admin_level <> 'none' GROUP BY admin_level").all() as { admin_level: 'full' | 'limited'; n: number }[]) {
    admins[row.admin_level] = row.n;
  }
  const signIns = db.prepare('SELECT coalesce(sum(success), 0) AS ok, coalesce(sum(1 - success), 0) AS ko FROM sign_in_attempts WHERE at >= ?').get(since) as { ok: number; ko: number };
  return { accountsByStatus: byStatus, administratorsByLevel: admins, signInsLast24h: { succeeded: signIns.ok, failed: signIns.ko }, auditRecords };
}
