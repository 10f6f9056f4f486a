// The router's account-security gates, through the real router on a real database with a
// hand-moved clock: step-up confirmation and its expiry, the password-change gate, the idle
// lock, per-window rate limits, and sessions ended by a newer session epoch.
import { afterEach, describe, expect, it } from 'vitest';
import { contract, STEP_UP_WINDOW_MS, type ChannelName } from '../../shared/contract';
import { listAudit } from '../../main/db/audit';
import { createWindowSessions } from '../../main/app/windowSessions';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { sampleInput } from '../support/samples';
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
const MINUTE = 60_000;
const CHANNELS = Object.keys(contract) as ChannelName[];

function eventsOf(t: TestBackend): string[] {
  const seen: string[] = [];
  t.backend.router.onEvent((event) => seen.push(event));
  return seen;
}

describe('auth.status', () => {
  it("tells the window its account's avatar and two-factor state, its idle lock and step-up", async () => {
    const t = backend();
    const { session, account } = await t.setUpManager();
    expect(valueOf(await t.call(session, 'auth.status', {}))).toEqual({
      setupRequired: false,
      account: expect.objectContaining({ id: account.id, avatar: null, twoFactorEnabled: false, mustChangePassword: false }),
      idleLocked: false,
      idleLockMinutes: 15,
      confirmedUntil: null,
    });
    valueOf(await t.call(session, 'profile.setAvatar', sampleInput('profile.setAvatar') as { imageBase64: string }));
    expect(valueOf(await t.call(session, 'auth.status', {})).account?.avatar).toMatch(/^data:image\/(webp|png|jpeg);base64,/);
  });
});

describe('step-up confirmation', () => {
  it('is required by sensitive channels, lasts 5 minutes, and belongs to one window', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { account: clerk } = await t.accountWith(manager, 'clerk', []);
    const stepUp = CHANNELS.filter((c) => contract[c].stepUp);
    expect(stepUp).toEqual(expect.arrayContaining(['accounts.resetPassword', 'accounts.resetTwoFactor', 'twoFactor.beginEnrolment']));

    // Never confirmed: every sensitive channel refuses, and nothing changes.
    const before = listAudit(t.db, { limit: 1, offset: 0 }).total;
    for (const channel of stepUp) {
      expect(errorOf(await t.backend.router.call(manager, channel, sampleInput(channel, { accountId: clerk.id }))).code, channel).toBe('STEP_UP_REQUIRED');
    }
    expect(listAudit(t.db, { limit: 1, offset: 0 }).total).toBe(before);
    expect(valueOf(await t.call(manager, 'auth.status', {})).confirmedUntil).toBeNull();

    // A wrong password confirms nothing and is reported on its field.
    const wrong = errorOf(await t.call(manager, 'auth.confirm', { password: 'not my password' }));
    expect(wrong).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'password', code: 'wrong' }] });
    expect(errorOf(await t.call(manager, 'accounts.resetPassword', { accountId: clerk.id })).code).toBe('STEP_UP_REQUIRED');

    const confirmedAt = t.clock.now().getTime();
    const confirmed = valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    expect(confirmed).toEqual({ confirmedUntil: new Date(confirmedAt + STEP_UP_WINDOW_MS).toISOString() });
    expect(valueOf(await t.call(manager, 'auth.status', {})).confirmedUntil).toBe(confirmed.confirmedUntil);
    expect(listAudit(t.db, { action: 'auth.confirm', limit: 5, offset: 0 }).rows).toEqual([expect.objectContaining({ actor: MANAGER.username, target: MANAGER.username })]);
    expect(listAudit(t.db, { action: 'auth.confirmFailed', limit: 5, offset: 0 }).total).toBe(1);

    // Another window of the same account is not confirmed.
    const other = t.session();
    valueOf(await t.call(other, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    expect(errorOf(await t.call(other, 'accounts.resetPassword', { accountId: clerk.id })).code).toBe('STEP_UP_REQUIRED');

    // Within the window (its last millisecond included) the action goes through...
    t.clock.advance(STEP_UP_WINDOW_MS);
    expect((await t.call(manager, 'accounts.resetPassword', { accountId: clerk.id })).ok).toBe(true);
    // ...one millisecond later it needs a new confirmation.
    t.clock.advance(1);
    expect(errorOf(await t.call(manager, 'accounts.resetPassword', { accountId: clerk.id })).code).toBe('STEP_UP_REQUIRED');
    expect(valueOf(await t.call(manager, 'auth.status', {})).confirmedUntil).toBeNull();
    valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    expect((await t.call(manager, 'accounts.resetPassword', { accountId: clerk.id })).ok).toBe(true);
  });

  it('is forgotten when the window signs out', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { account: clerk } = await t.accountWith(manager, 'clerk', []);
    valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    valueOf(await t.call(manager, 'auth.signOut', {}));
    valueOf(await t.call(manager, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    expect(errorOf(await t.call(manager, 'accounts.resetPassword', { accountId: clerk.id })).code).toBe('STEP_UP_REQUIRED');
  });
});

describe('password-change gate', () => {
  it('answers PASSWORD_CHANGE_REQUIRED on every channel not flagged for it until the password is changed', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { account } = await t.accountWith(manager, 'new.hire', ['manager.accounts', 'manager.rights', 'manager.settings']);
    valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    const { temporaryPassword } = valueOf(await t.call(manager, 'accounts.resetPassword', { accountId: account.id }));

    const s = t.session();
    const signedIn = valueOf(await t.call(s, 'auth.signIn', { username: 'new.hire', password: temporaryPassword }));
    expect(signedIn.mustChangePassword).toBe(true);

    const gated = CHANNELS.filter((c) => contract[c].access !== 'public' && !contract[c].duringPasswordChange);
    expect(gated.length).toBeGreaterThan(15);
    for (const channel of gated) {
      expect(errorOf(await t.backend.router.call(s, channel, sampleInput(channel, { accountId: account.id }))).code, channel).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    // What the change-password screen needs still answers.
    expect(valueOf(await t.call(s, 'auth.status', {})).account?.mustChangePassword).toBe(true);
    expect((await t.call(s, 'auth.activity', {})).ok).toBe(true);

    const changed = valueOf(await t.call(s, 'auth.changePassword', { currentPassword: temporaryPassword, newPassword: 'my own new passphrase 7' }));
    expect(changed.mustChangePassword).toBe(false);
    expect((await t.call(s, 'dashboard.counts', {})).ok).toBe(true);
    expect((await t.call(s, 'accounts.list', {})).ok).toBe(true);
  });
});

describe('idle lock', () => {
  it('locks a session idle for longer than the setting, keeps the screen, and unlocks with the password', async () => {
    const t = backend();
    const { session, account } = await t.setUpManager();

    // Exactly the idle time is not yet too long.
    t.clock.advance(15 * MINUTE);
    expect((await t.call(session, 'dashboard.counts', {})).ok).toBe(true);
    t.clock.advance(15 * MINUTE + 1);
    expect(errorOf(await t.call(session, 'dashboard.counts', {}))).toMatchObject({ code: 'SESSION_LOCKED' });
    // Still signed in (the screen stays), but locked; reporting activity cannot lift it.
    expect(valueOf(await t.call(session, 'auth.status', {}))).toMatchObject({ idleLocked: true, idleLockMinutes: 15, account: { id: account.id } });
    expect(errorOf(await t.call(session, 'auth.activity', {})).code).toBe('SESSION_LOCKED');
    expect(errorOf(await t.call(session, 'auth.confirm', { password: MANAGER.password })).code).toBe('SESSION_LOCKED');

    // A wrong password keeps it locked and counts as a failed attempt.
    expect(errorOf(await t.call(session, 'auth.unlockSession', { password: 'wrong password here' }))).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'password', code: 'wrong' }] });
    expect(t.db.prepare('SELECT failed_attempts AS n FROM accounts WHERE id = ?').get(account.id)).toEqual({ n: 1 });
    expect(errorOf(await t.call(session, 'dashboard.counts', {})).code).toBe('SESSION_LOCKED');

    expect(valueOf(await t.call(session, 'auth.unlockSession', { password: MANAGER.password }))).toMatchObject({ id: account.id });
    expect(valueOf(await t.call(session, 'auth.status', {})).idleLocked).toBe(false);
    expect((await t.call(session, 'dashboard.counts', {})).ok).toBe(true);
    expect(t.db.prepare('SELECT failed_attempts AS n FROM accounts WHERE id = ?').get(account.id)).toEqual({ n: 0 });
    expect(listAudit(t.db, { action: 'auth.unlockSession', limit: 5, offset: 0 }).total).toBe(1);
  });

  it('is delayed by calls and by reported activity, not by status polling', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    t.clock.advance(10 * MINUTE);
    expect((await t.call(session, 'auth.activity', {})).ok).toBe(true);
    t.clock.advance(10 * MINUTE);
    expect((await t.call(session, 'accounts.list', {})).ok).toBe(true);
    t.clock.advance(10 * MINUTE);
    // auth.status is what an unattended window polls: it must not keep the session open.
    expect(valueOf(await t.call(session, 'auth.status', {})).idleLocked).toBe(false);
    t.clock.advance(5 * MINUTE + 1);
    expect(valueOf(await t.call(session, 'auth.status', {})).idleLocked).toBe(true);
  });

  it('follows the configured idle time, and lets a locked window sign out', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const settings = valueOf(await t.call(session, 'settings.security.update', { lockoutThreshold: 5, lockoutMinutes: 15, idleLockMinutes: 2, temporaryPasswordHours: 72 }));
    expect(settings.idleLockMinutes).toBe(2);
    expect(valueOf(await t.call(session, 'settings.security.get', {}))).toEqual(settings);
    expect(valueOf(await t.call(session, 'auth.status', {})).idleLockMinutes).toBe(2);
    t.clock.advance(2 * MINUTE + 1);
    expect(errorOf(await t.call(session, 'accounts.list', {})).code).toBe('SESSION_LOCKED');
    expect((await t.call(session, 'auth.signOut', {})).ok).toBe(true);
    expect(session.accountId).toBeNull();
  });
});

describe('rate limits', () => {
  it('limit one window whatever the accounts it tries, not the accounts for other windows', async () => {
    const t = backend();
    await t.setUpManager();
    const { max, windowMs } = contract['auth.signIn'].rateLimit!;
    const hammer = t.session('window:hammer');
    // Every attempt on a different account: the limit is the window's, not an account's.
    for (let i = 0; i < max; i++) {
      expect(errorOf(await t.call(hammer, 'auth.signIn', { username: `victim.${i}`, password: 'guess guess guess' })).code).toBe('BAD_CREDENTIALS');
    }
    const audited = listAudit(t.db, { limit: 1, offset: 0 }).total;
    const refused = errorOf(await t.call(hammer, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(hammer.accountId).toBeNull();
    // Refused before any work: not recorded as an attempt.
    expect(listAudit(t.db, { limit: 1, offset: 0 }).total).toBe(audited);

    // Another window signs in to the same account at once.
    const other = t.session('window:other');
    expect((await t.call(other, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password })).ok).toBe(true);

    // Once the oldest attempts leave the window, the hammering window may try again.
    t.clock.advance(windowMs);
    expect((await t.call(hammer, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password })).ok).toBe(true);
  });

  it('limit step-up and unlock attempts of a signed-in window too', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { max } = contract['auth.confirm'].rateLimit!;
    // Threshold high enough that the lockout does not answer first.
    valueOf(await t.call(session, 'settings.security.update', { lockoutThreshold: 20, lockoutMinutes: 15, idleLockMinutes: 15, temporaryPasswordHours: 72 }));
    valueOf(await t.call(session, 'auth.confirm', { password: MANAGER.password }));
    for (let i = 1; i < max; i++) await t.call(session, 'auth.confirm', { password: 'wrong' });
    expect(errorOf(await t.call(session, 'auth.confirm', { password: MANAGER.password })).code).toBe('RATE_LIMITED');
  });
});

describe('session epoch', () => {
  it('signing out everywhere ends every session of the account, this one included, and tells the windows', async () => {
    const t = backend();
    const { session: first, account } = await t.setUpManager();
    const second = t.session();
    valueOf(await t.call(second, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    const { session: someoneElse } = await t.accountWith(first, 'someone.else', []);
    const events = eventsOf(t);

    expect(await t.call(second, 'auth.signOutEverywhere', {})).toEqual({ ok: true, value: null });
    expect(second.accountId).toBeNull();
    expect(events).toEqual(['data.changed', 'auth.changed']);
    expect(errorOf(await t.call(first, 'dashboard.counts', {})).code).toBe('UNAUTHENTICATED');
    expect(first.accountId).toBeNull();
    expect(valueOf(await t.call(first, 'auth.status', {})).account).toBeNull();
    // Other accounts keep their sessions.
    expect((await t.call(someoneElse, 'dashboard.counts', {})).ok).toBe(true);
    // Signing in again works, under the new epoch.
    valueOf(await t.call(first, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    expect(first.epoch).toBe(1);
    expect((await t.call(first, 'dashboard.counts', {})).ok).toBe(true);
    expect(listAudit(t.db, { action: 'auth.signOutEverywhere', limit: 5, offset: 0 }).rows).toEqual([expect.objectContaining({ actorId: account.id })]);
  });

  it('a password reset and a two-factor reset by a Manager end the sessions of that account', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { session: victim, account } = await t.accountWith(manager, 'lost.phone', []);
    const events = eventsOf(t);
    valueOf(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));

    // Two-factor on (row written directly: the reset only removes it).
    t.db.prepare("INSERT INTO two_factor (account_id, secret_enc, enabled_at) VALUES (?, 'v1.a.b.c', ?)").run(account.id, t.clock.now().toISOString());
    events.length = 0;
    valueOf(await t.call(manager, 'accounts.resetTwoFactor', { accountId: account.id }));
    expect(events).toContain('auth.changed');
    expect(errorOf(await t.call(victim, 'dashboard.counts', {})).code).toBe('UNAUTHENTICATED');
    expect((await t.call(manager, 'dashboard.counts', {})).ok).toBe(true);

    const again = t.session();
    valueOf(await t.call(again, 'auth.signIn', { username: 'lost.phone', password: 'lost.phone-password-123' }));
    events.length = 0;
    valueOf(await t.call(manager, 'accounts.resetPassword', { accountId: account.id }));
    expect(events).toContain('auth.changed');
    expect(errorOf(await t.call(again, 'dashboard.counts', {})).code).toBe('UNAUTHENTICATED');
  });

  it('a password change ends the other sessions of the account but keeps this one', async () => {
    const t = backend();
    const { session: here } = await t.setUpManager();
    const elsewhere = t.session();
    valueOf(await t.call(elsewhere, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    const events = eventsOf(t);
    valueOf(await t.call(here, 'auth.changePassword', { currentPassword: MANAGER.password, newPassword: 'a fresh passphrase for claire' }));
    expect(events).toContain('auth.changed');
    expect((await t.call(here, 'dashboard.counts', {})).ok).toBe(true);
    expect(errorOf(await t.call(elsewhere, 'dashboard.counts', {})).code).toBe('UNAUTHENTICATED');
  });

  it("sends 'auth.changed' to the windows whose session just ended, and data events only to signed-in ones", async () => {
    const t = backend();
    const sessions = createWindowSessions(t.backend.router);
    const pushed: [number, string][] = [];
    t.backend.router.onEvent((event, payload) => {
      for (const target of sessions.pushTargets(event, payload)) pushed.push([target.contentsId, target.message.event]);
    });
    const ours = (contentsId: number) => ({ contentsId, frame: { url: 'app://vigie/index.html', isMainFrame: true } });
    sessions.open(1);
    sessions.open(2);
    sessions.open(3);
    expect((await sessions.call(ours(1), 'auth.setup', { ...MANAGER })).ok).toBe(true);
    expect((await sessions.call(ours(2), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password })).ok).toBe(true);
    pushed.length = 0;
    expect((await sessions.call(ours(1), 'auth.signOutEverywhere', {})).ok).toBe(true);
    // Window 1 (signed out by its own call) and window 2 hear it, and so does window 3 (harmless: no data).
    expect(pushed.filter(([, e]) => e === 'auth.changed').map(([id]) => id).sort()).toEqual([1, 2, 3]);
    // The data event went only to the window still signed in at that moment (2, until its next call).
    expect(pushed.filter(([, e]) => e === 'data.changed').map(([id]) => id)).toEqual([2]);
  });
});
