// Full-text log search: a generated Odoo server log of 1 GiB (256 MiB when less than 3 GiB is
// free) searched whole in the log search worker thread, as the console does, for a literal that
// occurs rarely and for a regex. Yardstick: GNU `grep -c -F` / `grep -c -E` on the same file in
// the same run (process start included; the file is in the page cache: grep runs once first).
// Targets: at most 3x grep; the process's memory under 200 MB while searching (RSS sampled
// every 50 ms; it counts the worker thread too, which shares the process).
import { execFileSync } from 'node:child_process';
import { rmSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { defaultWorkersDir } from '../main/backend';
import type { LogSearchInput, LogSearchOutput } from '../main/workers/logSearch';
import { runWorker } from '../main/workers/run';
import type { BenchContext } from './context';
import { GiB, MiB, writeOdooLog } from './logData';
import { median, type Figure } from './measure';

const RUNS = 3;
const LITERAL = 'LockNotAvailable';
/** One line in 20,000 is a rare lock error. */
const RARE_LOCK_ERROR = (i: number): string | null => (i % 20_000 === 19_999 ? `bad query: psycopg2.errors.${LITERAL}: could not obtain lock on row in relation "sale_order_line"` : null);
const REGEX = 'could not (obtain|serialize) [a-z ]+ "sale_order[a-z_]*"';
const REGEX_UTF8 = 'could\\s+not obtain.{6}on';


function grepCount(args: string[], file: string): { ms: number; count: number } {
  const t = performance.now();
  const out = execFileSync('grep', [...args, file], { encoding: 'utf8' });
  return { ms: performance.now() - t, count: Number(out.trim()) };
}

async function workerSearch(file: string, pattern: string, regex: boolean): Promise<{ ms: number; count: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const t = performance.now();
  try {
    let streamed = 0;
    const output = await runWorker<LogSearchInput, LogSearchOutput>(
      { workersDir: defaultWorkersDir(), databaseFile: '' },
      'logSearch',
      { files: [file], pattern, regex, caseSensitive: true, maxMatches: 1e9 },
      { onPartial: (batch) => (streamed += (batch as { matches: unknown[] }).matches.length) },
    );
    if (streamed !== output.matches) throw new Error(`streamed ${streamed} matches, counted ${output.matches}`);
    return { ms: performance.now() - t, count: output.matches, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

export async function logSearchBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const dir = ctx.tempDir('log-search-');
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const bytes = free >= 3 * GiB ? GiB : 256 * MiB;
  const sizeName = bytes === GiB ? '1 GiB' : '256 MiB (less than 3 GiB free)';
  const file = path.join(dir, 'odoo.log');
  try {
    const started = performance.now();
    writeOdooLog(file, bytes, RARE_LOCK_ERROR);
    ctx.log(`  ${sizeName} Odoo log written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const figures: Figure[] = [];
    const cases = [
      { name: `literal "${LITERAL}"`, pattern: LITERAL, regex: false, grep: ['-c', '-F', LITERAL] },
      { name: `regex /${REGEX}/`, pattern: REGEX, regex: true, grep: ['-c', '-E', REGEX] },
      // `.{4}` has no Latin-1 form (see latin1Source): this one decodes every line as UTF-8 text.
      { name: `regex /${REGEX_UTF8}/ (required literal found by bytes, then the regex)`, pattern: REGEX_UTF8, regex: true, grep: ['-c', '-E', REGEX_UTF8] },
    ];
    let peakRss = 0;
    const baseRss = process.memoryUsage().rss;
    for (const c of cases) {
      grepCount(c.grep, file); // page cache
      const greps: number[] = [];
      const ours: number[] = [];
      let counts = '';
      let casePeak = 0;
      for (let i = 0; i < RUNS; i++) {
        const g = grepCount(c.grep, file);
        greps.push(g.ms);
        const w = await workerSearch(file, c.pattern, c.regex);
        ours.push(w.ms);
        peakRss = Math.max(peakRss, w.peakRss);
        casePeak = Math.max(casePeak, w.peakRss);
        if (w.count !== g.count) throw new Error(`${c.name}: ${w.count} matching lines, grep counts ${g.count}`);
        counts = `${w.count.toLocaleString('en')} matching lines`;
      }
      const value = median(ours);
      const grepMs = median(greps);
      figures.push({
        benchmark: 'log search',
        figure: `${c.name} in a ${sizeName} log (worker thread, median of ${RUNS})`,
        value,
        unit: 'ms',
        yardstick: { name: `grep ${c.grep.slice(0, 2).join(' ')} (process included)`, value: grepMs, unit: 'ms' },
        ratio: value / grepMs,
        note: `target: at most 3x; ${counts}; ${(bytes / MiB / (value / 1000)).toFixed(0)} MiB/s; peak RSS ${(casePeak / MiB).toFixed(0)} MiB`,
      });
    }
    figures.push({
      benchmark: 'log search',
      figure: 'peak process RSS while searching (main + worker thread)',
      value: peakRss / MiB,
      unit: 'MiB',
      yardstick: { name: 'target', value: 200, unit: 'MiB' },
      ratio: peakRss / MiB / 200,
      note: `RSS before the searches: ${(baseRss / MiB).toFixed(0)} MiB; sampled every 50 ms`,
    });
    return figures;
  } finally {
    rmSync(file, { force: true });
  }
}
