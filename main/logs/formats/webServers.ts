// Error logs of the web servers in front of the platform. Both write local time without an
// offset, so the file's time zone setting applies.
//   Apache 2.4: [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1234:tid 5678] [client 1.2.3.4:5] AH00037: message
//   Apache 2.2: [Wed Oct 11 14:32:52 2000] [error] [client 1.2.3.4] message
//   nginx:      2026/06/19 10:00:01 [error] 1234#0: *5 open() "/x" failed (2: No such file or directory), client: …
import { normalizeLevel } from './levels';
import { headOf } from './header';
import { fractionToMs, isoInZone, localTimeZone, MONTHS, type WallClock } from './time';
import type { ParsedLine, ParseOptions } from './types';

const APACHE_HEAD =
  /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]?\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\] \[(?:([\w-]+):)?(\w+)\](?: \[pid (\d+)(?::tid (\d+))?\])?(?: \[client ([^\]\s]{1,80})\])? ?/;

export function parseApacheErrorLine(text: string, options: ParseOptions): ParsedLine | null {
  const m = APACHE_HEAD.exec(headOf(text));
  if (!m) return null;
  const month = MONTHS[(m[1] ?? '').toLowerCase()];
  const level = normalizeLevel(m[9] ?? '');
  if (month === undefined || level === null) return null;
  const w: WallClock = {
    year: Number(m[7]), month, day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]), millisecond: fractionToMs(m[6]),
  };
  const fields: Record<string, unknown> = {};
  if (m[11] !== undefined) fields.tid = Number(m[11]);
  if (m[12] !== undefined) fields.client = m[12];
  return {
    timestamp: isoInZone(w, options.timeZone ?? localTimeZone()),
    level,
    logger: m[8] ?? null,
    pid: m[10] !== undefined ? Number(m[10]) : null,
    message: text.slice(m[0].length),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}

const NGINX_HEAD = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?/;

export function parseNginxErrorLine(text: string, options: ParseOptions): ParsedLine | null {
  const m = NGINX_HEAD.exec(headOf(text));
  if (!m) return null;
  const level = normalizeLevel(m[7] ?? '');
  if (level === null) return null;
  const w: WallClock = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millisecond: 0,
  };
  const fields: Record<string, unknown> = { tid: Number(m[9]) };
  if (m[10] !== undefined) fields.connection = Number(m[10]);
  return {
    timestamp: isoInZone(w, options.timeZone ?? localTimeZone()),
    level,
    logger: 'nginx',
    pid: Number(m[8]),
    message: text.slice(m[0].length),
    fields,
  };
}
