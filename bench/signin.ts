// (c) Sign-in: latency of a correct sign-in, and the enumeration-resistance figure: a wrong
// password for a real account should take as long as an unknown username (ratio ~1.0).
// The deliberate wait after a failure (250 ms, 500 ms, … see main/services/lockout.ts) is the
// same for both and is left out, so the figures compare the work done; the account's failure
// count is reset between rounds so that it never reaches the lockout.
import { openBackend } from '../main/backend';
import { findAccountByUsername, setLockoutState } from '../main/db/accounts';
import { newSession } from '../main/ipc/session';
import { verifyPassword } from '../main/services/passwords';
import type { BenchContext } from './context';
import { median, timed, type Figure } from './measure';
import { memorySecretStore } from './secrets';

const ROUNDS = 21;

export async function signInBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const backend = openBackend({ dataDir: ctx.tempDir('signin-'), secrets: memorySecretStore(), sleep: async () => undefined, log: () => undefined });
  try {
    const manager = { username: 'bench.manager', password: 'bench manager password 123' };
    const setup = await backend.router.call(newSession('bench'), 'auth.setup', { ...manager, firstName: 'Bench', lastName: 'Manager', email: 'bench@exemple.fr' });
    if (!setup.ok) throw new Error(`setup failed: ${setup.error.message}`);

    const managerId = findAccountByUsername(backend.db!, manager.username)!.id;
    const kinds = {
      correct: { username: manager.username, password: manager.password, ok: true },
      wrongPassword: { username: manager.username, password: 'not the right password', ok: false },
      unknownUser: { username: 'nobody.here', password: 'not the right password', ok: false },
    } as const;
    const times: Record<keyof typeof kinds, number[]> = { correct: [], wrongPassword: [], unknownUser: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so that no kind always runs first (warm caches, clock drift).
      const order = (Object.keys(kinds) as (keyof typeof kinds)[]).map((_, i, all) => all[(i + round) % all.length]!);
      for (const kind of order) {
        const { ok, ...input } = kinds[kind];
        if (kind === 'wrongPassword') setLockoutState(backend.db!, managerId, { failedAttempts: 0, lockedUntil: null });
        const ms = await timed(async () => {
          const result = await backend.router.call(newSession('bench'), 'auth.signIn', input);
          if (result.ok !== ok) throw new Error(`unexpected sign-in result for ${kind}`);
        });
        if (round > 0) times[kind].push(ms); // round 0 warms up (the dummy hash is made then)
      }
    }
    const hash = findAccountByUsername(backend.db!, manager.username)!.passwordHash;
    const verifyTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) verifyTimes.push(await timed(() => verifyPassword(hash, manager.password)));

    const correct = median(times.correct);
    const wrong = median(times.wrongPassword);
    const unknown = median(times.unknownUser);
    const verify = median(verifyTimes);
    return [
      {
        benchmark: 'sign-in',
        figure: 'correct sign-in (median)',
        value: correct,
        unit: 'ms',
        yardstick: { name: 'bare argon2id verify', value: verify, unit: 'ms' },
        ratio: correct / verify,
        note: `argon2id 19 MiB, t=2, p=1; ${ROUNDS - 1} rounds`,
      },
      {
        benchmark: 'sign-in',
        figure: 'wrong password (median)',
        value: wrong,
        unit: 'ms',
        yardstick: { name: 'unknown username (median)', value: unknown, unit: 'ms' },
        ratio: wrong / unknown,
        note: 'enumeration resistance: should be close to 1.0 (the wait after a failure, equal for both, left out)',
      },
    ];
  } finally {
    backend.close();
  }
}
