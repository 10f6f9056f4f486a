// Times, sizes and names in the Logs area, in the admin's language and time zone.
import type { LogLevel } from '../../../shared/logs';
import type { Language } from '../../i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, kind: 'row' | 'full'): Intl.DateTimeFormat {
  const key = `${language}:${kind}`;
  let format = formats.get(key);
  if (!format) {
    format =
      kind === 'row'
        ? new Intl.DateTimeFormat(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' })
        : new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'long', hourCycle: 'h23' });
    formats.set(key, format);
  }
  return format;
}

/** "19/06 10:00:01,123" in the admin's zone (the list's column). */
export function rowTime(iso: string | null, language: Language): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatter(language, 'row').format(at);
}

/** The full date and time with the zone, and the milliseconds (detail panel). */
export function fullTime(iso: string, language: Language): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = formatter(language, 'full').formatToParts(at);
  // Milliseconds matter in logs: put them after the seconds.
  const ms = String(at.getMilliseconds()).padStart(3, '0');
  let text = '';
  let secondsSeen = false;
  for (const part of parts) {
    text += part.value;
    if (part.type === 'second' && !secondsSeen) {
      secondsSeen = true;
      text += `${language === 'fr' ? ',' : '.'}${ms}`;
    }
  }
  return text;
}

/** The admin's zone as a short offset ("UTC+1") and its name ("Europe/Paris"). */
export function adminZone(language: Language): { offset: string; name: string } {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  let offset = name;
  try {
    offset = new Intl.DateTimeFormat(language, { timeZoneName: 'shortOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? name;
  } catch {
    // Older engines: the zone's name says it.
  }
  return { offset, name };
}

/** "1,5 Mo", "12 KB", "3 GB". */
export function formatBytes(bytes: number, language: Language): string {
  const units = language === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

export function levelClass(level: LogLevel | null): string {
  return level ? `log-level log-level-${level.toLowerCase()}` : 'log-level log-level-none';
}

/** A file key `<folder index>/<name>` without its folder index. */
export function nameOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(slash + 1);
}

/** The zones offered in the settings ('local' and 'UTC' first). */
export function timeZoneChoices(): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?(key: string): string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  return ['local', 'UTC', ...zones.filter((z) => z !== 'UTC')];
}

/** 'local', 'UTC' or a zone this engine knows. */
export function isTimeZone(value: string): boolean {
  if (value === 'local') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
