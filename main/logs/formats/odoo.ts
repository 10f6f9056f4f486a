// The Odoo server log (odoo/netsvc.py):
//   %(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s %(perf_info)s
// Odoo sets logging.Formatter.converter = time.gmtime, so its timestamps are UTC unless the
// file's time zone setting says otherwise (a site that patched it, or a syslog relay).
import { normalizeLevel } from './levels';
import { headOf } from './header';
import { isoInZone, type WallClock } from './time';
import type { ParsedLine, ParseOptions } from './types';

const ODOO_HEAD = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}) (\d+) ([A-Z_]+|\?) (\S+) (\S+): ?/;
// Query count, query time, remaining time, as netsvc's format_perf writes them ("%d %.3f %.3f").
// Matched against the last characters of the message only, so the pattern stays cheap.
const PERF_TAIL = / (\d+) (\d+\.\d{3}) (\d+\.\d{3})$/;

export const ODOO_DEFAULT_TIME_ZONE = 'UTC';

export function parseOdooLine(text: string, options: ParseOptions): ParsedLine | null {
  const m = ODOO_HEAD.exec(headOf(text));
  if (!m) return null;
  const w: WallClock = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millisecond: Number(m[7]),
  };
  const fields: Record<string, unknown> = {};
  if (m[10] !== '?') fields.db = m[10];
  // Outside a request perf_info is empty and the line ends with the separator's space.
  let message = text.slice(m[0].length).trimEnd();
  const tail = PERF_TAIL.exec(message.slice(-48));
  if (tail) {
    fields.perf = { queries: Number(tail[1]), queryTime: Number(tail[2]), remainingTime: Number(tail[3]) };
    message = message.slice(0, message.length - tail[0].length);
  }
  // Older versions also write DEBUG_RPC, DEBUG_SQL…: the part before the underscore is the level.
  const level = m[9] === '?' ? null : normalizeLevel((m[9] ?? '').split('_')[0] ?? '');
  return {
    timestamp: isoInZone(w, options.timeZone ?? ODOO_DEFAULT_TIME_ZONE),
    level,
    logger: m[11] ?? null,
    pid: Number(m[8]),
    message,
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}
