// (b) The audit trail: appending records (one transaction each, as a channel's write does) and
// verifying a chain of 100,000 records, against plain inserts and `sha256sum` of the same bytes.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { appendAudit, verifyAuditChain, type AuditEntry } from '../main/db/audit';
import { openDatabase, type Db } from '../main/db/connection';
import type { BenchContext } from './context';
import { callsPerSecond, median, timed, type Figure } from './measure';

export const TRAIL_RECORDS = 100_000;
const ACTIONS = ['auth.signIn', 'auth.signInFailed', 'auth.signOut', 'account.create', 'account.update', 'settings.update'];

function sampleEntry(n: number, at: Date): AuditEntry {
  const action = ACTIONS[n % ACTIONS.length]!;
  return {
    at: at.toISOString(),
    actorId: (n % 30) + 1,
    actor: `user.${n % 30}`,
    action,
    targetType: 'account',
    targetId: String((n * 7) % 30),
    target: `user.${(n * 7) % 30}`,
    summary: action === 'account.update' ? { before: { status: 'active', email: `u${n}@exemple.fr` }, after: { status: 'locked', email: `u${n}@exemple.fr` } } : { outcome: 'ok', origin: `window:${n % 5}` },
  };
}

/** A data dir holding a 100,000-record trail; built once and shared with the cold-start benchmark. */
export function trailDataDir(ctx: BenchContext): string {
  const cached = ctx.shared.get('trail') as string | undefined;
  if (cached) return cached;
  const dataDir = ctx.tempDir('trail-');
  const db = openDatabase(dataDir);
  const start = Date.now() - 365 * 24 * 3600_000;
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) appendAudit(db, sampleEntry(n, new Date(start + n * 300_000)));
  });
  const building = performance.now();
  for (let n = 0; n < TRAIL_RECORDS; n += 10_000) batch(n, Math.min(n + 10_000, TRAIL_RECORDS));
  ctx.log(`  built a ${TRAIL_RECORDS}-record trail in ${Math.round(performance.now() - building)} ms`);
  db.close();
  ctx.shared.set('trail', dataDir);
  return dataDir;
}

/** The exact bytes verifyAuditChain hashes, one record after the other. */
function chainMaterial(db: Db): Buffer {
  const parts: string[] = [];
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<Record<string, unknown>>) {
    parts.push(JSON.stringify([row.seq, row.at, row.actor_id, row.actor, row.action, row.target_type, row.target_id, row.target, row.summary, row.prev_hash]));
  }
  return Buffer.from(parts.join(''), 'utf8');
}

export async function auditBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];

  // Append: one transaction per record, with the durability settings of the app (WAL, FULL).
  const appendDir = ctx.tempDir('append-');
  const db = openDatabase(appendDir);
  db.exec('CREATE TABLE bench_plain (at TEXT, actor_id INTEGER, actor TEXT, action TEXT, target_type TEXT, target_id TEXT, target TEXT, summary TEXT)');
  let n = 0;
  const chained = db.transaction(() => appendAudit(db, sampleEntry(n++, new Date())));
  const insertPlain = db.prepare('INSERT INTO bench_plain VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const plain = db.transaction(() => {
    const e = sampleEntry(n++, new Date());
    insertPlain.run(e.at, e.actorId, e.actor, e.action, e.targetType, e.targetId, e.target, JSON.stringify(e.summary));
  });
  const appendRate = await callsPerSecond(() => chained(), 2000);
  const plainRate = await callsPerSecond(() => plain(), 2000);
  db.close();
  figures.push({
    benchmark: 'audit',
    figure: 'append, one transaction per record',
    value: appendRate,
    unit: 'records/s',
    yardstick: { name: 'plain INSERT, one transaction each', value: plainRate, unit: 'rows/s' },
    ratio: plainRate / appendRate,
    note: 'ratio = cost of the hash chain (plain rate / chained rate); WAL, synchronous=FULL',
  });

  // Verify a 100,000-record chain.
  const trail = openDatabase(trailDataDir(ctx), { readonly: true });
  const verifyTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    verifyTimes.push(
      await timed(() => {
        const result = verifyAuditChain(trail);
        if (!result.ok || result.records !== TRAIL_RECORDS) throw new Error(`unexpected verification: ${JSON.stringify(result)}`);
      }),
    );
  }
  const material = chainMaterial(trail);
  trail.close();
  const materialFile = path.join(ctx.tempDir('sha-'), 'chain-material.bin');
  writeFileSync(materialFile, material);
  const shaTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    shaTimes.push(
      await timed(() => {
        const run = spawnSync('sha256sum', [materialFile]);
        if (run.status !== 0) throw new Error(`sha256sum failed: ${run.error?.message ?? run.stderr.toString()}`);
      }),
    );
  }
  const verifyMs = median(verifyTimes);
  const shaMs = median(shaTimes);
  figures.push({
    benchmark: 'audit',
    figure: `vigie audit verify, ${TRAIL_RECORDS.toLocaleString('en')} records`,
    value: verifyMs,
    unit: 'ms',
    yardstick: { name: `sha256sum of the same ${(material.length / 1e6).toFixed(1)} MB`, value: shaMs, unit: 'ms' },
    ratio: verifyMs / shaMs,
    note: `${Math.round((TRAIL_RECORDS * 1000) / verifyMs).toLocaleString('en')} records/s; median of 3`,
  });
  return figures;
}
