// Syslog, as received (with <PRI>) and as rsyslog writes /var/log/syslog (without it).
//   RFC 3164: <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
//   rsyslog's RSYSLOG_FileFormat puts an RFC 3339 time in the same place:
//             2026-06-19T10:00:01.123456+02:00 mymachine su[123]: …
//   RFC 5424: <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] msg
import { isLevelWord, levelOfSyslogPri, normalizeLevel, type LogLevel } from './levels';
import { headOf } from './header';
import { currentYear, isoInZone, localTimeZone, MONTHS, readIsoLike, type WallClock } from './time';
import type { ParsedLine, ParseOptions } from './types';

const PRI = /^<(\d{1,3})>/;
const BSD_TIME = /^([A-Z][a-z]{2}) ([ \d]?\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
// host, then "tag[pid]: " or "tag: ". The tag stops at the first ':', '[' or space.
const HOST_TAG = /^(\S+) ([^\s:[\]]{1,64})(?:\[(\d+)\])?: ?/;
const HOST_ONLY = /^(\S+) /;

function priOf(pri: string | undefined): { level: LogLevel; facility: number } | null {
  if (pri === undefined) return null;
  const value = Number(pri);
  return value <= 191 ? { level: levelOfSyslogPri(value), facility: value >> 3 } : null;
}

/**
 * The level of a line written without PRI, as /var/log/syslog files are: a level word at the
 * start of the message ("error: …", "<warn> …", "[ERROR] …") is the best there is.
 */
function levelInMessage(message: string): LogLevel | null {
  const m = /^[[<]?([A-Za-z]{3,9})[\]>]?:? /.exec(message.slice(0, 16));
  return m?.[1] && isLevelWord(m[1]) ? normalizeLevel(m[1]) : null;
}

export function parseSyslog3164Line(text: string, options: ParseOptions): ParsedLine | null {
  let head = headOf(text);
  let offset = 0;
  const pri = PRI.exec(head);
  if (pri) {
    offset = pri[0].length;
    head = head.slice(offset);
  }
  const zone = options.timeZone ?? localTimeZone();
  let timestamp: string | null;
  let afterTime: number;
  const bsd = BSD_TIME.exec(head);
  if (bsd) {
    const month = MONTHS[(bsd[1] ?? '').toLowerCase()];
    if (month === undefined) return null;
    const w: WallClock = {
      year: options.year ?? currentYear(zone), month, day: Number(bsd[2]), hour: Number(bsd[3]), minute: Number(bsd[4]), second: Number(bsd[5]),
      millisecond: Number(((bsd[6] ?? '') + '000').slice(0, 3)),
    };
    timestamp = isoInZone(w, zone);
    afterTime = bsd[0].length;
  } else {
    // RFC 3339 time (rsyslog's high-precision file format): needs the 'T' and a following space.
    const iso = /^\d{4}-\d{2}-\d{2}T/.test(head) ? readIsoLike(head, zone) : null;
    if (!iso || head[iso.length] !== ' ') return null;
    timestamp = iso.timestamp;
    afterTime = iso.length + 1;
  }
  const rest = head.slice(afterTime);
  const tagged = HOST_TAG.exec(rest);
  const host = tagged?.[1] ?? HOST_ONLY.exec(rest)?.[1];
  // Without a tag only the classic "Mmm dd" form is trusted: an ISO time followed by a level word
  // is a log4j or Python line, not syslog.
  if (!host || isLevelWord(host) || (!tagged && !bsd)) return null;
  const headerLength = offset + afterTime + (tagged ? tagged[0].length : host.length + 1);
  const message = text.slice(headerLength);
  const p = priOf(pri?.[1]);
  const fields: Record<string, unknown> = { host };
  if (p) fields.facility = p.facility;
  return {
    timestamp,
    level: p?.level ?? levelInMessage(message),
    logger: tagged?.[2] ?? null,
    pid: tagged?.[3] !== undefined ? Number(tagged[3]) : null,
    message,
    fields,
  };
}

const RFC5424_HEAD = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /;

/**
 * Structured data: "-" or one or more [id name="value" …], values escaping '"', '\' and ']'
 * with a backslash. Read by hand: a regular expression for escaped values is where
 * backtracking hides. Returns the parsed elements and where the message starts.
 */
function readStructuredData(text: string, start: number): { data: Record<string, Record<string, string>>; end: number } | null {
  const data: Record<string, Record<string, string>> = {};
  if (text[start] === '-') return { data, end: start + 1 };
  let i = start;
  while (text[i] === '[') {
    i++;
    const idEnd = scanName(text, i);
    if (idEnd === i) return null;
    const params: Record<string, string> = {};
    data[text.slice(i, idEnd)] = params;
    i = idEnd;
    while (text[i] === ' ') {
      i++;
      const nameEnd = scanName(text, i);
      if (nameEnd === i || text[nameEnd] !== '=' || text[nameEnd + 1] !== '"') return null;
      const name = text.slice(i, nameEnd);
      i = nameEnd + 2;
      let value = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (text[i] !== '"') return null;
      params[name] = value;
      i++;
    }
    if (text[i] !== ']') return null;
    i++;
  }
  return i === start ? null : { data, end: i };
}

function scanName(text: string, i: number): number {
  let j = i;
  while (j < text.length && j - i < 64 && !' =]"'.includes(text[j] ?? ' ')) j++;
  return j;
}

export function parseSyslog5424Line(text: string, options: ParseOptions): ParsedLine | null {
  const m = RFC5424_HEAD.exec(headOf(text));
  if (!m || m[2] !== '1') return null;
  const p = priOf(m[1]);
  if (!p) return null;
  const [, , , time = '-', host = '-', app = '-', procId = '-', msgId = '-'] = m;
  const sd = readStructuredData(text, m[0].length);
  if (!sd) return null;
  // The message may start with a UTF-8 byte order mark (RFC 5424 §6.4).
  const message = text.slice(sd.end).replace(/^ /, '').replace(/^\uFEFF/, '');
  const timestamp = time === '-' ? null : (readIsoLike(time, options.timeZone ?? localTimeZone())?.timestamp ?? null);
  const fields: Record<string, unknown> = { facility: p.facility };
  if (host !== '-') fields.host = host;
  if (msgId !== '-') fields.msgId = msgId;
  if (procId !== '-' && !/^\d+$/.test(procId)) fields.procId = procId;
  if (Object.keys(sd.data).length > 0) fields.structuredData = sd.data;
  return {
    timestamp,
    level: p.level,
    logger: app === '-' ? null : app,
    pid: /^\d+$/.test(procId) ? Number(procId) : null,
    message,
    fields,
  };
}
