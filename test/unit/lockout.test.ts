// Brute-force protection: failed attempts counted per account, a progressive delay, a temporary
// lock after the threshold (injected clock), Managers unlocking, and parallel attempts that
// cannot pass the threshold. Real router and SQLite file.
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../main/db/audit';
import { failureDelayMs } from '../../main/services/lockout';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { errorOf, recordedSleep, valueOf } from '../support/security';

const opened: TestBackend[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});
function backend(options: Parameters<typeof startBackend>[0] = {}): TestBackend {
  const t = startBackend(options);
  opened.push(t);
  return t;
}
const MINUTE = 60_000;

function stateOf(t: TestBackend, username: string) {
  return t.db.prepare('SELECT failed_attempts AS failedAttempts, locked_until AS lockedUntil, status FROM accounts WHERE username = ?').get(username) as {
    failedAttempts: number;
    lockedUntil: string | null;
    status: string;
  };
}

/** A test backend whose failure delays are recorded, not waited for. */
function quickBackend() {
  const recorded = recordedSleep();
  return { t: backend({ sleep: recorded.sleep }), waits: recorded.waits };
}

describe('delays', () => {
  it('double from 250 ms up to 2 s, and stop at the threshold', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => failureDelayMs(n, 5))).toEqual([0, 250, 500, 1000, 2000, 0, 0]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => failureDelayMs(n, 8))).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000, 0]);
  });
});

describe('lockout', () => {
  it('locks after 5 failures for 15 minutes; while locked every password gets the same answer; then lets the account in', async () => {
    const { t, waits } = quickBackend();
    const { session: manager } = await t.setUpManager();
    const { account } = await t.accountWith(manager, 'target.user', []);
    const attempt = (password: string) => t.call(t.session(), 'auth.signIn', { username: 'target.user', password });

    for (let n = 1; n <= 4; n++) {
      t.clock.advance(10_000);
      expect(errorOf(await attempt(`wrong password ${n}`)).code).toBe('BAD_CREDENTIALS');
      expect(stateOf(t, 'target.user')).toMatchObject({ failedAttempts: n, lockedUntil: null });
    }
    expect(waits).toEqual([250, 500, 1000, 2000]);
    t.clock.advance(10_000);
    const lockedAt = t.clock.now().getTime();
    expect(errorOf(await attempt('wrong password 5')).code).toBe('BAD_CREDENTIALS');
    const lockedUntil = new Date(lockedAt + 15 * MINUTE).toISOString();
    expect(stateOf(t, 'target.user')).toEqual({ failedAttempts: 5, lockedUntil, status: 'active' });
    expect(waits).toEqual([250, 500, 1000, 2000]);

    // While locked, the right and a wrong password get the same answer: a different one would
    // tell a guesser when they found it, and guessing would go on through the lock.
    t.clock.advance(14 * MINUTE);
    const right = errorOf(await attempt('target.user-password-123'));
    expect(right).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining(lockedUntil) });
    expect(errorOf(await attempt('still a wrong one'))).toEqual(right);
    expect(stateOf(t, 'target.user')).toMatchObject({ failedAttempts: 5, lockedUntil });
    const reasons = (t.db.prepare('SELECT success, reason FROM sign_in_attempts WHERE account_id = ? ORDER BY id').all(account.id) as { success: number; reason: string }[]).map((r) => r.reason);
    expect(reasons.slice(-7)).toEqual(['bad-password', 'bad-password', 'bad-password', 'bad-password', 'bad-password', 'lockout', 'lockout']);
    // Managers see it among the accounts that cannot sign in.
    const locked = valueOf(await t.call(manager, 'accounts.list', { filter: { lockedOnly: true } }));
    expect(locked.rows.map((a) => [a.username, a.lockedUntil, a.failedAttempts])).toEqual([['target.user', lockedUntil, 5]]);

    // Fifteen minutes after locking, the right password gets in and the count starts again.
    t.clock.set(lockedUntil);
    expect((await attempt('target.user-password-123')).ok).toBe(true);
    expect(stateOf(t, 'target.user')).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    expect(valueOf(await t.call(manager, 'accounts.list', { filter: { lockedOnly: true } })).rows).toEqual([]);
  });

  it('starts counting again from one once a lockout has ended', async () => {
    const { t, waits } = quickBackend();
    const { session: manager } = await t.setUpManager();
    await t.accountWith(manager, 'target.user', []);
    for (let n = 0; n < 5; n++) await t.call(t.session(), 'auth.signIn', { username: 'target.user', password: 'nope nope nope' });
    t.clock.advance(15 * MINUTE);
    waits.length = 0;
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'target.user', password: 'nope again' })).code).toBe('BAD_CREDENTIALS');
    expect(stateOf(t, 'target.user')).toMatchObject({ failedAttempts: 1, lockedUntil: null });
    expect(waits).toEqual([250]);
  });

  it('follows the configured threshold and duration', async () => {
    const { t } = quickBackend();
    const { session: manager } = await t.setUpManager();
    await t.accountWith(manager, 'target.user', []);
    const updated = valueOf(await t.call(manager, 'settings.security.update', { lockoutThreshold: 3, lockoutMinutes: 2, idleLockMinutes: 15, temporaryPasswordHours: 72 }));
    expect(updated).toMatchObject({ lockoutThreshold: 3, lockoutMinutes: 2 });
    const audit = listAudit(t.db, { action: 'settings.security.update', limit: 1, offset: 0 }).rows[0]!;
    expect(audit.summary).toEqual({ before: { lockoutThreshold: 5, lockoutMinutes: 15, idleLockMinutes: 15, temporaryPasswordHours: 72 }, after: updated });

    for (let n = 0; n < 3; n++) await t.call(t.session(), 'auth.signIn', { username: 'target.user', password: 'nope nope nope' });
    expect(stateOf(t, 'target.user').lockedUntil).toBe(new Date(t.clock.now().getTime() + 2 * MINUTE).toISOString());
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: 'target.user', password: 'target.user-password-123' })).code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(2 * MINUTE);
    expect((await t.call(t.session(), 'auth.signIn', { username: 'target.user', password: 'target.user-password-123' })).ok).toBe(true);
  });

  it('counts wrong passwords typed when already signed in (step-up, unlock, password change), and locks those too', async () => {
    const { t } = quickBackend();
    const { session, account } = await t.setUpManager();
    await t.call(session, 'auth.confirm', { password: 'guess one' });
    await t.call(session, 'auth.changePassword', { currentPassword: 'guess two', newPassword: 'a brand new passphrase 9' });
    for (let n = 0; n < 3; n++) await t.call(session, 'auth.confirm', { password: `guess ${n}` });
    expect(stateOf(t, MANAGER.username)).toMatchObject({ failedAttempts: 5, lockedUntil: expect.any(String) });
    // Locked: even the right password is answered the same, so guessing on is useless.
    expect(errorOf(await t.call(session, 'auth.confirm', { password: MANAGER.password })).code).toBe('ACCOUNT_LOCKED');
    expect(listAudit(t.db, { action: 'auth.confirmFailed', limit: 10, offset: 0 }).rows[0]).toMatchObject({ actorId: account.id, summary: expect.objectContaining({ reason: 'bad-password', failedAttempts: 5 }) });
  });
});

describe('unknown usernames', () => {
  it('are answered with the same delays as an account, so the waits do not tell which names exist', async () => {
    const { t, waits } = quickBackend();
    const { session: manager } = await t.setUpManager();
    await t.accountWith(manager, 'real.user', []);
    for (let n = 0; n < 6; n++) await t.call(t.session(), 'auth.signIn', { username: 'real.user', password: 'nope nope nope' });
    const real = waits.splice(0);
    for (let n = 0; n < 6; n++) await t.call(t.session(), 'auth.signIn', { username: 'made.up.user', password: 'nope nope nope' });
    expect(waits).toEqual(real);
    expect(real).toEqual([250, 500, 1000, 2000]);
  });

  it('are locked and released exactly like an account, so the lock does not tell which names exist', async () => {
    const { t } = quickBackend();
    const { session: manager } = await t.setUpManager();
    await t.accountWith(manager, 'real.user', []);
    const answers = async (username: string) => {
      const seen: string[] = [];
      for (let n = 0; n < 7; n++) {
        const result = await t.call(t.session(), 'auth.signIn', { username, password: `nope nope nope ${n}` });
        seen.push(result.ok ? 'ok' : `${result.error.code} ${result.error.message}`);
      }
      t.clock.advance(15 * MINUTE);
      const after = await t.call(t.session(), 'auth.signIn', { username, password: 'nope nope nope' });
      seen.push(after.ok ? 'ok' : after.error.code);
      return seen;
    };
    const start = t.clock.now().getTime();
    const real = await answers('real.user');
    t.clock.set(new Date(start));
    const madeUp = await answers('Made.Up.User');
    expect(madeUp).toEqual(real);
    expect(real.slice(0, 5)).toEqual(Array(5).fill('BAD_CREDENTIALS wrong username or password'));
    expect(real[5]).toMatch(/^ACCOUNT_LOCKED /);
    expect(real[7]).toBe('BAD_CREDENTIALS');
    // The made-up name's state is kept apart from accounts, case-insensitively, and pruned later.
    expect(t.db.prepare('SELECT username, failed_attempts FROM unknown_username_lockouts').all()).toEqual([{ username: 'Made.Up.User', failed_attempts: 1 }]);
    t.clock.advance(31 * MINUTE);
    await t.call(t.session(), 'auth.signIn', { username: 'another.name', password: 'nope nope nope' });
    expect(t.db.prepare('SELECT username FROM unknown_username_lockouts').all()).toEqual([{ username: 'another.name' }]);
  });
});

describe('Manager unlock', () => {
  it('ends a temporary lockout and a locked status, and is audited', async () => {
    const { t } = quickBackend();
    const { session: manager } = await t.setUpManager();
    const { account: a } = await t.accountWith(manager, 'locked.out', []);
    const { account: b } = await t.accountWith(manager, 'status.locked', []);
    for (let n = 0; n < 5; n++) await t.call(t.session(), 'auth.signIn', { username: 'locked.out', password: 'nope nope nope' });
    t.db.prepare("UPDATE accounts SET status = 'locked' WHERE id = ?").run(b.id);

    const listed = valueOf(await t.call(manager, 'accounts.list', { filter: { lockedOnly: true } }));
    expect(listed.rows.map((r) => r.username)).toEqual(['locked.out', 'status.locked']);
    expect(valueOf(await t.call(manager, 'accounts.list', {})).total).toBe(3);

    const unlocked = valueOf(await t.call(manager, 'accounts.unlock', { accountId: a.id }));
    expect(unlocked).toMatchObject({ username: 'locked.out', status: 'active', lockedUntil: null, failedAttempts: 0 });
    const record = listAudit(t.db, { action: 'account.unlock', limit: 1, offset: 0 }).rows[0]!;
    expect(record).toMatchObject({ actor: MANAGER.username, target: 'locked.out', targetId: String(a.id) });
    expect(record.summary).toEqual({
      before: { status: 'active', lockedUntil: expect.any(String), failedAttempts: 5 },
      after: { status: 'active', lockedUntil: null, failedAttempts: 0 },
    });
    expect((await t.call(t.session(), 'auth.signIn', { username: 'locked.out', password: 'locked.out-password-123' })).ok).toBe(true);

    expect(valueOf(await t.call(manager, 'accounts.unlock', { accountId: b.id })).status).toBe('active');
    expect((await t.call(t.session(), 'auth.signIn', { username: 'status.locked', password: 'status.locked-password-123' })).ok).toBe(true);
    expect(valueOf(await t.call(manager, 'accounts.list', { filter: { lockedOnly: true } })).rows).toEqual([]);
    expect(errorOf(await t.call(manager, 'accounts.unlock', { accountId: 9999 })).code).toBe('NOT_FOUND');
  });
});

describe('sign-in history', () => {
  it('shows a Manager the latest attempts on an account, newest first, with their reasons', async () => {
    const { t } = quickBackend();
    const { session: manager } = await t.setUpManager();
    const { account } = await t.accountWith(manager, 'watched.user', []);
    t.clock.advance(MINUTE);
    await t.call(t.session('window:7'), 'auth.signIn', { username: 'watched.user', password: 'not the password' });
    t.clock.advance(MINUTE);
    const records = valueOf(await t.call(manager, 'accounts.signIns', { accountId: account.id, limit: 2 }));
    expect(records).toEqual([{ at: new Date(t.clock.now().getTime() - MINUTE).toISOString(), success: false, reason: 'bad-password', origin: 'window:7' }, expect.objectContaining({ success: true, reason: 'ok' })]);
    expect(valueOf(await t.call(manager, 'accounts.signIns', { accountId: account.id })).length).toBe(2);
    expect(errorOf(await t.call(manager, 'accounts.signIns', { accountId: 777 })).code).toBe('NOT_FOUND');
  });
});

describe('parallel attempts', () => {
  it('twelve wrong passwords at once: exactly five are counted, the lock starts there and answers the other seven', async () => {
    const { t } = quickBackend();
    const { session: manager } = await t.setUpManager();
    const { account } = await t.accountWith(manager, 'target.user', []);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.call(t.session(), 'auth.signIn', { username: 'target.user', password: `wrong ${i} wrong` })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'BAD_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(7);
    expect(stateOf(t, 'target.user')).toMatchObject({ failedAttempts: 5, lockedUntil: new Date(t.clock.now().getTime() + 15 * MINUTE).toISOString() });
    const reasons = (t.db.prepare('SELECT reason FROM sign_in_attempts WHERE account_id = ? AND success = 0 ORDER BY id').all(account.id) as { reason: string }[]).map((r) => r.reason);
    expect(reasons).toEqual([...Array(5).fill('bad-password'), ...Array(7).fill('lockout')]);
  });

  it('a right password in the same burst gets in only if decided before the threshold was reached', async () => {
    const { t } = quickBackend();
    const { session: manager } = await t.setUpManager();
    const { account } = await t.accountWith(manager, 'target.user', []);
    const outcomes: string[] = [];
    // The right password sent first, then last, among twelve wrong ones.
    for (const position of [0, 12]) {
      const calls = Array.from({ length: 12 }, (_, i) => () => t.call(t.session(), 'auth.signIn', { username: 'target.user', password: `wrong ${i} wrong` }));
      calls.splice(position, 0, () => t.call(t.session(), 'auth.signIn', { username: 'target.user', password: 'target.user-password-123' }));
      const results = await Promise.all(calls.map((call) => call()));
      const right = results[position]!;
      // Replay the decisions in the order they were recorded: from the 5th failure in a row on,
      // every attempt met the lock, the right password included.
      const decisions = (t.db.prepare('SELECT success, reason FROM sign_in_attempts WHERE account_id = ? ORDER BY id').all(account.id) as { success: number; reason: string }[]).slice(-13);
      let failuresInARow = 0;
      for (const decision of decisions) {
        if (failuresInARow >= 5) expect(decision).toEqual({ success: 0, reason: 'lockout' });
        failuresInARow = decision.success ? 0 : failuresInARow + 1;
      }
      const succeeded = decisions.filter((d) => d.success === 1).length;
      expect(right.ok ? 'ok' : right.error.code).toBe(succeeded === 1 ? 'ok' : 'ACCOUNT_LOCKED');
      expect(succeeded).toBeLessThanOrEqual(1);
      expect(stateOf(t, 'target.user').lockedUntil).not.toBeNull();
      outcomes.push(right.ok ? 'ok' : right.error.code);
      valueOf(await t.call(manager, 'accounts.unlock', { accountId: account.id }));
    }
    // Sent last, it is decided after the others: the lock stands.
    expect(outcomes[1]).toBe('ACCOUNT_LOCKED');
  });
});

describe('real-time delay', () => {
  it('makes the answers to failures 1-4 wait about 250, 500, 1000 and 2000 ms, and the 5th none', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    await t.accountWith(manager, 'slow.user', []);
    const took: number[] = [];
    for (let n = 0; n < 5; n++) {
      const start = performance.now();
      await t.call(t.session(), 'auth.signIn', { username: 'slow.user', password: 'nope nope nope' });
      took.push(performance.now() - start);
    }
    // The argon2 check alone takes tens of ms: tolerant bounds, the doubling is what shows.
    expect(took[0]).toBeGreaterThanOrEqual(245);
    expect(took[1]).toBeGreaterThanOrEqual(495);
    expect(took[2]).toBeGreaterThanOrEqual(995);
    expect(took[3]).toBeGreaterThanOrEqual(1995);
    expect(took[3]!).toBeLessThan(2000 + 1500);
    expect(took[4]!).toBeLessThan(took[0]! + 500);
  }, 30_000);
});
