// Reading accounts as lists: one SELECT that brings each account with its permissions, sites
// and parent in a single row, the filters of the accounts list (full-text search with FTS5,
// status, permission, site, type, level, two-factor, last sign-in), the caller's scope of
// sites, sorting and paging. Exports (in a worker thread) iterate the same query.
import { ACCOUNT_STATUSES, LIST_SEPARATOR, permissionAllowedFor, type AccountColumn, type AccountFilter, type AccountSort, type SortColumn, type UserType } from '../../shared/accounts';
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

/** Administrator levels in rank order, as SQL (the adminLevel sort and its index use this exact text). */
export const ADMIN_LEVEL_RANK_SQL = "(CASE a.admin_level WHEN 'none' THEN 0 WHEN 'limited' THEN 1 ELSE 2 END)";

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
 * The FTS5 query for what the admin typed: every word must match (accents and case ignored),
 * each as the start of a word (so "ana lim" finds "Ana Lima"), except words glued to the next
 * one by punctuation, which are whole (in "jean.dup" or "existing.4242", "jean" and
 * "existing" are finished words): a prefix is costly when thousands of words start with it.
 * Null when there is nothing to search.
 */
export function ftsQuery(text: string): string | null {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)].slice(0, 12);
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const end = word.index + word[0].length;
      const next = words[i + 1];
      const glued = next !== undefined && !/\s/u.test(text.slice(end, next.index));
      return glued ? `"${word[0]}"` : `"${word[0]}"*`;
    })
    .join(' AND ');
}

/** The sort key of each sortable column; each has an index on (key, username) (migration 4). */
const SORT_SQL: Record<SortColumn, string> = {
  username: 'a.username COLLATE NOCASE',
  lastName: 'a.last_name COLLATE NOCASE',
  firstName: 'a.first_name COLLATE NOCASE',
  email: 'a.email COLLATE NOCASE',
  status: 'a.status',
  userType: 'a.user_type',
  adminLevel: ADMIN_LEVEL_RANK_SQL,
  lastSignInAt: 'a.last_sign_in_at',
  createdAt: 'a.created_at',
};

/**
 * A filter as sets of account ids, each read from one index: the account must be in every
 * `within` set and in no `without` set. SQLite computes `A INTERSECT B … EXCEPT C …` by
 * merging index scans, never reading an account row: a count over 100,000 accounts costs a
 * few milliseconds whatever the filters.
 */
interface IdSet {
  sql: string;
  params: (string | number)[];
}

interface IdSets {
  within: IdSet[];
  without: IdSet[];
}

/**
 * Where the full-text matches are read from: the index itself, or a temporary table holding
 * this request's matches (see findAccountPage), which the count and the page then share.
 */
type Hits = 'index' | 'table';
const HITS_SQL = 'SELECT id FROM temp.search_hits';

function idSets(q: Omit<AccountListQuery, 'sort'>, hits: Hits = 'index'): IdSets {
  const { filter, scope } = q;
  const within: IdSets['within'] = [];
  const without: IdSets['without'] = [];
  const inSet = (sql: string, ...params: (string | number)[]) => within.push({ sql, params });
  const notInSet = (sql: string, ...params: (string | number)[]) => without.push({ sql, params });

  if (!scope.allSites) inSet('SELECT account_id FROM account_sites WHERE site_id IN (SELECT value FROM json_each(?))', JSON.stringify(scope.siteIds));
  const match = ftsQuery(filter.query);
  if (match) {
    if (hits === 'table') inSet(HITS_SQL);
    else inSet('SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?', match);
  }
  const statuses = filter.statuses.length > 0 ? filter.statuses : filter.includeInactive ? ACCOUNT_STATUSES : ACCOUNT_STATUSES.filter((s) => s !== 'inactive');
  if (statuses.length < ACCOUNT_STATUSES.length) {
    // Most accounts are active: leave out the other statuses rather than list the active ones.
    if (statuses.includes('active')) for (const status of ACCOUNT_STATUSES.filter((s) => !statuses.includes(s))) notInSet('SELECT id FROM accounts WHERE status = ?', status);
    else inSet(`SELECT id FROM accounts WHERE status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
  }
  if (filter.lockedOnly) inSet("SELECT id FROM accounts WHERE status = 'locked' UNION SELECT id FROM accounts WHERE locked_until > ?", q.now);
  if (filter.permission) inSet('SELECT account_id FROM account_permissions WHERE permission = ?', filter.permission);
  if (filter.siteId !== undefined) inSet('SELECT account_id FROM account_sites WHERE site_id = ?', filter.siteId);
  if (filter.userType) inSet('SELECT id FROM accounts WHERE user_type = ?', filter.userType);
  if (filter.adminLevel) inSet('SELECT id FROM accounts WHERE admin_level = ?', filter.adminLevel);
  if (filter.twoFactor === true) inSet('SELECT account_id FROM two_factor');
  if (filter.twoFactor === false) notInSet('SELECT account_id FROM two_factor');
  // A range comes out of its index in date order, not id order: without INDEXED BY, SQLite
  // would rather scan the whole table in id order than sort the range.
  if (filter.neverSignedIn) inSet('SELECT id FROM accounts INDEXED BY accounts_last_sign_in WHERE last_sign_in_at IS NULL');
  if (filter.lastSignInAfter) inSet('SELECT id FROM accounts INDEXED BY accounts_last_sign_in WHERE last_sign_in_at >= ?', filter.lastSignInAfter);
  if (filter.lastSignInBefore) inSet('SELECT id FROM accounts INDEXED BY accounts_last_sign_in WHERE last_sign_in_at < ?', filter.lastSignInBefore);
  return { within, without };
}

/** The ids the sets leave, as one compound SELECT; null when the filter keeps every account. */
function compound(sets: IdSets): { sql: string; params: (string | number)[] } | null {
  if (sets.within.length === 0 && sets.without.length === 0) return null;
  const parts = [...(sets.within.length > 0 ? sets.within : [{ sql: 'SELECT id FROM accounts', params: [] }])];
  const sql = [parts.map((p) => p.sql).join(' INTERSECT '), ...sets.without.map((p) => p.sql)].join(' EXCEPT ');
  return { sql, params: [...parts, ...sets.without].flatMap((p) => p.params) };
}

/**
 * How a page is found. 'sets': the matching ids (the compound above), then their rows sorted:
 * best when they are few. 'walk': the accounts in the sort index's order, each checked
 * against the sets (SQLite keeps them in memory), stopping once the page is full: best for a
 * page among many matches.
 */
type Strategy = 'sets' | 'walk';

function pageSql(q: AccountListQuery, strategy: Strategy, hits: Hits = 'index'): { sql: string; params: (string | number)[] } {
  const sets = idSets(q, hits);
  const order = orderBy(q.sort);
  if (strategy === 'sets') {
    const ids = compound(sets);
    return ids ? { sql: `SELECT a.id FROM accounts a WHERE a.id IN (${ids.sql}) ${order}`, params: ids.params } : { sql: `SELECT a.id FROM accounts a ${order}`, params: [] };
  }
  // The unary + keeps SQLite on the sort index rather than the rowid lists.
  // The request's matches are a table with a key: each walked account is looked up in it
  // rather than copied into a set first.
  const member = (p: IdSet) => (p.sql === HITS_SQL ? 'EXISTS (SELECT 1 FROM temp.search_hits h WHERE h.id = a.id)' : `+a.id IN (${p.sql})`);
  const where = [...sets.within.map(member), ...sets.without.map((p) => `+a.id NOT IN (${p.sql})`)];
  return {
    sql: `SELECT a.id FROM accounts a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order}`,
    params: [...sets.within, ...sets.without].flatMap((p) => p.params),
  };
}

function orderBy(sort: AccountSort): string {
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  // Usernames are unique: they settle ties, in the same direction so one index serves both.
  return sort.column === 'username' ? `ORDER BY ${SORT_SQL.username} ${direction}` : `ORDER BY ${SORT_SQL[sort.column]} ${direction}, ${SORT_SQL.username} ${direction}`;
}

export function countAccountRows(db: Db, q: Omit<AccountListQuery, 'sort'>, hits: Hits = 'index'): number {
  const sets = idSets(q, hits);
  if (sets.within.length === 0) {
    // Every account but some (the usual view leaves out the inactive ones): the table's own
    // count, which SQLite keeps without a scan, minus the few left out.
    const all = (statement(db, 'SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
    if (sets.without.length === 0) return all;
    const left = statement(db, `SELECT count(*) AS n FROM (${sets.without.map((p) => p.sql).join(' UNION ')})`).get(...sets.without.flatMap((p) => p.params)) as { n: number };
    return all - left.n;
  }
  if (hits === 'table' && sets.within.length === 1 && sets.within[0]!.sql === HITS_SQL) {
    // A search alone: the matches' count (a table's own count) minus those left out, each
    // looked up in the matches by key.
    const all = (statement(db, 'SELECT count(*) AS n FROM temp.search_hits').get() as { n: number }).n;
    if (sets.without.length === 0) return all;
    const left = statement(db, `WITH u(id) AS (${sets.without.map((p) => p.sql).join(' UNION ')}) SELECT count(*) AS n FROM u WHERE EXISTS (SELECT 1 FROM temp.search_hits h WHERE h.id = u.id)`).get(
      ...sets.without.flatMap((p) => p.params),
    ) as { n: number };
    return all - left.n;
  }
  const ids = compound(sets)!;
  return (statement(db, `SELECT count(*) AS n FROM (${ids.sql})`).get(...ids.params) as { n: number }).n;
}

/** One page of matching accounts in the list's order, and how many match. */
export function findAccountPage(db: Db, q: AccountListQuery, limit: number, offset: number): { total: number; rows: AccountRow[] } {
  // A search is read from the full-text index once, into a temporary table the count and the
  // page share: "existing"* over 100,000 usernames costs ~5 ms to read, and was read twice.
  const match = ftsQuery(q.filter.query);
  const hits: Hits = match ? 'table' : 'index';
  if (match) {
    statement(db, 'CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)').run();
    statement(db, 'DELETE FROM temp.search_hits').run();
    statement(db, 'INSERT INTO temp.search_hits (id) SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?').run(match);
  }
  const total = countAccountRows(db, q, hits);
  return { total, rows: total === 0 || offset >= total ? [] : listAccountRows(db, q, limit, offset, total, hits) };
}

/**
 * One page of matching accounts in the list's order. `total` (countAccountRows) picks how:
 * walking the sort index reads about (offset + limit) / density accounts, the sets way reads
 * and sorts all `total` matching ones.
 */
export function listAccountRows(db: Db, q: AccountListQuery, limit: number, offset: number, total?: number, hits: Hits = 'index'): AccountRow[] {
  let strategy: Strategy = 'sets';
  if (total !== undefined && total > 0) {
    const all = (statement(db, 'SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
    if (((offset + limit) * all) / total <= total) strategy = 'walk';
  }
  const page = pageSql(q, strategy, hits);
  const ids = statement(db, `${page.sql} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...page.params, limit, offset) as number[];
  return rowsOf(db, ids);
}

/**
 * The accounts of a page, in the page's order. A second step: in the statement that sorts,
 * SQLite would compute the joined permissions and sites of every matching account first.
 */
function rowsOf(db: Db, ids: readonly number[]): AccountRow[] {
  if (ids.length === 0) return [];
  const rows = statement(db, `${SELECT_ACCOUNT_ROW} WHERE a.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RawAccountRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [decodeAccountRow(row)] : [];
  });
}

/**
 * Every matching account in the list's order, in batches, from one statement (no re-skipping).
 * The ids come first (a list of numbers, even for 100,000 accounts), then the rows batch by batch.
 */
export function* iterateAccountRows(db: Db, q: AccountListQuery, batchSize = 1000): Generator<AccountRow[]> {
  const page = pageSql(q, 'sets');
  const ids = db.prepare(page.sql).pluck().all(...page.params) as number[];
  for (let i = 0; i < ids.length; i += batchSize) yield rowsOf(db, ids.slice(i, i + batchSize));
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
