// Accounts for the accounts-screens specs, written straight into the bridge's SQLite file (one
// transaction, as an import would) so that a list of hundreds of accounts is there in a blink;
// creating them through accounts.create would hash a password for each. Every seeded account's
// attributes follow from its number, so a test can count what a filter must show.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const FIRST = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Emma', 'Yuki', 'Haruto', 'Sakura', 'Manon', 'Jules', 'Inès', 'Théo', 'Camille', 'Aiko', 'Nathan', 'Zoé'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Sato', 'Suzuki', 'Tanaka', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Watanabe', 'Nakamura'];
export const SEED_SITES = ['Lyon', 'Paris', 'Tokyo'] as const;

export interface SeedAccount {
  username: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'locked' | 'inactive';
  userType: 'business' | 'employee' | 'readonly';
  adminLevel: 'none' | 'limited';
  twoFactor: boolean;
  /** Hours before now, or null: never signed in. */
  signedInHoursAgo: number | null;
  /** A temporary lockout after failed sign-ins runs. */
  lockedForAWhile: boolean;
  sites: (typeof SEED_SITES)[number][];
  permissions: string[];
}

/** The seeded account number `i` (1-based), always the same. */
export function seedAccount(i: number): SeedAccount {
  const userType = i % 5 === 0 ? 'employee' : i % 9 === 0 ? 'readonly' : 'business';
  const sites: SeedAccount['sites'] = [SEED_SITES[i % 3]!];
  if (i % 4 === 0) sites.push(SEED_SITES[(i + 1) % 3]!);
  const permissions = userType === 'readonly' ? ['monitoring.statistics'] : ['monitoring.logs'];
  if (userType !== 'readonly' && i % 3 === 0) permissions.push('orders.pm');
  return {
    username: `agent.${String(i).padStart(3, '0')}`,
    firstName: FIRST[i % FIRST.length]!,
    lastName: i === 7 ? 'Zoltanescu' : LAST[(i * 5) % LAST.length]!,
    status: i % 10 === 0 ? 'inactive' : i % 15 === 0 ? 'locked' : 'active',
    userType,
    adminLevel: i % 12 === 0 && userType !== 'readonly' ? 'limited' : 'none',
    twoFactor: i % 8 === 0,
    signedInHoursAgo: i % 6 === 0 ? null : i * 3,
    lockedForAWhile: i === 11,
    sites,
    permissions,
  };
}

export function seedAccounts(count: number): SeedAccount[] {
  return Array.from({ length: count }, (_, k) => seedAccount(k + 1));
}

/** Writes `count` seeded accounts (and the seed sites) into the data dir's database; the Manager (id 1) is their creator. */
export function seedDatabase(dataDir: string, count: number): SeedAccount[] {
  const db = new Database(path.join(dataDir, 'vigie.db'));
  db.pragma('busy_timeout = 5000');
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const accounts = seedAccounts(count);
  try {
    db.transaction(() => {
      const site = db.prepare('INSERT OR IGNORE INTO sites (name, created_at, updated_at) VALUES (?, ?, ?)');
      for (const name of SEED_SITES) site.run(name, iso(now), iso(now));
      const siteIds = new Map((db.prepare('SELECT id, name FROM sites').all() as { id: number; name: string }[]).map((r) => [r.name, r.id]));
      const insert = db.prepare(
        `INSERT INTO accounts (username, first_name, last_name, email, phone_work, phone_mobile, password_hash, status, admin_level, user_type,
           must_change_password, parent_id, last_sign_in_at, failed_attempts, locked_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'seed-no-password', ?, ?, ?, 0, 1, ?, ?, ?, ?, ?)`,
      );
      const permission = db.prepare('INSERT INTO account_permissions (account_id, permission, granted_by, granted_at) VALUES (?, ?, ?, ?)');
      const assign = db.prepare('INSERT INTO account_sites (account_id, site_id) VALUES (?, ?)');
      const twoFactor = db.prepare("INSERT INTO two_factor (account_id, secret_enc, enabled_at) VALUES (?, 'v1.seed', ?)");
      accounts.forEach((a, k) => {
        const id = Number(
          insert.run(
            a.username,
            a.firstName,
            a.lastName,
            `${a.username}@example.fr`,
            `+33 4 72 ${String(10 + (k % 90)).padStart(2, '0')} ${String(k % 100).padStart(2, '0')} 00`,
            `06 ${String(k).padStart(8, '0')}`,
            a.status,
            a.adminLevel,
            a.userType,
            a.signedInHoursAgo === null ? null : iso(now - a.signedInHoursAgo * 3_600_000),
            a.lockedForAWhile ? 5 : 0,
            a.lockedForAWhile ? iso(now + 20 * 60_000) : null,
            iso(now - (k + 1) * 86_400_000),
            iso(now),
          ).lastInsertRowid,
        );
        for (const p of a.permissions) permission.run(id, p, 'marie.dupont', iso(now));
        for (const s of a.sites) assign.run(id, siteIds.get(s)!);
        if (a.twoFactor) twoFactor.run(id, iso(now));
      });
    })();
  } finally {
    db.close();
  }
  return accounts;
}

/**
 * A screenshot of what the admin sees in the window, saved beside shot()'s (which takes the
 * whole page): for dialogs and side panels, which stay in the viewport while the page behind
 * them is taller.
 */
export async function shotOfWindow(page: import('@playwright/test').Page, name: string): Promise<string> {
  const { SCREENSHOT_DIR } = await import('./fixtures');
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be letters, digits, . _ - only: ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Scrolls the open side panel (the create/edit form) to its top or its bottom. */
export async function scrollPanel(page: import('@playwright/test').Page, where: 'top' | 'bottom'): Promise<void> {
  await page.getByTestId('account-form-dialog').evaluate((el, to) => el.scrollTo({ top: to === 'top' ? 0 : el.scrollHeight }), where);
}
