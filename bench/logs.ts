// Log inspection: the last 1000 lines of a generated Odoo server log of 1 GiB, read backwards
// from the end (readLastLines). Targets: at most 2x the time on a 1 MiB log (the cost does not
// grow with the file's size) and within 50 ms in-process. Yardstick: GNU `tail -n 1000` on the
// same file, process start included. The files are in the page cache (just written), as a log
// that the server keeps writing is.
import { execFileSync } from 'node:child_process';
import { rmSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { readLastLines } from '../main/logs/tailReader';
import type { BenchContext } from './context';
import { GiB, MiB, writeOdooLog } from './logData';
import { median, type Figure } from './measure';

const LINES = 1000;
const RUNS = 21;


async function timeTail(file: string): Promise<number> {
  for (let i = 0; i < 3; i++) await readLastLines(file, LINES);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const tail = await readLastLines(file, LINES);
    times.push(performance.now() - t);
    if (tail.lines.length !== LINES) throw new Error(`expected ${LINES} lines, read ${tail.lines.length}`);
  }
  return median(times);
}

export async function logsBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const dir = ctx.tempDir('logs-');
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const largeBytes = free >= 3 * GiB ? GiB : 256 * MiB;
  const largeName = largeBytes === GiB ? '1 GiB' : '256 MiB (less than 3 GiB free)';
  const small = path.join(dir, 'small.log');
  const large = path.join(dir, 'large.log');
  try {
    const started = performance.now();
    writeOdooLog(small, MiB);
    writeOdooLog(large, largeBytes);
    ctx.log(`  logs of 1 MiB and ${largeName} written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const smallMs = await timeTail(small);
    const largeMs = await timeTail(large);
    const tailTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      execFileSync('tail', ['-n', String(LINES), large], { maxBuffer: 64 * MiB });
      tailTimes.push(performance.now() - t);
    }
    const gnuTailMs = median(tailTimes);
    const figure = `last ${LINES} lines of a ${largeName} Odoo log, median of ${RUNS}`;
    return [
      {
        benchmark: 'logs',
        figure,
        value: largeMs,
        unit: 'ms',
        yardstick: { name: `same on a 1 MiB log`, value: smallMs, unit: 'ms' },
        ratio: largeMs / smallMs,
        note: 'target: at most 2x (the cost does not grow with the file size); readLastLines, 64 KiB chunks read backwards',
      },
      {
        benchmark: 'logs',
        figure,
        value: largeMs,
        unit: 'ms',
        yardstick: { name: `GNU tail -n ${LINES} (process included)`, value: gnuTailMs, unit: 'ms' },
        ratio: largeMs / gnuTailMs,
      },
      {
        benchmark: 'logs',
        figure,
        value: largeMs,
        unit: 'ms',
        yardstick: { name: 'target', value: 50, unit: 'ms' },
        ratio: largeMs / 50,
        note: 'lines only, as bytes decoded to text; parsing entries comes on top',
      },
    ];
  } finally {
    rmSync(small, { force: true });
    rmSync(large, { force: true });
  }
}
