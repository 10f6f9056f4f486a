// (d) Cold start: openBackend on an existing database with a 100,000-record audit trail
// (pragmas, PRAGMA integrity_check, migrations check, router), against the integrity check
// alone on a bare connection: a ratio near 1 means start-up costs what the check costs.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { openBackend } from '../main/backend';
import { dbPath } from '../main/db/connection';
import { TRAIL_RECORDS, trailDataDir } from './audit';
import type { BenchContext } from './context';
import { median, timed, type Figure } from './measure';

export async function coldStartBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const dataDir = trailDataDir(ctx);
  const file = dbPath(dataDir);
  const opens: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    opens.push(
      await timed(() => {
        const backend = openBackend({ dataDir, log: () => undefined });
        if (!backend.db) throw new Error(`cannot open: ${backend.health().problem}`);
        backend.close();
      }),
    );
    bare.push(
      await timed(() => {
        const db = new Database(file, { readonly: true });
        db.pragma('integrity_check');
        db.close();
      }),
    );
  }
  const megabytes = statSync(file).size / 1e6;
  return [
    {
      benchmark: 'cold start',
      figure: `openBackend, ${TRAIL_RECORDS.toLocaleString('en')} audit records (${megabytes.toFixed(1)} MB)`,
      value: median(opens),
      unit: 'ms',
      yardstick: { name: 'PRAGMA integrity_check alone', value: median(bare), unit: 'ms' },
      ratio: median(opens) / median(bare),
      note: 'includes PRAGMA integrity_check; file in the OS cache; median of 5',
    },
  ];
}
