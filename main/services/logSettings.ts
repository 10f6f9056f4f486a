// The Logs area's settings: the watched folders, the file patterns, how many of the last
// entries the viewer loads, polling and the default time zone (setting `logs.settings`), and the
// admin's per-file choices of format and zone (setting `logs.fileOptions`, keyed by absolute
// path). Both are read at every call: the database is the truth, the monitor follows it.
//
// Time zones. A zone of 'local' is this machine's zone. When neither the file nor the setting
// names a zone ('local', the default), no zone is passed to the parsers, which then apply
// their own default: the machine's zone, except for the Odoo server log, which Odoo writes in
// UTC. The monitor (live tail) and the reads here get the same options from `fileReadOptions`,
// so a tailed entry and the same entry read again carry the same timestamp.
import path from 'node:path';
import type { ChannelParsedInput } from '../../shared/contract';
import { VigieError, type FieldError } from '../../shared/errors';
import { DEFAULT_LAST_ENTRIES, DEFAULT_LOG_FILE_PATTERNS, LOG_FORMATS, MAX_LAST_ENTRIES, type LogFormat, type LogSettings } from '../../shared/logs';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/settings';
import { globToRegExp } from '../logs/entries';
import { isValidTimeZone } from '../logs/formats';
import { ODOO_DEFAULT_TIME_ZONE } from '../logs/formats/odoo';
import { localTimeZone } from '../logs/formats/time';
import type { MonitorConfig } from '../logs/monitor';

export const LOG_SETTINGS_KEY = 'logs.settings';
export const LOG_FILE_OPTIONS_KEY = 'logs.fileOptions';

export interface FileChoice {
  format?: LogFormat;
  timeZone?: string;
}

export function defaultLogSettings(dataDir: string): LogSettings {
  return {
    folders: [path.join(dataDir, 'logs')],
    patterns: [...DEFAULT_LOG_FILE_PATTERNS],
    lastEntries: DEFAULT_LAST_ENTRIES,
    polling: false,
    defaultTimeZone: 'local',
  };
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.trim() !== '');

/** The stored settings, each field falling back to its default when missing or unusable. */
export function readLogSettings(db: Db, dataDir: string): LogSettings {
  const defaults = defaultLogSettings(dataDir);
  const stored = readSetting(db, LOG_SETTINGS_KEY);
  if (!stored || typeof stored !== 'object') return defaults;
  const s = stored as Partial<Record<keyof LogSettings, unknown>>;
  return {
    folders: isStringList(s.folders) && s.folders.every((f) => path.isAbsolute(f)) ? s.folders : defaults.folders,
    patterns: isStringList(s.patterns) ? s.patterns : defaults.patterns,
    lastEntries: typeof s.lastEntries === 'number' && Number.isInteger(s.lastEntries) && s.lastEntries >= 1 && s.lastEntries <= MAX_LAST_ENTRIES ? s.lastEntries : defaults.lastEntries,
    polling: typeof s.polling === 'boolean' ? s.polling : defaults.polling,
    defaultTimeZone: typeof s.defaultTimeZone === 'string' && validZone(s.defaultTimeZone) ? s.defaultTimeZone : defaults.defaultTimeZone,
  };
}

/** The admin's per-file choices, by absolute path (entries that do not make sense are skipped). */
export function readFileChoices(db: Db): Record<string, FileChoice> {
  const stored = readSetting(db, LOG_FILE_OPTIONS_KEY);
  const out: Record<string, FileChoice> = {};
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return out;
  for (const [file, value] of Object.entries(stored as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const v = value as { format?: unknown; timeZone?: unknown };
    const choice: FileChoice = {};
    if (typeof v.format === 'string' && (LOG_FORMATS as readonly string[]).includes(v.format)) choice.format = v.format as LogFormat;
    if (typeof v.timeZone === 'string' && validZone(v.timeZone)) choice.timeZone = v.timeZone;
    if (choice.format || choice.timeZone) out[file] = choice;
  }
  return out;
}

export function writeFileChoices(db: Db, choices: Record<string, FileChoice>, now: string): void {
  writeSetting(db, LOG_FILE_OPTIONS_KEY, choices, now);
}

export function validZone(zone: string): boolean {
  return zone === 'local' || isValidTimeZone(zone);
}

/** 'local' as this machine's IANA zone. */
export function resolveZone(zone: string): string {
  return zone === 'local' ? localTimeZone() : zone;
}

/**
 * The format and zone a file is read with: the admin's choice, else detection (format) and the
 * default zone (see the head of this file for 'local').
 */
export function fileReadOptions(settings: LogSettings, choice: FileChoice | undefined): { format?: LogFormat; timeZone?: string } {
  const zone = choice?.timeZone ?? (settings.defaultTimeZone === 'local' ? undefined : settings.defaultTimeZone);
  return {
    ...(choice?.format ? { format: choice.format } : {}),
    ...(zone !== undefined ? { timeZone: resolveZone(zone) } : {}),
  };
}

/** The zone the viewer shows for a file read with `options` in `format`. */
export function shownZone(options: { timeZone?: string }, format: LogFormat | null): string {
  return options.timeZone ?? (format === 'odoo' ? ODOO_DEFAULT_TIME_ZONE : localTimeZone());
}

/** What the monitor is started (or restarted) with, from the stored settings. */
export function monitorConfigOf(db: Db, dataDir: string): MonitorConfig {
  const settings = readLogSettings(db, dataDir);
  const choices = readFileChoices(db);
  return {
    folders: settings.folders,
    patterns: settings.patterns,
    polling: settings.polling,
    fileOptions: (filePath) => fileReadOptions(settings, choices[filePath]),
  };
}

/** A pattern names files inside a folder: no separator, no `..`, and a glob we can compile. */
function patternProblem(pattern: string): string | null {
  if (/[/\\]/.test(pattern)) return 'a pattern names files inside the folder: no / or \\';
  if (pattern === '.' || pattern === '..') return 'not a file name pattern';
  if (pattern.includes('\0')) return 'a pattern cannot hold a NUL character';
  try {
    globToRegExp(pattern);
  } catch {
    return 'not a valid file name pattern';
  }
  return null;
}

/**
 * The settings as they will be stored: folders absolute (resolved, duplicates dropped),
 * patterns that name files, a zone that exists. INVALID_INPUT names each wrong field.
 */
export function checkLogSettings(input: ChannelParsedInput<'logs.settings.update'>): LogSettings {
  const fields: FieldError[] = [];
  input.folders.forEach((folder, i) => {
    if (!path.isAbsolute(folder)) fields.push({ path: `folders.${i}`, code: 'not_absolute', message: `${folder} is not an absolute path` });
    else if (folder.includes('\0')) fields.push({ path: `folders.${i}`, code: 'invalid_path', message: 'a path cannot hold a NUL character' });
  });
  input.patterns.forEach((pattern, i) => {
    const problem = patternProblem(pattern);
    if (problem) fields.push({ path: `patterns.${i}`, code: 'invalid_pattern', message: problem });
  });
  if (!validZone(input.defaultTimeZone)) fields.push({ path: 'defaultTimeZone', code: 'invalid_time_zone', message: `unknown time zone: ${input.defaultTimeZone}` });
  if (fields.length > 0) throw new VigieError('INVALID_INPUT', 'invalid log settings', fields);
  return {
    folders: [...new Set(input.folders.map((f) => path.resolve(f)))],
    patterns: [...new Set(input.patterns)],
    lastEntries: input.lastEntries,
    polling: input.polling,
    defaultTimeZone: input.defaultTimeZone,
  };
}

/** The fields that differ, as {field: {before, after}} for the audit record. */
export function settingsChanges(before: LogSettings, after: LogSettings): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof LogSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}
