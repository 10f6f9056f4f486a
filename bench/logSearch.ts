// Full-text log search: a generated Odoo server log of 1 GiB (256 MiB when less than 3 GiB is
// free) searched whole in the log search worker thread, as the console does, for a literal that
// occurs rarely and for a regex. Yardstick: GNU `grep -c -F` / `grep -c -E` on the same file in
// the same run (process start included; the file is in the page cache: grep runs once first).
// Targets: at most 3x grep; the process's memory under 200 MB while searching (RSS sampled
// every 50 ms; it counts the worker thread too, which shares the process).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import path from 'node:path';
import { defaultWorkersDir } from '../main/backend';
import type { LogSearchInput, LogSearchOutput } from '../main/workers/logSearch';
import { runWorker } from '../main/workers/run';
import type { BenchContext } from './context';
import { median, type Figure } from './measure';

const RUNS = 3;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARNING', 'ERROR'] as const;
const LOGGERS = ['odoo.addons.sale.models.sale_order', 'werkzeug', 'odoo.modules.registry', 'odoo.addons.base.models.ir_cron', 'odoo.sql_db'];
const LITERAL = 'LockNotAvailable';
const REGEX = 'could not (obtain|serialize) [a-z ]+ "sale_order[a-z_]*"';
const REGEX_UTF8 = 'could\\s+not obtain.{6}on';

/** About `bytes` of Odoo server log lines; one line in 20,000 is a rare lock error. */
function odooBlock(bytes: number, start: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const at = new Date(start + i * 37).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    const level = LEVELS[i % LEVELS.length]!;
    const logger = LOGGERS[i % LOGGERS.length]!;
    const message =
      i % 20_000 === 19_999 ? `bad query: psycopg2.errors.${LITERAL}: could not obtain lock on row in relation "sale_order_line"`
      : logger === 'werkzeug' ? `127.0.0.1 - - [19/Jun/2026 10:00:01] "POST /web/dataset/call_kw/sale.order/read HTTP/1.1" 200 - ${i % 40} 0.0${i % 9}3 0.0${i % 7}1`
      : `order S${String(i % 100000).padStart(5, '0')} confirmed for partner ${i % 977} (café, 日本)`;
    const line = `${at} ${1000 + (i % 64)} ${level} vigie_db ${logger}: ${message}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''), 'utf8');
}

function writeLog(file: string, bytes: number): void {
  const block = odooBlock(Math.min(bytes, 8 * MiB), Date.UTC(2026, 5, 19, 10));
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const length = Math.min(block.length, bytes - written);
      const end = length === block.length ? length : block.lastIndexOf(0x0a, length - 1) + 1 || length;
      writeSync(fd, block, 0, end);
      written += end;
      if (end < length) break;
    }
  } finally {
    closeSync(fd);
  }
}

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
    writeLog(file, bytes);
    ctx.log(`  ${sizeName} Odoo log written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const figures: Figure[] = [];
    const cases = [
      { name: `literal "${LITERAL}"`, pattern: LITERAL, regex: false, grep: ['-c', '-F', LITERAL] },
      { name: `regex /${REGEX}/`, pattern: REGEX, regex: true, grep: ['-c', '-E', REGEX] },
      // `.{4}` has no Latin-1 form (see latin1Source): this one decodes every line as UTF-8 text.
      { name: `regex /${REGEX_UTF8}/ (UTF-8 text path)`, pattern: REGEX_UTF8, regex: true, grep: ['-c', '-E', REGEX_UTF8] },
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
