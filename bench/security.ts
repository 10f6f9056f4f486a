// (e) Account security: what two-factor and the password blocklist cost.
// - a sign-in with password + TOTP code against a sign-in with the password alone;
// - Vigie's TOTP check (read the row, open the AES-GCM sealed secret, compare the codes of
//   steps -1, 0, +1 in constant time) against otpauth's bare TOTP.validate;
// - a sign-in with a recovery code, whose worst case checks the 10 unused argon2id hashes,
//   against one bare argon2id verify;
// - the common-password blocklist: its load time, and lookups against a bare Set.has.
import { readFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import { openBackend } from '../main/backend';
import { findAccountByUsername } from '../main/db/accounts';
import type { Db } from '../main/db/connection';
import { twoFactorOf } from '../main/db/twoFactor';
import type { Clock } from '../main/ipc/context';
import { newSession, type Session } from '../main/ipc/session';
import { commonPasswordListFile, commonPasswordListStats, isCommonPassword, PASSWORD_MIN_LENGTH } from '../main/services/passwordPolicy';
import { verifyPassword } from '../main/services/passwords';
import { matchingStep, openSecret, totpKey } from '../main/services/totp';
import type { BenchContext } from './context';
import { callsPerSecond, median, timed, type Figure } from './measure';
import { memorySecretStore } from './secrets';
import type { TwoFactorEnrolment } from '../shared/types';

const ROUNDS = 21;
const STEP_MS = 30_000;

/** A clock moved by hand: each TOTP sign-in needs a time step of its own (codes are single use). */
class BenchClock implements Clock {
  private current = Date.now();
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

function codeAt(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at.getTime() });
}

export async function securityBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const clock = new BenchClock();
  const secrets = memorySecretStore();
  const backend = openBackend({ dataDir: ctx.tempDir('security-'), clock, secrets, sleep: async () => undefined, log: () => undefined });
  const router = backend.router;
  const db: Db = backend.db!;
  async function call<T>(session: Session, channel: string, input: unknown): Promise<T> {
    const result = await router.call(session, channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }
  const figures: Figure[] = [];
  try {
    // A Manager (password only) and an account with two-factor on, enrolled as the profile page does.
    const manager = { username: 'bench.manager', password: 'bench manager password 123' };
    const managerSession = newSession('bench');
    await call(managerSession, 'auth.setup', { ...manager, firstName: 'Bench', lastName: 'Manager', email: 'bench@exemple.fr' });
    const totpUser = { username: 'bench.totp', password: 'bench two-factor password 456' };
    await call(managerSession, 'accounts.create', { ...totpUser, firstName: 'Bench', lastName: 'Totp', email: 'totp@exemple.fr', permissions: ['monitoring.logs'] });
    const own = newSession('bench');
    await call(own, 'auth.signIn', totpUser);
    await call(own, 'auth.confirm', { password: totpUser.password });
    const { secret } = await call<TwoFactorEnrolment>(own, 'twoFactor.beginEnrolment', {});
    const { recoveryCodes } = await call<{ recoveryCodes: string[] }>(own, 'twoFactor.confirmEnrolment', { code: codeAt(secret, clock.now()) });
    const accountId = findAccountByUsername(db, totpUser.username)!.id;

    // Sign-in with password + code vs password alone: the same rounds, the order rotated.
    const withCode: number[] = [];
    const passwordOnly: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      clock.advance(STEP_MS);
      const runs: [number[], () => Promise<unknown>][] = [
        [withCode, () => call(newSession('bench'), 'auth.signIn', { ...totpUser, code: codeAt(secret, clock.now()) })],
        [passwordOnly, () => call(newSession('bench'), 'auth.signIn', manager)],
      ];
      for (const [times, run] of round % 2 ? runs.reverse() : runs) {
        const ms = await timed(run);
        if (round > 0) times.push(ms); // round 0 warms up (the key is read from the store then)
      }
    }
    figures.push({
      benchmark: 'security',
      figure: 'sign-in with password + TOTP code (median)',
      value: median(withCode),
      unit: 'ms',
      yardstick: { name: 'sign-in with the password alone', value: median(passwordOnly), unit: 'ms' },
      ratio: median(withCode) / median(passwordOnly),
      note: `ratio = cost of the code on top of argon2id; ${ROUNDS - 1} rounds, a new time step each`,
    });

    // Vigie's TOTP check alone against otpauth's validate of the same code.
    // The next time step, so the code is also later than the last one used (as a fresh code is).
    const key = await totpKey(secrets, { create: false });
    const now = clock.now().getTime() + STEP_MS;
    const code = codeAt(secret, new Date(now));
    const vigieCheck = await callsPerSecond(() => {
      const row = twoFactorOf(db, accountId)!;
      const step = matchingStep(openSecret(key, accountId, row.secretEnc), code, now);
      if (step === null || step <= row.lastStep) throw new Error('the code should be accepted');
    });
    const bareSecret = Secret.fromBase32(secret);
    const bare = await callsPerSecond(() => {
      if (TOTP.validate({ token: code, secret: bareSecret, algorithm: 'SHA1', digits: 6, period: 30, timestamp: now, window: 1 }) === null) throw new Error('the code should match');
    });
    figures.push({
      benchmark: 'security',
      figure: 'TOTP check (row read, AES-GCM open, 3 steps compared)',
      value: 1e6 / vigieCheck,
      unit: 'µs',
      yardstick: { name: 'otpauth TOTP.validate, window 1', value: 1e6 / bare, unit: 'µs' },
      ratio: bare / vigieCheck,
      note: 'Vigie compares all 3 steps in constant time; otpauth stops at the first match',
    });

    // A recovery-code sign-in: the worst case checks every unused code (10). The codes are
    // marked unused again between rounds so that each round pays for all ten.
    const recoveryTimes: number[] = [];
    const resetCodes = db.prepare('UPDATE recovery_codes SET used_at = NULL WHERE account_id = ?');
    for (let round = 0; round < 11; round++) {
      resetCodes.run(accountId);
      const ms = await timed(() => call(newSession('bench'), 'auth.signIn', { ...totpUser, recoveryCode: recoveryCodes[round % recoveryCodes.length] }));
      if (round > 0) recoveryTimes.push(ms);
    }
    const oneHash = (db.prepare('SELECT code_hash FROM recovery_codes WHERE account_id = ? ORDER BY id LIMIT 1').get(accountId) as { code_hash: string }).code_hash;
    const verifyTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) verifyTimes.push(await timed(() => verifyPassword(oneHash, 'not-the-code')));
    figures.push({
      benchmark: 'security',
      figure: 'sign-in with a recovery code, 10 unused (median)',
      value: median(recoveryTimes),
      unit: 'ms',
      yardstick: { name: 'one bare argon2id verify', value: median(verifyTimes), unit: 'ms' },
      ratio: median(recoveryTimes) / median(verifyTimes),
      note: 'password + 10 code hashes checked at once on the libuv pool (4 threads); 10 rounds',
    });
  } finally {
    backend.close();
  }

  // The common-password blocklist. Its load happened once already (the first password chosen
  // above was checked against it); the stats keep how long it took.
  const list = commonPasswordListStats();
  const fileBytes = readFileSync(commonPasswordListFile());
  const readTimes: number[] = [];
  for (let i = 0; i < 5; i++) readTimes.push(await timed(() => readFileSync(commonPasswordListFile(), 'utf8')));
  figures.push({
    benchmark: 'security',
    figure: `common-password list load (${list.entries.toLocaleString('en')} entries kept)`,
    value: list.loadMs,
    unit: 'ms',
    yardstick: { name: `reading the ${(fileBytes.length / 1e6).toFixed(1)} MB file alone`, value: median(readTimes), unit: 'ms' },
    ratio: list.loadMs / median(readTimes),
    note: 'once per process, at the first password chosen; the yardstick reads a file already in the OS cache',
  });

  // Lookups: the list's own words and as many that are not in it, through isCommonPassword
  // (NFC, trim, lower case, then the predictable-pattern check on a miss) and a bare Set.has.
  const words = fileBytes
    .toString('utf8')
    .split('\n')
    .map((w) => w.replace(/\r$/, ''))
    .filter((w) => w.length >= PASSWORD_MIN_LENGTH && w.length <= 128);
  const probes = words.flatMap((w) => [w, `${w}-not-listed-${w.length}`]);
  const bareSet = new Set(words);
  let i = 0;
  let hits = 0;
  const lookups = await callsPerSecond(() => {
    if (isCommonPassword(probes[i++ % probes.length]!)) hits++;
  });
  let j = 0;
  let bareHits = 0;
  const bareLookups = await callsPerSecond(() => {
    if (bareSet.has(probes[j++ % probes.length]!)) bareHits++;
  });
  if (hits === 0 || bareHits === 0) throw new Error('the blocklist lookups found nothing: wrong words');
  figures.push({
    benchmark: 'security',
    figure: 'common-password lookups (half listed, half not)',
    value: lookups,
    unit: 'lookups/s',
    yardstick: { name: 'bare Set.has over the same words', value: bareLookups, unit: 'lookups/s' },
    ratio: bareLookups / lookups,
    note: 'ratio = time per isCommonPassword / time per Set.has',
  });
  return figures;
}
