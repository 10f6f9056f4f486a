// Generated accounts for the benchmarks: plain SQL in one transaction, so 100,000 accounts
// with permissions, sites, two-factor rows and sign-in dates take a couple of seconds (the
// FTS5 triggers run as for any insert).
import type { Db } from '../main/db/connection';
import { NO_PASSWORD_HASH } from '../main/services/passwords';
import { ALL_PERMISSIONS } from '../shared/permissions';

export const BENCH_SITES = ['Lyon', 'Paris', 'Tokyo', 'Osaka', 'Marseille', 'Lille', 'Nantes', 'Bordeaux', 'Nice', 'Sapporo'];
const FIRST = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Emma', 'Gabriel', 'Yuki', 'Haruto', 'Sakura', 'Ren', 'Manon', 'Jules', 'Inès', 'Théo', 'Camille', 'Aiko', 'Nathan', 'Zoé'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi'];

const ascii = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Inserts `count` accounts named `<prefix>.<n>` (and the bench sites if missing); returns the site ids by name. */
export function fillAccounts(db: Db, count: number, prefix = 'existing'): Map<string, number> {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const site = db.prepare('INSERT OR IGNORE INTO sites (name, created_at, updated_at) VALUES (?, ?, ?)');
  const account = db.prepare(
    `INSERT INTO accounts (username, first_name, last_name, email, phone_work, phone_mobile, password_hash, status, admin_level, user_type, must_change_password, last_sign_in_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  );
  const permission = db.prepare('INSERT OR IGNORE INTO account_permissions (account_id, permission, granted_by, granted_at) VALUES (?, ?, ?, ?)');
  const assign = db.prepare('INSERT INTO account_sites (account_id, site_id) VALUES (?, ?)');
  const twoFactor = db.prepare("INSERT INTO two_factor (account_id, secret_enc, enabled_at) VALUES (?, 'v1.bench', ?)");
  const siteIds = new Map<string, number>();
  db.transaction(() => {
    for (const name of BENCH_SITES) site.run(name, iso(now), iso(now));
    for (const row of db.prepare('SELECT id, name FROM sites').all() as { id: number; name: string }[]) siteIds.set(row.name, row.id);
    const ids = BENCH_SITES.map((name) => siteIds.get(name)!);
    for (let i = 0; i < count; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[(i * 7) % LAST.length]!;
      const status = i % 20 === 0 ? 'inactive' : i % 33 === 0 ? 'locked' : 'active';
      const signedIn = i % 9 === 0 ? null : iso(now - (i % 400) * 86_400_000 - i * 1000);
      const id = Number(
        account.run(
          `${prefix}.${i}`,
          first,
          last,
          `${ascii(first)}.${ascii(last)}.${i}@example.com`,
          `+33 1 ${String(40_000_000 + i).replace(/(\d\d)(?=\d)/g, '$1 ')}`,
          `06 ${String(i).padStart(8, '0')}`,
          NO_PASSWORD_HASH,
          status,
          i % 50 === 0 ? 'limited' : 'none',
          i % 7 === 0 ? 'employee' : 'business',
          signedIn,
          iso(now - i * 60_000),
          iso(now),
        ).lastInsertRowid,
      );
      permission.run(id, i % 7 === 0 ? 'orders.pm' : ALL_PERMISSIONS[i % ALL_PERMISSIONS.length]!, 'bench', iso(now));
      if (i % 3 === 0) permission.run(id, 'monitoring.logs', 'bench', iso(now));
      assign.run(id, ids[i % ids.length]!);
      if (i % 4 === 0) assign.run(id, ids[(i + 3) % ids.length]!);
      if (i % 10 === 0) twoFactor.run(id, iso(now));
    }
  })();
  return siteIds;
}
