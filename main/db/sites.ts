// SQL for sites (the places accounts work at) and the accounts assigned to them.
import type { Site, SiteRef } from '../../shared/types';
import type { AccountScope } from './accountQuery';
import { statement, type Db } from './connection';

interface SiteRow {
  id: number;
  name: string;
  retired_at: string | null;
  created_at: string;
  accounts: number;
}

const SELECT_SITE = `SELECT s.id, s.name, s.retired_at, s.created_at, (SELECT count(*) FROM account_sites x WHERE x.site_id = s.id) AS accounts FROM sites s`;

function toSite(row: SiteRow): Site {
  return { id: row.id, name: row.name, retiredAt: row.retired_at, createdAt: row.created_at, accounts: row.accounts };
}

export function siteRef(site: Pick<Site, 'id' | 'name' | 'retiredAt'>): SiteRef {
  return { id: site.id, name: site.name, retired: site.retiredAt !== null };
}

/** The sites a scope reaches, by name; retired ones only when asked. */
export function listSites(db: Db, scope: AccountScope, includeRetired: boolean): Site[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!includeRetired) where.push('s.retired_at IS NULL');
  if (!scope.allSites) {
    where.push('s.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.siteIds));
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return (statement(db, `${SELECT_SITE} ${clause} ORDER BY s.name COLLATE NOCASE`).all(...params) as SiteRow[]).map(toSite);
}

export function findSiteById(db: Db, id: number): Site | undefined {
  const row = statement(db, `${SELECT_SITE} WHERE s.id = ?`).get(id) as SiteRow | undefined;
  return row && toSite(row);
}

/** A site's name and state, without counting its accounts: for checks run once per row. */
export function siteStateById(db: Db, id: number): Pick<Site, 'id' | 'name' | 'retiredAt'> | undefined {
  const row = statement(db, 'SELECT id, name, retired_at FROM sites WHERE id = ?').get(id) as Pick<SiteRow, 'id' | 'name' | 'retired_at'> | undefined;
  return row && { id: row.id, name: row.name, retiredAt: row.retired_at };
}

/** Case-insensitive, as site names are unique regardless of case. */
export function findSiteByName(db: Db, name: string): Site | undefined {
  const row = statement(db, `${SELECT_SITE} WHERE s.name = ?`).get(name.trim()) as SiteRow | undefined;
  return row && toSite(row);
}

export function siteNameTaken(db: Db, name: string, exceptId: number | null): boolean {
  return statement(db, 'SELECT 1 FROM sites WHERE name = ? AND id IS NOT ?').get(name.trim(), exceptId) !== undefined;
}

export function insertSite(db: Db, name: string, now: string): Site {
  const { lastInsertRowid } = statement(db, 'INSERT INTO sites (name, created_at, updated_at) VALUES (?, ?, ?)').run(name.trim(), now, now);
  return findSiteById(db, Number(lastInsertRowid))!;
}

export function renameSiteRow(db: Db, id: number, name: string, now: string): void {
  statement(db, 'UPDATE sites SET name = ?, updated_at = ? WHERE id = ?').run(name.trim(), now, id);
}

export function setSiteRetired(db: Db, id: number, retiredAt: string | null, now: string): void {
  statement(db, 'UPDATE sites SET retired_at = ?, updated_at = ? WHERE id = ?').run(retiredAt, now, id);
}

export function siteIdsOf(db: Db, accountId: number): number[] {
  return (statement(db, 'SELECT site_id FROM account_sites WHERE account_id = ? ORDER BY site_id').all(accountId) as { site_id: number }[]).map((r) => r.site_id);
}

/** Replaces an account's sites by `siteIds`. */
export function setAccountSites(db: Db, accountId: number, siteIds: readonly number[]): void {
  const wanted = new Set(siteIds);
  const current = new Set(siteIdsOf(db, accountId));
  const remove = statement(db, 'DELETE FROM account_sites WHERE account_id = ? AND site_id = ?');
  const add = statement(db, 'INSERT INTO account_sites (account_id, site_id) VALUES (?, ?)');
  for (const id of current) if (!wanted.has(id)) remove.run(accountId, id);
  for (const id of wanted) if (!current.has(id)) add.run(accountId, id);
}

export function countSites(db: Db): { active: number; retired: number } {
  const row = statement(db, 'SELECT coalesce(sum(retired_at IS NULL), 0) AS active, coalesce(sum(retired_at IS NOT NULL), 0) AS retired FROM sites').get() as { active: number; retired: number };
  return { active: row.active, retired: row.retired };
}
