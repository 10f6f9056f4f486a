// Reading accounts as lists: one SELECT that brings each account with its permissions, sites
// and parent in a single row, the filters of the accounts list (full-text search with FTS5,
// status, permission, site, type, level, two-factor, last sign-in), the caller's scope of
// sites, sorting and paging. Exports (in a worker thread) iterate the same query.
import { LIST_SEPARATOR, permissionAllowedFor, type AccountColumn, type AccountFilter, type AccountSort, type SortColumn, type UserType } from '../../shared/accounts';
import { isPermission, type Permission } from '../../shared/permissions';
import type { AccountStatus, AccountSummary, AdminLevel, SiteRef } from '../../shared/types';
import { statement, type Db } from './connection';

/** The sites an administrator reaches: every site (full administrators) or its own. Plain JSON. */
export interface AccountScope {
  allSites: boolean;
  siteIds: number[];
}

/** An account as lists and exports show it: everything but secrets and session state. */
export interface AccountRow extends Omit<AccountSummary, 'manageable'> {
  phoneWork: string;
  phoneMobile: string;
  phoneLandline: string;
  phoneFax: string;
  postalAddress: string;
}

export interface AccountListQuery {
  filter: AccountFilter;
  sort: AccountSort;
  scope: AccountScope;
  /** ISO time the temporary lockouts are compared with ("locked now"). */
  now: string;
}

/** The columns of accounts as stored, plus the joined ones. */
export interface RawAccountRow {
  id: number;
  username: string;
  first_name: string;
  middle_name: string;
  last_name: string;
  email: string;
  password_hash: string;
  status: AccountStatus;
  admin_level: AdminLevel;
  user_type: UserType;
  must_change_password: number;
  parent_id: number | null;
  last_sign_in_at: string | null;
  created_at: string;
  phone_work: string;
  phone_mobile: string;
  phone_landline: string;
  phone_fax: string;
  postal_address: string;
  failed_attempts: number;
  locked_until: string | null;
  session_epoch: number;
  password_changed_at: string | null;
  temporary_password_expires_at: string | null;
  two_factor_enabled: number;
  permission_list: string | null;
  site_list: string | null;
  parent_username: string | null;
}

const UNIT = '\u001f';
const RECORD = '\u001e';

/** Every column of an account and, in the same row, its two-factor state, permissions, sites and parent. */
export const SELECT_ACCOUNT_ROW = `SELECT a.*,
  EXISTS (SELECT 1 FROM two_factor t WHERE t.account_id = a.id) AS two_factor_enabled,
  (SELECT group_concat(ap.permission, ' ') FROM account_permissions ap WHERE ap.account_id = a.id) AS permission_list,
  (SELECT group_concat(s.id || char(31) || (s.retired_at IS NOT NULL) || char(31) || s.name, char(30))
     FROM account_sites x JOIN sites s ON s.id = x.site_id WHERE x.account_id = a.id) AS site_list,
  p.username AS parent_username
FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id`;

function decodeSites(list: string | null): SiteRef[] {
  if (!list) return [];
  return list
    .split(RECORD)
    .map((entry) => {
      const [id, retired, ...name] = entry.split(UNIT);
      return { id: Number(id), retired: retired === '1', name: name.join(UNIT) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The permissions an account holds in effect: those granted to it that its user type allows.
 * (A grant its type does not allow, from an older version or a hand-edited file, has no effect.)
 */
function decodePermissions(list: string | null, userType: UserType): Permission[] {
  if (!list) return [];
  return list
    .split(' ')
    .filter(isPermission)
    .filter((p) => permissionAllowedFor(userType, p))
    .sort();
}

export function decodeAccountRow(row: RawAccountRow): AccountRow {
  return {
    id: row.id,
    username: row.username,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    email: row.email,
    status: row.status,
    adminLevel: row.admin_level,
    userType: row.user_type,
    permissions: decodePermissions(row.permission_list, row.user_type),
    sites: decodeSites(row.site_list),
    parent: row.parent_id !== null && row.parent_username !== null ? { id: row.parent_id, username: row.parent_username } : null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    twoFactorEnabled: row.two_factor_enabled === 1,
    lockedUntil: row.locked_until,
    failedAttempts: row.failed_attempts,
    mustChangePassword: row.must_change_password === 1,
    phoneWork: row.phone_work,
    phoneMobile: row.phone_mobile,
    phoneLandline: row.phone_landline,
    phoneFax: row.phone_fax,
    postalAddress: row.postal_address,
  };
}

/**
 * The FTS5 query for what the admin typed: every word must match the start of a word of the
 * account (so "ana lim" finds "Ana Lima"), accents and case ignored. Null when nothing to search.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' AND ');
}

const SORT_SQL: Record<SortColumn, string> = {
  username: 'a.username COLLATE NOCASE',
  lastName: 'a.last_name COLLATE NOCASE',
  firstName: 'a.first_name COLLATE NOCASE',
  email: 'a.email COLLATE NOCASE',
  status: 'a.status',
  userType: 'a.user_type',
  adminLevel: "CASE a.admin_level WHEN 'none' THEN 0 WHEN 'limited' THEN 1 ELSE 2 END",
  lastSignInAt: 'a.last_sign_in_at',
  createdAt: 'a.created_at',
};

interface Where {
  clause: string;
  params: (string | number)[];
}

/** The WHERE clause of a filter within a scope (on `accounts a`). */
export function accountWhere(q: Omit<AccountListQuery, 'sort'>): Where {
  const { filter, scope } = q;
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!scope.allSites) {
    where.push('a.id IN (SELECT x.account_id FROM account_sites x WHERE x.site_id IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(scope.siteIds));
  }
  const match = ftsQuery(filter.query);
  if (match) {
    where.push('a.id IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?)');
    params.push(match);
  }
  if (filter.statuses.length > 0) {
    where.push(`a.status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  } else if (!filter.includeInactive) {
    where.push("a.status <> 'inactive'");
  }
  if (filter.lockedOnly) {
    where.push("(a.status = 'locked' OR (a.locked_until IS NOT NULL AND a.locked_until > ?))");
    params.push(q.now);
  }
  if (filter.permission) {
    where.push('EXISTS (SELECT 1 FROM account_permissions ap WHERE ap.account_id = a.id AND ap.permission = ?)');
    params.push(filter.permission);
  }
  if (filter.siteId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM account_sites y WHERE y.account_id = a.id AND y.site_id = ?)');
    params.push(filter.siteId);
  }
  if (filter.userType) {
    where.push('a.user_type = ?');
    params.push(filter.userType);
  }
  if (filter.adminLevel) {
    where.push('a.admin_level = ?');
    params.push(filter.adminLevel);
  }
  if (filter.twoFactor !== undefined) {
    where.push(`${filter.twoFactor ? '' : 'NOT '}EXISTS (SELECT 1 FROM two_factor t2 WHERE t2.account_id = a.id)`);
  }
  if (filter.neverSignedIn) where.push('a.last_sign_in_at IS NULL');
  if (filter.lastSignInAfter) {
    where.push('a.last_sign_in_at >= ?');
    params.push(filter.lastSignInAfter);
  }
  if (filter.lastSignInBefore) {
    where.push('a.last_sign_in_at < ?');
    params.push(filter.lastSignInBefore);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

function orderBy(sort: AccountSort): string {
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${SORT_SQL[sort.column]} ${direction}, a.username COLLATE NOCASE ${direction}, a.id`;
}

export function countAccountRows(db: Db, q: Omit<AccountListQuery, 'sort'>): number {
  const { clause, params } = accountWhere(q);
  return (statement(db, `SELECT count(*) AS n FROM accounts a ${clause}`).get(...params) as { n: number }).n;
}

export function listAccountRows(db: Db, q: AccountListQuery, limit: number, offset: number): AccountRow[] {
  const { clause, params } = accountWhere(q);
  const rows = statement(db, `${SELECT_ACCOUNT_ROW} ${clause} ${orderBy(q.sort)} LIMIT ? OFFSET ?`).all(...params, limit, offset) as RawAccountRow[];
  return rows.map(decodeAccountRow);
}

/** Every matching account in the list's order, in batches, from one statement (no re-skipping). */
export function* iterateAccountRows(db: Db, q: AccountListQuery, batchSize = 1000): Generator<AccountRow[]> {
  const { clause, params } = accountWhere(q);
  let batch: AccountRow[] = [];
  for (const raw of db.prepare(`${SELECT_ACCOUNT_ROW} ${clause} ${orderBy(q.sort)}`).iterate(...params) as IterableIterator<RawAccountRow>) {
    batch.push(decodeAccountRow(raw));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The plain text of one cell of an exported account (the same text an import reads back). */
export function accountCell(row: AccountRow, column: AccountColumn): string {
  switch (column) {
    case 'permissions':
      return row.permissions.join(LIST_SEPARATOR);
    case 'sites':
      return row.sites.map((s) => s.name).join(LIST_SEPARATOR);
    case 'twoFactor':
      return row.twoFactorEnabled ? 'yes' : 'no';
    case 'parent':
      return row.parent?.username ?? '';
    case 'lastSignInAt':
      return row.lastSignInAt ?? '';
    default:
      return row[column];
  }
}
