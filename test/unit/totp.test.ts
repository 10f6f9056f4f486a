// TOTP two-factor: the RFC 6238 test vectors, then our use of it through the real router, a
// real SQLite file and the REAL OS keychain (gnome-keyring under dbus-run-session on Linux CI;
// see test/integration/secrets.test.ts for how to run them by hand).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainError, type SecretStore } from '../../main/secrets';
import { writeSetting } from '../../main/db/settings';
import { consumeTotpStep } from '../../main/db/twoFactor';
import { listAudit } from '../../main/db/audit';
import { codeForStep, matchingStep, timeStep, totpCode, TOTP_KEY_NAME } from '../../main/services/totp';
import { MANAGER, startBackend, testSecretStore, type TestBackend } from '../support/backend';
import { appCode, enrolTwoFactor, errorOf, nextPeriod, recordedSleep, valueOf } from '../support/security';
import { randomBytes } from 'node:crypto';

const opened: TestBackend[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});
function backend(options: Parameters<typeof startBackend>[0] = {}): TestBackend {
  const t = startBackend({ sleep: recordedSleep().sleep, ...options });
  opened.push(t);
  return t;
}

describe('RFC 6238 appendix B (SHA-1)', () => {
  const secret = new Uint8Array(Buffer.from('12345678901234567890', 'ascii'));
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, expected] of vectors) {
    it(`gives ${expected} at T = ${seconds}`, () => {
      expect(totpCode(secret, seconds * 1000, 8)).toBe(expected);
      expect(codeForStep(secret, timeStep(seconds * 1000), 8)).toBe(expected);
    });
  }

  it('accepts the codes of the step before and after, and no further', () => {
    const at = 1111111111 * 1000;
    const step = timeStep(at);
    for (const delta of [-1, 0, 1]) expect(matchingStep(secret, codeForStep(secret, step + delta), at)).toBe(step + delta);
    for (const delta of [-2, 2, 3]) expect(matchingStep(secret, codeForStep(secret, step + delta), at)).toBeNull();
    expect(matchingStep(secret, `${codeForStep(secret, step).slice(0, 3)} ${codeForStep(secret, step).slice(3)}`, at)).toBe(step);
    expect(matchingStep(secret, 'abcdef', at)).toBeNull();
  });
});

describe('two-factor sign-in', () => {
  it('enrols with a QR code and secret, then asks for a code only once the password is right', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    writeSetting(t.db, 'branding.displayName', 'Vigie Lyon', t.clock.now().toISOString());
    const enrolled = await enrolTwoFactor(t, session, MANAGER.password);
    expect(enrolled.base32).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes
    const uri = new URL(enrolled.enrolment.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('Vigie Lyon');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Vigie Lyon:${MANAGER.username}`);
    expect(uri.searchParams.get('secret')).toBe(enrolled.base32);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(enrolled.enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(valueOf(await t.call(session, 'twoFactor.status', {}))).toEqual({ enabled: true, enabledAt: expect.any(String), recoveryCodesLeft: 10 });
    expect(valueOf(await t.call(session, 'auth.status', {})).account?.twoFactorEnabled).toBe(true);
    expect(listAudit(t.db, { action: 'twoFactor.enable', limit: 5, offset: 0 }).total).toBe(1);

    const s = t.session();
    // A wrong password says nothing about two-factor.
    expect(errorOf(await t.call(s, 'auth.signIn', { username: MANAGER.username, password: 'wrong password!' })).code).toBe('BAD_CREDENTIALS');
    const failuresBefore = (t.db.prepare('SELECT failed_attempts AS n FROM accounts').get() as { n: number }).n;
    expect(errorOf(await t.call(s, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password })).code).toBe('TWO_FACTOR_REQUIRED');
    // Not a failure: the screen asks for the code and sends everything again.
    expect((t.db.prepare('SELECT failed_attempts AS n FROM accounts').get() as { n: number }).n).toBe(failuresBefore);
    expect(s.accountId).toBeNull();
    const signedIn = valueOf(await t.call(s, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code: appCode(t, enrolled.secret) }));
    expect(signedIn.twoFactorEnabled).toBe(true);
    expect(s.accountId).toBe(signedIn.id);
    expect((t.db.prepare('SELECT failed_attempts AS n FROM accounts').get() as { n: number }).n).toBe(0);
  });

  it('accepts codes one step early or late, refuses two steps away, and counts a wrong code as a failed attempt', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { secret } = await enrolTwoFactor(t, session, MANAGER.password);
    const signIn = (code: string) => t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code });

    expect(errorOf(await signIn(appCode(t, secret, -2))).code).toBe('BAD_TWO_FACTOR_CODE');
    expect(errorOf(await signIn(appCode(t, secret, 2))).code).toBe('BAD_TWO_FACTOR_CODE');
    expect(t.db.prepare('SELECT failed_attempts AS n FROM accounts').get()).toEqual({ n: 2 });
    expect((t.db.prepare("SELECT reason FROM sign_in_attempts WHERE success = 0 ORDER BY id").all() as { reason: string }[]).map((r) => r.reason)).toEqual(['bad-code', 'bad-code']);

    // (The step before the current one is the enrolment's, used up: one period later.)
    nextPeriod(t);
    expect((await signIn(appCode(t, secret, -1))).ok).toBe(true);
    nextPeriod(t);
    nextPeriod(t);
    expect((await signIn(appCode(t, secret, 1))).ok).toBe(true);
  });

  it('refuses the same code a second time, even within its window, and an older one after it', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { secret } = await enrolTwoFactor(t, session, MANAGER.password);
    const code = appCode(t, secret);
    const older = appCode(t, secret, -1);
    expect((await t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code })).ok).toBe(true);
    t.clock.advance(5_000);
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code })).code).toBe('BAD_TWO_FACTOR_CODE');
    expect(errorOf(await t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code: older })).code).toBe('BAD_TWO_FACTOR_CODE');
    // Two windows sending the same fresh code at once: one gets in.
    nextPeriod(t);
    const fresh = appCode(t, secret);
    const both = await Promise.all([0, 1].map(() => t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code: fresh })));
    expect(both.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['BAD_TWO_FACTOR_CODE', 'ok']);
  });

  it('asks step-up confirmations for a code too', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { secret } = await enrolTwoFactor(t, session, MANAGER.password);
    const missing = errorOf(await t.call(session, 'auth.confirm', { password: MANAGER.password }));
    expect(missing).toMatchObject({ code: 'TWO_FACTOR_REQUIRED', fields: [{ path: 'code', code: 'required' }] });
    expect(errorOf(await t.call(session, 'auth.confirm', { password: MANAGER.password, code: appCode(t, secret, 3) }))).toMatchObject({ code: 'BAD_TWO_FACTOR_CODE', fields: [{ path: 'code' }] });
    const code = appCode(t, secret);
    expect((await t.call(session, 'auth.confirm', { password: MANAGER.password, code })).ok).toBe(true);
    expect(errorOf(await t.call(session, 'twoFactor.beginEnrolment', {})).code).toBe('CONFLICT');
    // The code is used up: confirming again with it is a wrong code, counted as such.
    const failures = (t.db.prepare('SELECT failed_attempts AS n FROM accounts').get() as { n: number }).n;
    expect(errorOf(await t.call(session, 'auth.confirm', { password: MANAGER.password, code })).code).toBe('BAD_TWO_FACTOR_CODE');
    expect(t.db.prepare('SELECT failed_attempts AS n FROM accounts').get()).toEqual({ n: failures + 1 });
  });

  it('keeps the no-reuse rule in the database too (another process may check the same code)', async () => {
    const t = backend();
    const { session, account } = await t.setUpManager();
    const { secret } = await enrolTwoFactor(t, session, MANAGER.password);
    const step = timeStep(t.clock.now().getTime());
    expect(matchingStep(secret, appCode(t, secret), t.clock.now().getTime())).toBe(step);
    expect(consumeTotpStep(t.db, account.id, step)).toBe(true);
    expect(consumeTotpStep(t.db, account.id, step)).toBe(false);
    expect(consumeTotpStep(t.db, account.id, step - 1)).toBe(false);
    expect(consumeTotpStep(t.db, account.id, step + 1)).toBe(true);
  });

  it('turns off only with the password and a code, and then signs in with the password alone', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { secret } = await enrolTwoFactor(t, session, MANAGER.password);
    expect(errorOf(await t.call(session, 'twoFactor.disable', { password: 'wrong password', code: appCode(t, secret) })).fields).toEqual([expect.objectContaining({ path: 'password', code: 'wrong' })]);
    expect(errorOf(await t.call(session, 'twoFactor.disable', { password: MANAGER.password, code: '000000' })).code).toBe('BAD_TWO_FACTOR_CODE');
    expect(valueOf(await t.call(session, 'twoFactor.status', {})).enabled).toBe(true);
    expect(await t.call(session, 'twoFactor.disable', { password: MANAGER.password, code: appCode(t, secret) })).toEqual({ ok: true, value: null });
    expect(valueOf(await t.call(session, 'twoFactor.status', {}))).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect(t.db.prepare('SELECT count(*) AS n FROM recovery_codes').get()).toEqual({ n: 0 });
    expect((await t.call(t.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password })).ok).toBe(true);
  });

  it('enables nothing without a right first code, and forgets a pending enrolment at sign-out', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    valueOf(await t.call(session, 'auth.confirm', { password: MANAGER.password }));
    const { secret } = valueOf(await t.call(session, 'twoFactor.beginEnrolment', {}));
    expect(errorOf(await t.call(session, 'twoFactor.confirmEnrolment', { code: '123456' === secret ? '654321' : '123456' })).code).toBe('BAD_TWO_FACTOR_CODE');
    expect(t.db.prepare('SELECT count(*) AS n FROM two_factor').get()).toEqual({ n: 0 });
    valueOf(await t.call(session, 'auth.signOut', {}));
    valueOf(await t.call(session, 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    expect(errorOf(await t.call(session, 'twoFactor.confirmEnrolment', { code: '123456' })).code).toBe('CONFLICT');
  });
});

describe('the secret at rest', () => {
  it('is stored encrypted: the database files hold neither the base32 secret nor its bytes', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const { secret, base32 } = await enrolTwoFactor(t, session, MANAGER.password);
    const { secret_enc: sealed } = t.db.prepare('SELECT secret_enc FROM two_factor').get() as { secret_enc: string };
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    t.db.pragma('wal_checkpoint(PASSIVE)');
    const needles = [base32, base32.toLowerCase(), Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')].map((n) => Buffer.from(n));
    needles.push(Buffer.from(secret));
    for (const file of readdirSync(t.dataDir)) {
      const bytes = readFileSync(path.join(t.dataDir, file));
      for (const needle of needles) expect(bytes.includes(needle), `${file} holds the secret`).toBe(false);
    }
  });

  it('cannot be opened with another keychain key: a clear error, and recovery codes still work', async () => {
    const first = backend();
    const { session } = await first.setUpManager();
    const { secret, recoveryCodes } = await enrolTwoFactor(first, session, MANAGER.password);
    first.close();

    // The same data folder on a machine whose keychain holds another key.
    const otherService = `vigie-test-other-${randomBytes(3).toString('hex')}`;
    const otherKeychain = testSecretStore(otherService);
    await otherKeychain.set(TOTP_KEY_NAME, randomBytes(32).toString('base64'));
    const moved = backend({ dataDir: first.dataDir, secrets: otherKeychain, clock: first.clock });
    const wrongKey = errorOf(await moved.call(moved.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code: appCode(moved, secret) }));
    expect(wrongKey.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(wrongKey.message).toMatch(/key in the OS keychain .* does not open this account's two-factor secret/);
    expect(wrongKey.message).toMatch(/recovery code/);
    expect(moved.logged).toEqual([]);

    // And on one whose keychain has no key at all.
    const emptyService = `vigie-test-empty-${randomBytes(3).toString('hex')}`;
    const bare = backend({ dataDir: first.dataDir, secrets: testSecretStore(emptyService), clock: first.clock });
    const noKey = errorOf(await bare.call(bare.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code: appCode(bare, secret) }));
    expect(noKey.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(noKey.message).toMatch(/not in the OS keychain/);
    // Checking a code never creates a key (a new key would open nothing).
    expect(await testSecretStore(emptyService).get(TOTP_KEY_NAME)).toBeNull();

    expect((await bare.call(bare.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, recoveryCode: recoveryCodes[0]! })).ok).toBe(true);
  });

  it('is never written without the keychain: KEYCHAIN_UNAVAILABLE, no plaintext fallback', async () => {
    const refusing: SecretStore = {
      service: 'vigie-test-refusing',
      get: async () => {
        throw new KeychainError('no-secret-service', 'Secret Service (D-Bus): no Secret Service is running', 'Install gnome-keyring');
      },
      set: async () => {
        throw new KeychainError('no-secret-service', 'Secret Service (D-Bus): no Secret Service is running', 'Install gnome-keyring');
      },
      delete: async () => false,
      has: async () => false,
    };
    const t = backend({ secrets: refusing });
    const { session } = await t.setUpManager();
    valueOf(await t.call(session, 'auth.confirm', { password: MANAGER.password }));
    const error = errorOf(await t.call(session, 'twoFactor.beginEnrolment', {}));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/OS keychain.*no Secret Service is running.*gnome-keyring/);
    expect(session.pendingTwoFactorSecret).toBeNull();
    expect(t.db.prepare('SELECT count(*) AS n FROM two_factor').get()).toEqual({ n: 0 });
  });

  it('is the one key for every account, created once in the keychain and kept across restarts', async () => {
    const service = `vigie-test-once-${randomBytes(3).toString('hex')}`;
    const t = backend({ secrets: testSecretStore(service) });
    const { session } = await t.setUpManager();
    const { password } = await t.accountWith(session, 'second.admin', []);
    const { secret } = await enrolTwoFactor(t, session, MANAGER.password);
    const key = await testSecretStore(service).get(TOTP_KEY_NAME);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    t.close();

    // The app starts again (a new store object, nothing cached) and the second admin enrols first.
    const restarted = backend({ dataDir: t.dataDir, secrets: testSecretStore(service), clock: t.clock });
    const other = restarted.session();
    valueOf(await restarted.call(other, 'auth.signIn', { username: 'second.admin', password }));
    await enrolTwoFactor(restarted, other, password);
    expect(await testSecretStore(service).get(TOTP_KEY_NAME)).toBe(key);
    // The first admin's secret still opens.
    expect((await restarted.call(restarted.session(), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password, code: appCode(restarted, secret) })).ok).toBe(true);
  });
});
