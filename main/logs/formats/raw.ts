// Lines of no known format: each line is an entry, with the best timestamp found near its
// start and a level when one is written plainly (a level word in brackets, in capitals, or as
// level=… as logfmt writes it). Lowercase words in prose ("no error found") are not levels.
import { normalizeLevel, type LogLevel } from './levels';
import { fractionToMs, isoInZone, localTimeZone, MONTHS, parseOffset, readIsoLike, currentYear, isoWithOffset, type WallClock } from './time';
import type { ParsedLine, ParseOptions } from './types';

/** How far into the line a timestamp or level is looked for. */
const SEARCH_WINDOW = 200;

// Unanchored but run on a bounded window, with no nested quantifiers: linear.
const ISO_ANYWHERE = /(?:^|[^\d])(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})/;
const SLASHED = /(?:^|[^\d])(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
// Common log format (access logs): 19/Jun/2026:10:00:01 +0200
const CLF = /(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-]\d{4}))?/;
const BSD = /(?:^|[^\w])([A-Z][a-z]{2}) ([ \d]?\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\d{4}))?/;
const LEVEL_WORDS = 'TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERR|ERROR|SEVERE|CRIT|CRITICAL|ALERT|EMERG|FATAL|PANIC';
const LEVEL_BRACKETED = new RegExp(`[[<(](${LEVEL_WORDS})[\\]>)]`, 'i');
const LEVEL_KEY = /\b(?:level|severity|lvl)=["']?([A-Za-z]{3,9}|\d{1,2})\b/i;
const LEVEL_CAPITALS = new RegExp(`(?:^|[^\\w])(${LEVEL_WORDS})(?![\\w])`);

export function findTimestamp(window: string, options: ParseOptions): string | null {
  const zone = options.timeZone ?? localTimeZone();
  const iso = ISO_ANYWHERE.exec(window);
  if (iso) {
    const start = iso.index + iso[0].length - (iso[1]?.length ?? 0);
    const found = readIsoLike(window.slice(start), zone);
    if (found?.timestamp) return found.timestamp;
  }
  const slashed = SLASHED.exec(window);
  if (slashed) {
    const [, y, mo, d, h, mi, s, f] = slashed;
    const ts = isoInZone({ year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millisecond: fractionToMs(f) }, zone);
    if (ts) return ts;
  }
  const clf = CLF.exec(window);
  if (clf) {
    const month = MONTHS[(clf[2] ?? '').toLowerCase()];
    if (month !== undefined) {
      const w: WallClock = { year: Number(clf[3]), month, day: Number(clf[1]), hour: Number(clf[4]), minute: Number(clf[5]), second: Number(clf[6]), millisecond: 0 };
      const offset = clf[7] === undefined ? null : parseOffset(clf[7]);
      const ts = offset === null ? isoInZone(w, zone) : isoWithOffset(w, offset);
      if (ts) return ts;
    }
  }
  const bsd = BSD.exec(window);
  if (bsd) {
    const month = MONTHS[(bsd[1] ?? '').toLowerCase()];
    if (month !== undefined) {
      const year = bsd[7] !== undefined ? Number(bsd[7]) : (options.year ?? currentYear(zone));
      const w: WallClock = { year, month, day: Number(bsd[2]), hour: Number(bsd[3]), minute: Number(bsd[4]), second: Number(bsd[5]), millisecond: fractionToMs(bsd[6]) };
      return isoInZone(w, zone);
    }
  }
  return null;
}

export function findLevel(window: string): LogLevel | null {
  const m = LEVEL_BRACKETED.exec(window) ?? LEVEL_KEY.exec(window) ?? LEVEL_CAPITALS.exec(window);
  return m?.[1] ? normalizeLevel(m[1]) : null;
}

export function parseRawLine(text: string, options: ParseOptions): ParsedLine {
  const window = text.length > SEARCH_WINDOW ? text.slice(0, SEARCH_WINDOW) : text;
  return { timestamp: findTimestamp(window, options), level: findLevel(window), logger: null, pid: null, message: text };
}
