// Timestamps as the viewer merges and shows them: ISO 8601 with milliseconds and an offset.
// Files write local wall-clock time without an offset more often than not; the file's time
// zone setting (an IANA name) says which instant that was, daylight saving time included.

/** A wall-clock time as written in a log line; month is 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

let machineZone: string | undefined;

/** The machine's own zone, the default for files without an offset (read once: Intl is slow to ask). */
export function localTimeZone(): string {
  machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return machineZone;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "123456" (microseconds) or "12" → milliseconds; log lines carry 0 to 9 fraction digits. */
export function fractionToMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  return Number((fraction + '00').slice(0, 3));
}

function validWallClock(w: WallClock): boolean {
  return (
    w.year >= 1970 && w.year <= 9999 && w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= 31 &&
    w.hour <= 23 && w.minute <= 59 && w.second <= 60 && w.millisecond <= 999
  );
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function formatIso(w: WallClock, offsetMinutes: number): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(w.millisecond, 3)}${offsetText(offsetMinutes)}`;
}

/** A wall-clock time that came with its own offset (minutes east of UTC). Null if out of range. */
export function isoWithOffset(w: WallClock, offsetMinutes: number): string | null {
  if (!validWallClock(w)) return null;
  // A leap second is shown as the last second of its minute rather than rolled into the next.
  return formatIso({ ...w, second: Math.min(w.second, 59) }, offsetMinutes);
}

/** "Z", "+02:00", "+0200", "-05" → minutes east of UTC; null if unreadable. */
export function parseOffset(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
// Offsets per zone and wall-clock hour: a 100,000-entry file asks a few hundred distinct
// hours, and Intl's formatToParts is the slow part of parsing otherwise.
const offsetCache = new Map<string, number>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Minutes east of UTC in `zone` at the instant `utcMs`. */
function offsetAt(zone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/**
 * A wall-clock time read in `zone` ('UTC' or an IANA name). In the hour repeated when clocks go
 * back, the earlier instant is taken; a time skipped when clocks go forward is read with the
 * offset in force before the change. Throws RangeError on an unknown zone (settings validate
 * with isValidTimeZone).
 */
export function isoInZone(w: WallClock, zone: string): string | null {
  if (!validWallClock(w)) return null;
  if (zone === 'UTC' || zone === 'Etc/UTC') return isoWithOffset(w, 0);
  const key = `${zone}|${w.year}-${w.month}-${w.day}T${w.hour}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const before = offsetAt(zone, asUtc - 86_400_000 / 2);
    const first = offsetAt(zone, asUtc - before * 60000);
    offset = first === before ? before : offsetAt(zone, asUtc - first * 60000) === first ? first : before;
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return isoWithOffset(w, offset);
}

/** Epoch seconds or milliseconds (pino writes ms, some writers seconds with a fraction) → ISO in UTC. */
export function isoFromEpoch(value: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const ms = value < 1e11 ? value * 1000 : value;
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999 ? null : d.toISOString();
}

// Anchored at the start, fixed-width fields: linear on any input.
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?( ?(?:Z|[+-]\d{2}(?::?\d{2})?))?/;

/** The leading ISO-like timestamp of `text` ("2026-06-19T10:00:01.123+02:00", "2026-06-19 10:00:01,123"). */
export function readIsoLike(text: string, zone: string): { timestamp: string | null; length: number } | null {
  const m = ISO_LIKE.exec(text);
  if (!m) return null;
  const w: WallClock = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millisecond: fractionToMs(m[7]),
  };
  const offset = m[8] === undefined ? null : parseOffset(m[8].trim());
  const timestamp = offset === null ? isoInZone(w, zone) : isoWithOffset(w, offset);
  return { timestamp, length: m[0].length };
}

const yearCache = new Map<string, { year: number; until: number }>();

/** The year of "now" in `zone`, for syslog lines that carry none; asked at most once a minute. */
export function currentYear(zone: string): number {
  const now = Date.now();
  const cached = yearCache.get(zone);
  if (cached && cached.until > now) return cached.year;
  const part = formatterFor(zone).formatToParts(new Date(now)).find((p) => p.type === 'year');
  const year = part ? Number(part.value) : new Date(now).getUTCFullYear();
  yearCache.set(zone, { year, until: now + 60_000 });
  return year;
}
