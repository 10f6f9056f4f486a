// `--demo` sample data: seeded through the real router into a real SQLite file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../main/backend';
import { dashboardCounts } from '../../main/db/accounts';
import { countAudit, verifyAuditChain } from '../../main/db/audit';
import { openDatabase, type Db } from '../../main/db/connection';
import { newSession } from '../../main/ipc/session';
import { DEMO_MANAGER, seedDemo, type DemoCredentials } from '../../main/services/demo';
import { MANAGER_PERMISSIONS } from '../../shared/permissions';
import { makeTempDir, removeTempDirs } from '../support/tempDir';

// Registered here at the top level: makeTempDir's own hook is not taken when it is first
// called from inside a hook.
afterAll(removeTempDirs);

const DAY = 24 * 3600_000;

describe('seedDemo', () => {
  let dataDir: string;
  let credentials: DemoCredentials;
  let seededAt: number;

  beforeAll(async () => {
    dataDir = makeTempDir('vigie-demo-');
    seededAt = Date.now();
    credentials = await seedDemo(dataDir);
  }, 60_000);

  function readOnly<T>(use: (db: Db) => T): T {
    const db = openDatabase(dataDir, { readonly: true });
    try {
      return use(db);
    } finally {
      db.close();
    }
  }

  it('fills every account status, both administrator levels and the sign-in history', () => {
    const counts = readOnly((db) => dashboardCounts(db, new Date(Date.now() - DAY).toISOString(), countAudit(db)));
    expect(counts.accountsByStatus.active).toBeGreaterThanOrEqual(15);
    expect(counts.accountsByStatus.locked).toBeGreaterThan(0);
    expect(counts.accountsByStatus.inactive).toBeGreaterThan(0);
    expect(counts.administratorsByLevel.full).toBeGreaterThan(0);
    expect(counts.administratorsByLevel.limited).toBeGreaterThan(0);
    // The dashboard's last 24 hours are not empty.
    expect(counts.signInsLast24h.succeeded).toBeGreaterThan(0);
    expect(counts.auditRecords).toBeGreaterThan(100);
  });

  it('spreads sign-ins, successful and failed for every reason, over the last 30 days', () => {
    const attempts = readOnly((db) => db.prepare('SELECT at, success, reason FROM sign_in_attempts ORDER BY id').all() as { at: string; success: number; reason: string }[]);
    const reasons = new Set(attempts.map((a) => a.reason));
    for (const reason of ['ok', 'bad-password', 'unknown-user', 'locked', 'inactive']) expect(reasons, reason).toContain(reason);
    const times = attempts.map((a) => Date.parse(a.at));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(25 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(seededAt - 31 * DAY);
    // Distinct days with activity: not everything on one afternoon.
    expect(new Set(attempts.map((a) => a.at.slice(0, 10))).size).toBeGreaterThan(12);
  });

  it('uses the permission catalog: several module mixes, and names in French, English and Japanese', () => {
    const accounts = readOnly((db) => db.prepare("SELECT a.username, a.first_name, a.email, group_concat(p.permission) AS perms FROM accounts a LEFT JOIN account_permissions p ON p.account_id = a.id GROUP BY a.id").all() as { username: string; first_name: string; email: string; perms: string | null }[]);
    expect(accounts.length).toBeGreaterThanOrEqual(25);
    expect(new Set(accounts.map((a) => a.perms)).size).toBeGreaterThanOrEqual(5);
    for (const module of ['manager.', 'monitoring.', 'orders.', 'api.']) expect(accounts.some((a) => a.perms?.includes(module)), module).toBe(true);
    expect(accounts.some((a) => /\p{Script=Han}/u.test(a.first_name))).toBe(true);
    expect(accounts.some((a) => /[éèàçï]/i.test(a.first_name))).toBe(true);
    expect(accounts.every((a) => /@exemple\.fr$|@example\.com$/.test(a.email))).toBe(true);
  });

  it('leaves a valid audit trail, in time order, with every status change audited', () => {
    const verification = readOnly((db) => verifyAuditChain(db));
    expect(verification).toMatchObject({ ok: true });
    const rows = readOnly((db) => db.prepare('SELECT at, action FROM audit_log ORDER BY seq').all() as { at: string; action: string }[]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.at >= rows[i - 1]!.at, `audit row ${i + 1}`).toBe(true);
    const counts = readOnly((db) => dashboardCounts(db, new Date().toISOString(), 0));
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'account.lock')).toHaveLength(counts.accountsByStatus.locked);
    expect(actions.filter((a) => a === 'account.deactivate')).toHaveLength(counts.accountsByStatus.inactive);
    expect(actions[0]).toBe('setup.firstManager');
  });

  it('returns a memorable Manager password that signs in, and stores it only hashed', async () => {
    expect(credentials.username).toBe(DEMO_MANAGER.username);
    expect(credentials.password).toMatch(/^demo-[a-z]+-[a-z]+-\d\d$/);
    expect(credentials.password.length).toBeGreaterThanOrEqual(12);

    const backend = openBackend({ dataDir, log: () => undefined });
    try {
      const session = newSession('test:demo');
      const wrong = await backend.router.call(session, 'auth.signIn', { username: credentials.username, password: `${credentials.password}x` });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
      const signedIn = await backend.router.call(session, 'auth.signIn', credentials);
      expect(signedIn.ok).toBe(true);
      const account = (signedIn as { value: { permissions: string[]; adminLevel: string } }).value;
      expect(account.adminLevel).toBe('full');
      expect(account.permissions).toEqual(expect.arrayContaining([...MANAGER_PERMISSIONS]));
      const audit = await backend.router.call(session, 'audit.list', {});
      expect(audit.ok).toBe(true);
    } finally {
      backend.close();
    }
    const file = readFileSync(path.join(dataDir, 'vigie.db'));
    expect(file.includes(Buffer.from(credentials.password))).toBe(false);
  });

  it('refuses a data directory that already holds a database', async () => {
    const before = readFileSync(path.join(dataDir, 'vigie.db'));
    await expect(seedDemo(dataDir)).rejects.toThrow(/already holds a Vigie database/);
    expect(readFileSync(path.join(dataDir, 'vigie.db')).equals(before)).toBe(true);
  });
});
