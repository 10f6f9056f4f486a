// Log inspection: the last 1000 lines of a generated Odoo server log of 1 GiB, read backwards
// from the end (readLastLines). Targets: at most 2x the time on a 1 MiB log (the cost does not
// grow with the file's size) and within 50 ms in-process. Yardstick: GNU `tail -n 1000` on the
// same file, process start included. The files are in the page cache (just written), as a log
// that the server keeps writing is.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import path from 'node:path';
import { readLastLines } from '../main/logs/tailReader';
import type { BenchContext } from './context';
import { median, type Figure } from './measure';

const LINES = 1000;
const RUNS = 21;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARNING', 'ERROR'] as const;
const LOGGERS = ['odoo.addons.sale.models.sale_order', 'werkzeug', 'odoo.modules.registry', 'odoo.addons.base.models.ir_cron', 'odoo.sql_db'];

/** About `bytes` of Odoo server log lines (ending with a whole line), timestamps from `start`. */
function odooBlock(bytes: number, start: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const at = new Date(start + i * 37).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    const level = LEVELS[i % LEVELS.length]!;
    const logger = LOGGERS[i % LOGGERS.length]!;
    const message =
      logger === 'werkzeug'
        ? `127.0.0.1 - - [19/Jun/2026 10:00:01] "POST /web/dataset/call_kw/sale.order/read HTTP/1.1" 200 - ${i % 40} 0.0${i % 9}3 0.0${i % 7}1`
        : `order S${String(i % 100000).padStart(5, '0')} confirmed for partner ${i % 977} (café, 日本)`;
    const line = `${at} ${1000 + (i % 64)} ${level} vigie_db ${logger}: ${message}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''), 'utf8');
}

/** Writes a log of `bytes` in 8 MiB blocks (one generated block, written again and again). */
function writeLog(file: string, bytes: number): void {
  const block = odooBlock(Math.min(bytes, 8 * MiB), Date.UTC(2026, 5, 19, 10));
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const length = Math.min(block.length, bytes - written);
      // The last block is cut on a line end so that the file ends with a whole line.
      const end = length === block.length ? length : block.lastIndexOf(0x0a, length - 1) + 1 || length;
      writeSync(fd, block, 0, end);
      written += end;
      if (end < length) break;
    }
  } finally {
    closeSync(fd);
  }
}

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
    writeLog(small, MiB);
    writeLog(large, largeBytes);
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
