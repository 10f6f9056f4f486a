// (a) Router overhead: `dashboard.counts` through router.call (validate, resolve the session's
// account, authorize, run) against the same queries called directly.
import { openBackend } from '../main/backend';
import { dashboardCounts } from '../main/db/accounts';
import { countAudit } from '../main/db/audit';
import { newSession } from '../main/ipc/session';
import { seedDemo } from '../main/services/demo';
import { callsPerSecond, type Figure } from './measure';
import type { BenchContext } from './context';
import { memorySecretStore } from './secrets';

export async function routerBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const dataDir = ctx.tempDir('router-');
  const secrets = memorySecretStore();
  const credentials = await seedDemo(dataDir, { secrets, log: () => undefined });
  const backend = openBackend({ dataDir, secrets, log: () => undefined });
  try {
    const db = backend.db!;
    const session = newSession('bench');
    const signedIn = await backend.router.call(session, 'auth.signIn', credentials);
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
    const since = () => new Date(Date.now() - 24 * 3600_000).toISOString();

    const direct = await callsPerSecond(() => dashboardCounts(db, since(), countAudit(db)));
    const routed = await callsPerSecond(async () => {
      const result = await backend.router.call(session, 'dashboard.counts', {});
      if (!result.ok) throw new Error(result.error.message);
    });
    return [
      {
        benchmark: 'router',
        figure: 'dashboard.counts through router.call',
        value: routed,
        unit: 'calls/s',
        yardstick: { name: 'same SQL called directly', value: direct, unit: 'calls/s' },
        ratio: direct / routed,
        note: 'ratio = time per routed call / time per direct call (demo data)',
      },
    ];
  } finally {
    backend.close();
  }
}
