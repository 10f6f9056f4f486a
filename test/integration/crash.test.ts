// A writer killed with SIGKILL in the middle of its batches loses no committed batch and
// leaves no partial one: reopening finds a sound file, whole batches only, and an intact
// audit chain. The writer is a separate Node process running Vigie's real main/db code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../main/db/audit';
import { integrityProblems, openDatabase } from '../../main/db/connection';
import { makeTempDir } from '../support/tempDir';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let writerScript = '';

beforeAll(async () => {
  writerScript = path.join(makeTempDir('vigie-crash-bundle-'), 'crashWriter.cjs');
  await build({
    entryPoints: [path.join(root, 'test/support/crashWriter.ts')],
    outfile: writerScript,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
});

interface Round {
  reported: Map<number, number>;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the writer until `killAfter` batches are reported, then SIGKILLs it `delayMs` later. */
function runAndKill(dataDir: string, killAfter: number, delayMs: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, dataDir], {
      // The bundle lives in a temp dir; better-sqlite3 is found in the project's node_modules.
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported = new Map<number, number>();
    let stderr = '';
    let pending = '';
    let killing = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the writer did not report ${killAfter} batches in time; stderr: ${stderr}`));
    }, 15_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const match = /^committed (\d+) (\d+)$/.exec(line);
        if (match) reported.set(Number(match[1]), Number(match[2]));
      }
      if (!killing && reported.size >= killAfter) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': lines still in the pipe at the kill are read first. They count:
    // each was written after its commit.
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ reported, signal, stderr });
    });
  });
}

describe('crash safety', () => {
  it('keeps every committed batch whole and shows no partial batch after SIGKILL, round after round', async () => {
    const dataDir = makeTempDir('vigie-crash-');
    const allReported = new Map<number, number>();
    const rounds = 5;
    for (let round = 1; round <= rounds; round++) {
      const killAfter = 3 + Math.floor(Math.random() * 25);
      const delayMs = Math.floor(Math.random() * 30);
      const result = await runAndKill(dataDir, killAfter, delayMs);
      expect(result.signal, `round ${round} ended by itself; stderr: ${result.stderr}`).toBe('SIGKILL');
      expect(result.stderr).toBe('');
      expect(result.reported.size).toBeGreaterThanOrEqual(killAfter);
      for (const [batch, n] of result.reported) allReported.set(batch, n);

      // Reopening goes through the same checks as the app: integrity, migrations.
      const db = openDatabase(dataDir);
      try {
        expect(integrityProblems(db)).toEqual([]);
        const markers = db.prepare('SELECT batch, n FROM crash_batches ORDER BY batch').all() as { batch: number; n: number }[];
        const counts = new Map((db.prepare('SELECT batch, count(*) AS rows FROM crash_rows GROUP BY batch').all() as { batch: number; rows: number }[]).map((r) => [r.batch, r.rows]));

        // Commits are sequential, so the batches present are exactly 1..last, each whole.
        expect(markers.map((m) => m.batch)).toEqual(markers.map((_, i) => i + 1));
        for (const { batch, n } of markers) expect(counts.get(batch), `batch ${batch}`).toBe(n);
        expect([...counts.keys()].filter((b) => !markers.some((m) => m.batch === b)), 'rows of a batch without its marker').toEqual([]);
        const badPayloads = db.prepare("SELECT count(*) AS n FROM crash_rows WHERE payload NOT LIKE batch || ':' || i || ':x%'").get() as { n: number };
        expect(badPayloads.n).toBe(0);

        // No committed batch was lost.
        const present = new Map(markers.map((m) => [m.batch, m.n]));
        for (const [batch, n] of allReported) expect(present.get(batch), `reported batch ${batch}`).toBe(n);
        // At most the batch being reported when the kill came is present but unreported.
        expect(markers.length).toBeLessThanOrEqual(Math.max(...allReported.keys()) + 1);

        // The audit records were committed with their batches, and the chain is intact.
        expect(verifyAuditChain(db)).toMatchObject({ ok: true, records: markers.length });
        const audited = db.prepare("SELECT target_id FROM audit_log WHERE action = 'test.batch' ORDER BY seq").all() as { target_id: string }[];
        expect(audited.map((r) => Number(r.target_id))).toEqual(markers.map((m) => m.batch));
      } finally {
        db.close();
      }
    }
  }, 60_000);
});
