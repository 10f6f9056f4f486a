// `--demo` sample data: seeded through the real router into a real SQLite file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../main/backend';
import { dashboardCounts } from '../../main/db/accounts';
import { countAudit, verifyAuditChain } from '../../main/db/audit';
import { openDatabase, type Db } from '../../main/db/connection';
import { newSession } from '../../main/ipc/session';
import { KeychainError, type SecretStore } from '../../main/secrets';
import { DEMO_MANAGER, seedDemo, type DemoCredentials } from '../../main/services/demo';
import { checkNewPassword } from '../../main/services/passwordPolicy';
import { openSecret, totpKey } from '../../main/services/totp';
import { MANAGER_PERMISSIONS } from '../../shared/permissions';
import type { AccountSummary, Page } from '../../shared/types';
import { testSecretStore } from '../support/backend';
import { makeTempDir, removeTempDirs } from '../support/tempDir';

// Registered here at the top level: makeTempDir's own hook is not taken when it is first
// called from inside a hook.
afterAll(removeTempDirs);

const DAY = 24 * 3600_000;

describe('seedDemo', () => {
  let dataDir: string;
  let credentials: DemoCredentials;
  let seededAt: number;
  let seedingMs: number;
  const secrets = testSecretStore();
  const notes: string[] = [];

  beforeAll(async () => {
    dataDir = makeTempDir('vigie-demo-');
    seededAt = Date.now();
    credentials = await seedDemo(dataDir, { secrets, log: (message) => notes.push(message) });
    seedingMs = Date.now() - seededAt;
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
    for (const reason of ['ok', 'bad-password', 'unknown-user', 'locked', 'inactive', 'lockout', 'bad-code', 'recovery-code']) expect(reasons, reason).toContain(reason);
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

  it('shows the account security of issue 3: phones, two-factor, a running lockout, a pending temporary password', () => {
    const now = new Date().toISOString();
    const accounts = readOnly((db) =>
      db.prepare('SELECT username, phone_work, phone_mobile, phone_landline, failed_attempts, locked_until, must_change_password, temporary_password_expires_at FROM accounts').all() as {
        username: string;
        phone_work: string;
        phone_mobile: string;
        phone_landline: string;
        failed_attempts: number;
        locked_until: string | null;
        must_change_password: number;
        temporary_password_expires_at: string | null;
      }[],
    );
    const withPhones = accounts.filter((a) => a.phone_work !== '' && a.phone_mobile !== '');
    expect(withPhones.length).toBeGreaterThanOrEqual(10);
    expect(withPhones.length).toBeLessThan(accounts.length);
    expect(accounts.some((a) => a.phone_landline !== '')).toBe(true);
    expect(new Set(withPhones.map((a) => a.phone_work.slice(0, 3)))).toEqual(new Set(['+33', '+44', '+81']));

    // Exactly one temporary lockout, still running after the seeding (at the real "now").
    const lockedOut = accounts.filter((a) => a.locked_until !== null);
    expect(lockedOut).toHaveLength(1);
    expect(lockedOut[0]!.locked_until! > now).toBe(true);
    expect(lockedOut[0]!.failed_attempts).toBe(5);

    // One temporary password not used yet, expiring days from now; the other was changed.
    const pending = accounts.filter((a) => a.must_change_password === 1);
    expect(pending).toHaveLength(1);
    expect(Date.parse(pending[0]!.temporary_password_expires_at!) - Date.now()).toBeGreaterThan(2 * DAY);
    const actions = readOnly((db) => db.prepare('SELECT action, target FROM audit_log').all() as { action: string; target: string }[]);
    const resets = actions.filter((a) => a.action === 'account.resetPassword');
    expect(resets).toHaveLength(2);
    expect(actions.filter((a) => a.action === 'auth.changePassword').map((a) => a.target)).toEqual([resets.find((r) => r.target !== pending[0]!.username)!.target]);
    expect(actions.filter((a) => a.action === 'account.unlock')).toHaveLength(1);
    expect(actions.filter((a) => a.action === 'auth.confirm').length).toBeGreaterThanOrEqual(5);
  });

  it('turns two-factor on for three accounts through the real channels, sealed with the keychain key', async () => {
    expect(notes.filter((n) => /keychain/.test(n))).toEqual([]);
    const rows = readOnly((db) => db.prepare('SELECT t.account_id, t.secret_enc, a.username FROM two_factor t JOIN accounts a ON a.id = t.account_id').all() as { account_id: number; secret_enc: string; username: string }[]);
    expect(rows.map((r) => r.username).sort()).toEqual(['emily.carter', 'mathieu.roux', 'sophie.lefevre']);
    expect(rows.map((r) => r.username)).not.toContain(DEMO_MANAGER.username);
    // A console opening the data with the same keychain can read every secret.
    const key = await totpKey(secrets, { create: false });
    for (const row of rows) expect(openSecret(key, row.account_id, row.secret_enc)).toHaveLength(20);
    const codes = readOnly((db) => db.prepare('SELECT account_id, count(*) AS n, count(used_at) AS used FROM recovery_codes GROUP BY account_id').all() as { n: number; used: number }[]);
    expect(codes.map((c) => c.n)).toEqual([10, 10, 10]);
    expect(codes.reduce((sum, c) => sum + c.used, 0)).toBe(1);
  });

  it('seeds in a few seconds: the failed sign-ins of the story do not wait in real time', () => {
    // About 2.5 s alone on the 2-core CI machine; the bound leaves room for the other test
    // files running beside this one. The progressive delays alone would add over 20 s.
    expect(seedingMs).toBeLessThan(8_000);
  });

  it('lets the Manager see the locked accounts: the running lockout and those a Manager locked', async () => {
    const backend = openBackend({ dataDir, secrets, log: () => undefined });
    try {
      const session = newSession('test:demo');
      expect((await backend.router.call(session, 'auth.signIn', credentials)).ok).toBe(true);
      const locked = await backend.router.call(session, 'accounts.list', { filter: { lockedOnly: true } });
      expect(locked.ok).toBe(true);
      const rows = (locked as { value: Page<AccountSummary> }).value.rows;
      const counts = readOnly((db) => dashboardCounts(db, new Date().toISOString(), 0));
      expect(rows).toHaveLength(counts.accountsByStatus.locked + 1);
      expect(rows.filter((r) => r.status === 'active' && r.lockedUntil !== null)).toHaveLength(1);
      const all = await backend.router.call(session, 'accounts.list', { limit: 500 });
      expect((all as { value: Page<AccountSummary> }).value.rows.filter((r) => r.twoFactorEnabled)).toHaveLength(3);
    } finally {
      backend.close();
    }
  });

  it('returns a memorable Manager password that signs in, and stores it only hashed', async () => {
    expect(credentials.username).toBe(DEMO_MANAGER.username);
    expect(credentials.password).toMatch(/^demo-[a-z]+-[a-z]+-\d\d$/);
    expect(checkNewPassword(credentials.password, DEMO_MANAGER)).toBeNull();

    const backend = openBackend({ dataDir, secrets, log: () => undefined });
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

  it('seeds without two-factor, and says why, when the keychain cannot be used', async () => {
    const broken: SecretStore = {
      service: 'vigie-test-broken',
      set: () => Promise.reject(new KeychainError('no-session-bus', 'no D-Bus session bus could be reached', 'start one')),
      get: () => Promise.reject(new KeychainError('no-session-bus', 'no D-Bus session bus could be reached', 'start one')),
      delete: () => Promise.reject(new KeychainError('no-session-bus', 'no D-Bus session bus could be reached', 'start one')),
      has: () => Promise.reject(new KeychainError('no-session-bus', 'no D-Bus session bus could be reached', 'start one')),
    };
    const dir = makeTempDir('vigie-demo-nokeychain-');
    const log: string[] = [];
    const seeded = await seedDemo(dir, { secrets: broken, log: (message) => log.push(message) });
    expect(seeded.username).toBe(DEMO_MANAGER.username);
    expect(log).toEqual([expect.stringMatching(/^two-factor left out of the sample data: the OS keychain cannot be used .*no D-Bus session bus/)]);
    const db = openDatabase(dir, { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM two_factor').get() as { n: number }).n).toBe(0);
      expect(verifyAuditChain(db)).toMatchObject({ ok: true });
      // The rest of the story is there all the same.
      expect((db.prepare("SELECT count(*) AS n FROM accounts WHERE locked_until > ?").get(new Date().toISOString()) as { n: number }).n).toBe(1);
      expect((db.prepare('SELECT count(*) AS n FROM accounts WHERE must_change_password = 1').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  }, 30_000);

  it('refuses a data directory that already holds a database', async () => {
    const before = readFileSync(path.join(dataDir, 'vigie.db'));
    await expect(seedDemo(dataDir)).rejects.toThrow(/already holds a Vigie database/);
    expect(readFileSync(path.join(dataDir, 'vigie.db')).equals(before)).toBe(true);
  });
});
