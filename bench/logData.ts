// Generated Odoo server logs for the log benchmarks: one block of realistic lines (werkzeug
// requests with their perf figures, business messages with accents and CJK), written again and
// again up to the size wanted, so a 1 GiB file takes about two seconds.
import { closeSync, openSync, writeSync } from 'node:fs';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARNING', 'ERROR'] as const;
const LOGGERS = ['odoo.addons.sale.models.sale_order', 'werkzeug', 'odoo.modules.registry', 'odoo.addons.base.models.ir_cron', 'odoo.sql_db'];

/**
 * About `bytes` of Odoo server log lines (ending with a whole line), timestamps from `start`.
 * `special(i)` may give the message of line i instead (a rare error a search looks for).
 */
function odooBlock(bytes: number, start: number, special?: (i: number) => string | null): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const at = new Date(start + i * 37).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    const level = LEVELS[i % LEVELS.length]!;
    const logger = LOGGERS[i % LOGGERS.length]!;
    const message =
      special?.(i) ??
      (logger === 'werkzeug'
        ? `127.0.0.1 - - [19/Jun/2026 10:00:01] "POST /web/dataset/call_kw/sale.order/read HTTP/1.1" 200 - ${i % 40} 0.0${i % 9}3 0.0${i % 7}1`
        : `order S${String(i % 100000).padStart(5, '0')} confirmed for partner ${i % 977} (café, 日本)`);
    const line = `${at} ${1000 + (i % 64)} ${level} vigie_db ${logger}: ${message}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''), 'utf8');
}

/** Writes a log of `bytes` in 8 MiB blocks (one generated block, written again and again). */
export function writeOdooLog(file: string, bytes: number, special?: (i: number) => string | null): void {
  const block = odooBlock(Math.min(bytes, 8 * MiB), Date.UTC(2026, 5, 19, 10), special);
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
