// Recovery codes of two-factor: ten, shown once, stored only as argon2id hashes, each good for
// one sign-in; regenerating them voids the old ones. Real router, SQLite and OS keychain.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../main/db/audit';
import { verifyPassword } from '../../main/services/passwords';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { appCode, enrolTwoFactor, errorOf, nextPeriod, recordedSleep, valueOf } from '../support/security';

const opened: TestBackend[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});
function backend(): TestBackend {
  const t = startBackend({ sleep: recordedSleep().sleep });
  opened.push(t);
  return t;
}
const signInWith = (t: TestBackend, extra: { code?: string; recoveryCode?: string }) =>
  t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, ...extra });

describe('recovery codes', () => {
  it('are ten distinct xxxxx-xxxxx codes, stored only as argon2id hashes', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { recoveryCodes } = await enrolTwoFactor(t, session, MANAGER.password);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);

    const rows = t.db.prepare('SELECT code_hash, used_at FROM recovery_codes ORDER BY id').all() as { code_hash: string; used_at: string | null }[];
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.code_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.used_at).toBeNull();
    }
    // Each hash is of one of the codes (without its dash).
    expect(await verifyPassword(rows[0]!.code_hash, recoveryCodes[0]!.replace('-', ''))).toBe(true);
    t.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of readdirSync(t.dataDir)) {
      const bytes = readFileSync(path.join(t.dataDir, file));
      for (const code of recoveryCodes) {
        for (const form of [code, code.replace('-', '')]) expect(bytes.includes(Buffer.from(form)), `${file} holds ${form}`).toBe(false);
      }
    }
    // Shown once: the status tells how many are left, never the codes.
    expect(JSON.stringify(valueOf(await t.call(session, 'twoFactor.status', {})))).not.toContain(recoveryCodes[0]!);
    expect(JSON.stringify(listAudit(t.db, { limit: 50, offset: 0 }))).not.toContain(recoveryCodes[0]!);
  });

  it('sign in once each, then are refused', async () => {
    const t = backend();
    const { session, account } = await t.setUpManager();
    const { recoveryCodes } = await enrolTwoFactor(t, session, MANAGER.password);
    const [first, second, third] = recoveryCodes;

    expect(valueOf(await signInWith(t, { recoveryCode: first! })).id).toBe(account.id);
    expect(valueOf(await t.call(session, 'twoFactor.status', {})).recoveryCodesLeft).toBe(9);
    const again = errorOf(await signInWith(t, { recoveryCode: first! }));
    expect(again.code).toBe('BAD_TWO_FACTOR_CODE');
    expect(t.db.prepare('SELECT failed_attempts AS n FROM accounts WHERE id = ?').get(account.id)).toEqual({ n: 1 });

    // Typed in the code field, in capitals, without the dash: still a recovery code.
    expect((await signInWith(t, { code: second!.replace('-', '').toUpperCase() })).ok).toBe(true);
    expect(valueOf(await t.call(session, 'twoFactor.status', {})).recoveryCodesLeft).toBe(8);

    const reasons = (t.db.prepare('SELECT success, reason FROM sign_in_attempts WHERE account_id = ? ORDER BY id').all(account.id) as { success: number; reason: string }[]).slice(1);
    expect(reasons).toEqual([
      { success: 1, reason: 'recovery-code' },
      { success: 0, reason: 'bad-code' },
      { success: 1, reason: 'recovery-code' },
    ]);

    // Two windows racing with the same code: only one gets in.
    const race = await Promise.all([signInWith(t, { recoveryCode: third! }), signInWith(t, { recoveryCode: third! })]);
    expect(race.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['BAD_TWO_FACTOR_CODE', 'ok']);
    expect(t.db.prepare('SELECT count(*) AS n FROM recovery_codes WHERE used_at IS NOT NULL').get()).toEqual({ n: 3 });
  });

  it('regenerated with the password and an app code, void the old ones', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { secret, recoveryCodes: old } = await enrolTwoFactor(t, session, MANAGER.password);
    expect((await signInWith(t, { recoveryCode: old[0]! })).ok).toBe(true);

    // A recovery code cannot stand in for the app here, nor a wrong password.
    expect(errorOf(await t.call(session, 'twoFactor.regenerateRecoveryCodes', { password: MANAGER.password, code: old[1]! })).code).toBe('INVALID_INPUT');
    expect(errorOf(await t.call(session, 'twoFactor.regenerateRecoveryCodes', { password: 'wrong password', code: appCode(t, secret) })).fields).toEqual([expect.objectContaining({ path: 'password', code: 'wrong' })]);

    const { recoveryCodes: fresh } = valueOf(await t.call(session, 'twoFactor.regenerateRecoveryCodes', { password: MANAGER.password, code: appCode(t, secret) }));
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    expect(valueOf(await t.call(session, 'twoFactor.status', {})).recoveryCodesLeft).toBe(10);
    expect(listAudit(t.db, { action: 'twoFactor.regenerateRecoveryCodes', limit: 5, offset: 0 }).total).toBe(1);

    expect(errorOf(await signInWith(t, { recoveryCode: old[1]! })).code).toBe('BAD_TWO_FACTOR_CODE');
    expect((await signInWith(t, { recoveryCode: fresh[0]! })).ok).toBe(true);
    // The app's code used to regenerate is used up too.
    nextPeriod(t);
    expect((await signInWith(t, { code: appCode(t, secret) })).ok).toBe(true);
  });

  it('can turn two-factor off in place of the lost app', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { recoveryCodes } = await enrolTwoFactor(t, session, MANAGER.password);
    expect((await t.call(session, 'twoFactor.disable', { password: MANAGER.password, code: recoveryCodes[4]! })).ok).toBe(true);
    expect(valueOf(await t.call(session, 'twoFactor.status', {})).enabled).toBe(false);
    expect(listAudit(t.db, { action: 'twoFactor.disable', limit: 5, offset: 0 }).rows[0]!.summary).toEqual({ with: 'recovery' });
  });
});
