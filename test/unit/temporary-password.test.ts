// A Manager's "reset password": a temporary password shown once, stored only as a hash, that
// must be changed at the next sign-in before it expires. Real router, SQLite file, injected clock.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../main/db/audit';
import { verifyPassword } from '../../main/services/passwords';
import { TEMPORARY_PASSWORD_ALPHABET } from '../../main/services/accounts';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { errorOf, recordedSleep, valueOf } from '../support/security';

const opened: TestBackend[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});
function backend(): TestBackend {
  const t = startBackend({ sleep: recordedSleep().sleep });
  opened.push(t);
  return t;
}
const HOUR = 3600_000;

async function withTarget(t: TestBackend) {
  const { session: manager, account: managerAccount } = await t.setUpManager();
  const target = await t.accountWith(manager, 'forgetful', ['orders.pm']);
  valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
  return { manager, managerAccount, target };
}

describe('temporary passwords', () => {
  it('are shown once, 16 unambiguous characters, stored only as a hash, audited without the password', async () => {
    const t = backend();
    const { manager, target } = await withTarget(t);
    const issued = valueOf(await t.call(manager, 'accounts.resetPassword', { accountId: target.account.id }));
    expect(issued).toEqual({ accountId: target.account.id, username: 'forgetful', temporaryPassword: expect.any(String), expiresAt: new Date(t.clock.now().getTime() + 72 * HOUR).toISOString() });
    expect(issued.temporaryPassword).toHaveLength(16);
    for (const character of issued.temporaryPassword) expect(TEMPORARY_PASSWORD_ALPHABET).toContain(character);
    expect(TEMPORARY_PASSWORD_ALPHABET).not.toMatch(/[0O1lI]/);

    const row = t.db.prepare('SELECT password_hash, must_change_password, temporary_password_expires_at FROM accounts WHERE id = ?').get(target.account.id) as {
      password_hash: string;
      must_change_password: number;
      temporary_password_expires_at: string;
    };
    expect(row).toEqual({ password_hash: expect.stringMatching(/^\$argon2id\$/), must_change_password: 1, temporary_password_expires_at: issued.expiresAt });
    expect(await verifyPassword(row.password_hash, issued.temporaryPassword)).toBe(true);
    t.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of readdirSync(t.dataDir)) {
      expect(readFileSync(path.join(t.dataDir, file)).includes(Buffer.from(issued.temporaryPassword)), file).toBe(false);
    }
    const record = listAudit(t.db, { action: 'account.resetPassword', limit: 1, offset: 0 }).rows[0]!;
    expect(record).toMatchObject({ actor: MANAGER.username, target: 'forgetful', summary: { expiresAt: issued.expiresAt, mustChangePassword: true } });
    expect(JSON.stringify(record)).not.toContain(issued.temporaryPassword);
    // Shown once: nothing gives it again; a new reset gives another one and voids the first.
    const second = valueOf(await t.call(manager, 'accounts.resetPassword', { accountId: target.account.id }));
    expect(second.temporaryPassword).not.toBe(issued.temporaryPassword);
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'forgetful', password: issued.temporaryPassword })).code).toBe('BAD_CREDENTIALS');
    // The old password is gone too.
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'forgetful', password: target.password })).code).toBe('BAD_CREDENTIALS');
    expect(valueOf(await t.call(manager, 'accounts.list', { filter: { query: 'forgetful' } })).rows[0]).toMatchObject({ mustChangePassword: true });
  });

  it('must be changed before anything else, and the change clears it', async () => {
    const t = backend();
    const { manager, target } = await withTarget(t);
    const { temporaryPassword } = valueOf(await t.call(manager, 'accounts.resetPassword', { accountId: target.account.id }));
    const s = t.session();
    expect(valueOf(await t.call(s, 'auth.signIn', { username: 'forgetful', password: temporaryPassword })).mustChangePassword).toBe(true);
    expect(errorOf(await t.call(s, 'dashboard.counts', {})).code).toBe('PASSWORD_CHANGE_REQUIRED');

    // Wrong current password: on its field, and counted against the lockout.
    expect(errorOf(await t.call(s, 'auth.changePassword', { currentPassword: 'not it at all', newPassword: 'my own passphrase 2026' }))).toMatchObject({
      code: 'INVALID_INPUT',
      fields: [{ path: 'currentPassword', code: 'wrong' }],
    });
    expect(t.db.prepare('SELECT failed_attempts AS n FROM accounts WHERE id = ?').get(target.account.id)).toEqual({ n: 1 });
    // The policy applies, on the newPassword field.
    for (const [newPassword, code] of [
      ['too short', 'too_small'],
      [' forgetful  ', 'same_as_username'],
      ['forgetful@example.com', 'same_as_email'],
      ['password1234', 'common'],
      [temporaryPassword, 'same_as_current'],
    ] as const) {
      const refused = errorOf(await t.call(s, 'auth.changePassword', { currentPassword: temporaryPassword, newPassword }));
      expect(refused, newPassword).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'newPassword', code }] });
    }
    expect(errorOf(await t.call(s, 'dashboard.counts', {})).code).toBe('PASSWORD_CHANGE_REQUIRED');

    const changed = valueOf(await t.call(s, 'auth.changePassword', { currentPassword: temporaryPassword, newPassword: 'my own passphrase 2026' }));
    expect(changed).toMatchObject({ username: 'forgetful', mustChangePassword: false });
    expect(t.db.prepare('SELECT must_change_password AS must, temporary_password_expires_at AS expires, password_changed_at AS changed, failed_attempts AS failed FROM accounts WHERE id = ?').get(target.account.id)).toEqual({
      must: 0,
      expires: null,
      changed: t.clock.now().toISOString(),
      failed: 0,
    });
    expect((await t.call(s, 'dashboard.counts', {})).ok).toBe(true);
    expect(listAudit(t.db, { action: 'auth.changePassword', limit: 1, offset: 0 }).rows[0]!.summary).toMatchObject({ wasTemporary: true });
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'forgetful', password: temporaryPassword })).code).toBe('BAD_CREDENTIALS');
    expect((await t.call(t.session(), 'auth.signIn', { username: 'forgetful', password: 'my own passphrase 2026' })).ok).toBe(true);
  });

  it('expire after the configured hours: refused, as expired only to whoever types it right', async () => {
    const t = backend();
    const { manager, target } = await withTarget(t);
    valueOf(await t.call(manager, 'settings.security.update', { lockoutThreshold: 5, lockoutMinutes: 15, idleLockMinutes: 15, temporaryPasswordHours: 24 }));
    valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    const { temporaryPassword, expiresAt } = valueOf(await t.call(manager, 'accounts.resetPassword', { accountId: target.account.id }));
    expect(expiresAt).toBe(new Date(t.clock.now().getTime() + 24 * HOUR).toISOString());

    t.clock.advance(24 * HOUR - 1);
    const early = t.session();
    expect((await t.call(early, 'auth.signIn', { username: 'forgetful', password: temporaryPassword })).ok).toBe(true);
    t.clock.advance(1);
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'forgetful', password: temporaryPassword })).code).toBe('TEMPORARY_PASSWORD_EXPIRED');
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'forgetful', password: 'a wrong guess here' })).code).toBe('BAD_CREDENTIALS');
    // A window signed in just before cannot change it with the expired password either.
    expect(errorOf(await t.call(early, 'auth.changePassword', { currentPassword: temporaryPassword, newPassword: 'my own passphrase 2026' })).code).toBe('TEMPORARY_PASSWORD_EXPIRED');
    const reasons = (t.db.prepare('SELECT reason FROM sign_in_attempts WHERE account_id = ? ORDER BY id DESC LIMIT 2').all(target.account.id) as { reason: string }[]).map((r) => r.reason);
    expect(reasons).toEqual(['bad-password', 'temporary-expired']);
  });

  it('need a recent step-up confirmation, and are not for one\'s own account', async () => {
    const t = backend();
    const { session: manager, account } = await t.setUpManager();
    const target = await t.accountWith(manager, 'forgetful', []);
    const hashBefore = t.db.prepare('SELECT password_hash FROM accounts WHERE id = ?').get(target.account.id);
    expect(errorOf(await t.call(manager, 'accounts.resetPassword', { accountId: target.account.id })).code).toBe('STEP_UP_REQUIRED');
    expect(t.db.prepare('SELECT password_hash FROM accounts WHERE id = ?').get(target.account.id)).toEqual(hashBefore);

    valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    expect(errorOf(await t.call(manager, 'accounts.resetPassword', { accountId: account.id }))).toMatchObject({ code: 'FORBIDDEN', fields: [{ path: 'accountId', code: 'own_account' }] });
    expect(errorOf(await t.call(manager, 'accounts.resetPassword', { accountId: 4242 })).code).toBe('NOT_FOUND');
    expect((await t.call(manager, 'accounts.resetPassword', { accountId: target.account.id })).ok).toBe(true);
  });

  it('cannot be used to take over an account with more rights', async () => {
    const t = backend();
    const { session: manager, account: full } = await t.setUpManager();
    const site = valueOf(await t.call(manager, 'sites.create', { name: 'Lyon' })).id;
    const limited = await t.accountWith(manager, 'limited.admin', ['manager.accounts'], { adminLevel: 'limited', siteIds: [site] });
    const peer = await t.accountWith(manager, 'orders.person', ['orders.pm'], { siteIds: [site] });
    valueOf(await t.call(limited.session, 'auth.confirm', { password: limited.password }));
    expect(errorOf(await t.call(limited.session, 'accounts.resetPassword', { accountId: full.id })).code).toBe('FORBIDDEN');
    expect(errorOf(await t.call(limited.session, 'accounts.resetPassword', { accountId: peer.account.id })).code).toBe('FORBIDDEN');
    const { account: plain } = await t.accountWith(manager, 'plain.person', [], { siteIds: [site] });
    expect((await t.call(limited.session, 'accounts.resetPassword', { accountId: plain.id })).ok).toBe(true);
    // Nor an account of a site it does not manage.
    const { account: elsewhere } = await t.accountWith(manager, 'elsewhere.person', []);
    expect(errorOf(await t.call(limited.session, 'accounts.resetPassword', { accountId: elsewhere.id })).code).toBe('FORBIDDEN');
  });
});
