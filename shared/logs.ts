// What the Logs area exchanges between main and renderer: the entry and file shapes, the
// settings, and the viewer's filter, which both sides apply the same way (the renderer on the
// entries it holds, main when it exports "the filtered entries").
import { z } from 'zod';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['odoo', 'syslog5424', 'jsonl', 'apacheError', 'nginxError', 'syslog3164', 'pythonLogging', 'log4j', 'raw'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Levels counted as errors (dashboard, "errors only"). */
export const ERROR_LEVELS: readonly LogLevel[] = ['ERROR', 'CRITICAL', 'FATAL'];

/** How many of the last entries the viewer loads: default and bounds. */
export const DEFAULT_LAST_ENTRIES = 1000;
export const MAX_LAST_ENTRIES = 100_000;

/** Default file patterns of a log folder (`.gz` files are searched, never tailed). */
export const DEFAULT_LOG_FILE_PATTERNS: readonly string[] = ['*.log', '*.log.[0-9]*', '*.gz'];

/** A rejected-imports file that an entry names (issue 6's area opens it, at the row when known). */
export interface ImportRef {
  /** The file's name inside the rejected-imports folder. */
  name: string;
  /** 1-based data row the entry names, when it names one. */
  row: number | null;
}

/** One entry as the viewer shows it. */
export interface LogEntryView {
  /** Stable and unique: `<file key>#<generation>:<offset>`; a later read of the same entry (more continuation lines) has the same id and replaces it. */
  id: string;
  /** The key of the file (LogFileView.key). */
  file: string;
  /** Byte offset of the entry's first line. */
  offset: number;
  /** 1-based line number when known (the read reached the file's start), else null. */
  line: number | null;
  /** Physical lines the entry spans. */
  lines: number;
  /** ISO 8601 with offset, or null. */
  timestamp: string | null;
  level: LogLevel | null;
  logger: string | null;
  pid: number | null;
  /** The message; continuation lines follow after '\n'. */
  message: string;
  fields?: Record<string, unknown>;
  /** A line of the entry was cut (longer than 1 MiB). */
  truncated?: true;
  /** The entry reports an import error (names a rejected file, or says the import failed). */
  importError?: true;
  /** The rejected file it names, when that file is in the rejected-imports folder. */
  importRef?: ImportRef;
}

export interface LogFileView {
  /** The file's key in every call: `<folder index>/<name>` (the name relative to its folder). */
  key: string;
  /** The folder (absolute) and the name inside it. */
  folder: string;
  name: string;
  size: number;
  modifiedAt: string;
  /** Compressed (`.gz`): searched, never tailed. */
  compressed: boolean;
  /** The format used: the admin's choice, else the detected one (null until read). */
  format: LogFormat | null;
  detectedFormat: LogFormat | null;
  /** The admin's choice for this file, if any. */
  formatOverride: LogFormat | null;
  /** IANA zone of timestamps written without an offset (the admin's choice, else the default). */
  timeZone: string;
  timeZoneOverride: string | null;
  encoding: 'utf-8' | 'latin1' | null;
  /** Why the file cannot be read now (deleted, unreadable, binary…); the UI shows it. */
  problem?: { code: string; message: string };
}

export interface LogFolderView {
  path: string;
  /** Exists, is a folder and is readable. */
  ok: boolean;
  problem?: { code: string; message: string };
}

export interface LogSettings {
  /** Absolute paths of the watched folders (default: `<dataDir>/logs`). */
  folders: string[];
  patterns: string[];
  /** How many of the last entries the viewer loads. */
  lastEntries: number;
  /** Poll instead of OS notifications (network shares). */
  polling: boolean;
  /** Default zone of timestamps without an offset ('local' = this machine's zone). */
  defaultTimeZone: string;
}

export interface LogsOverview {
  settings: LogSettings;
  folders: LogFolderView[];
  files: LogFileView[];
  /** The live-tail cursor now: `logs.tail` with it returns what is appended afterwards. */
  cursor: number;
}

export interface LogEntriesResult {
  entries: LogEntryView[];
  /** Files read, with what each gave (or why it could not be read). */
  files: { key: string; entries: number; reachedStart: boolean; problem?: { code: string; message: string } }[];
  /** The live-tail cursor at the time of the read. */
  cursor: number;
}

export type LogFileChange = 'truncated' | 'rotated' | 'removed' | 'added';

export interface LogTailResult {
  /** New entries, and entries seen before that grew (same id: replace). In file order. */
  entries: LogEntryView[];
  /** What happened to files meanwhile (the viewer says so; the file list reloads on add/remove). */
  changes: { key: string; change: LogFileChange }[];
  cursor: number;
  /** The cursor was too old (more than the buffer holds was appended): reload with logs.entries. */
  reset: boolean;
}

export interface LogContextLine {
  offset: number;
  /** Line number when known. */
  line: number | null;
  text: string;
}

export interface LogContext {
  key: string;
  lines: LogContextLine[];
  /** Index in `lines` of the entry's first line. */
  target: number;
}

export interface LogSearchHit {
  key: string;
  line: number;
  offset: number;
  text: string;
  ranges: [number, number][];
  cut?: number;
}

export interface LogSearchStatus {
  searchId: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  /** Hits found so far (all of them, even those not returned by this call). */
  found: number;
  limitReached: boolean;
  /** Hits from `from` on (at most 1000 per call). */
  hits: LogSearchHit[];
  /** Files that could not be searched. */
  errors: { key: string; code: string; message: string }[];
  problem?: { code: string; message: string };
}

export interface LogErrorCount {
  /** ERROR, CRITICAL and FATAL entries since `since`. */
  count: number;
  since: string;
  /** Reading stopped at a bound before reaching `since` in some file: at least `count`. */
  capped: boolean;
}

const levelSchema = z.enum(LOG_LEVELS);

/** The viewer's filter (all optional: an empty filter keeps every entry). */
export const logFilterSchema = z
  .object({
    levels: z.array(levelSchema).max(LOG_LEVELS.length).optional(),
    /** Entries without a level are kept when `levels` is set only if this is true. */
    includeUnleveled: z.boolean().default(true),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    files: z.array(z.string().max(4096)).max(1000).optional(),
    text: z.string().max(1000).default(''),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
    importErrorsOnly: z.boolean().default(false),
  })
  .strict();
export type LogFilter = z.input<typeof logFilterSchema>;

type FilterableEntry = Pick<LogEntryView, 'level' | 'timestamp' | 'file' | 'message' | 'logger' | 'importError'>;

/** A text or regex search; throws SyntaxError for an invalid regular expression. */
export function searchPattern(text: string, options: { regex: boolean; caseSensitive: boolean }): RegExp | null {
  if (text === '') return null;
  const source = options.regex ? text : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(source, options.caseSensitive ? 'gu' : 'giu');
}

/**
 * The predicate of a filter. Times compare as instants; an entry without a timestamp is kept by
 * a time range (it cannot be placed; hiding it would hide a stack trace's lines). The text is
 * searched in the message and the logger. Throws SyntaxError for an invalid regex.
 */
export function logFilterPredicate(filter: LogFilter): (entry: FilterableEntry) => boolean {
  const f = logFilterSchema.parse(filter);
  const levels = f.levels ? new Set<string>(f.levels) : null;
  const files = f.files ? new Set(f.files) : null;
  const from = f.from ? Date.parse(f.from) : null;
  const to = f.to ? Date.parse(f.to) : null;
  const pattern = searchPattern(f.text, f);
  const test = pattern ? new RegExp(pattern.source, pattern.flags.replace('g', '')) : null;
  return (entry) => {
    if (levels && (entry.level === null ? !f.includeUnleveled : !levels.has(entry.level))) return false;
    if (files && !files.has(entry.file)) return false;
    if (f.importErrorsOnly && !entry.importError) return false;
    if ((from !== null || to !== null) && entry.timestamp) {
      const at = Date.parse(entry.timestamp);
      if (from !== null && at < from) return false;
      if (to !== null && at > to) return false;
    }
    if (test && !test.test(entry.message) && !(entry.logger !== null && test.test(entry.logger))) return false;
    return true;
  };
}

/** [start, end) ranges of the matches of `pattern` in `text`, for highlighting (at most `max`). */
export function matchRanges(text: string, pattern: RegExp | null, max = 200): [number, number][] {
  if (!pattern) return [];
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  global.lastIndex = 0;
  const ranges: [number, number][] = [];
  for (let m = global.exec(text); m && ranges.length < max; m = global.exec(text)) {
    if (m[0].length === 0) {
      global.lastIndex++;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/**
 * A file name in a message (`…/rejected/orders-0612.csv`, `"contacts.csv"`) and the row it names,
 * if any. Names may hold spaces, so the name found may take in the words before it ("Import of
 * contacts.csv"): callers match it, then its endings after each space, against the files they know.
 */
export function importRefOf(message: string): { name: string; row: number | null } | null {
  const file = /([\w.@() -]*[\w)-]\.(?:csv|tsv|txt))\b/i.exec(message.slice(0, 4096));
  if (!file) return null;
  const name = file[1]!.trim().split(/[\\/]/).pop()!;
  const row = /\b(?:row|line|ligne|rang|行)\s*(?:n[o°º]\.?\s*)?#?\s*(\d{1,9})/i.exec(message.slice(0, 4096));
  return { name, row: row ? Number(row[1]) : null };
}

/** A message that says an import failed or was rejected, in the words platforms use. */
export function reportsImportError(message: string): boolean {
  return /\b(?:import(?:ation)?s?\b.{0,80}\b(?:fail|error|erreur|reject|échou|invalid)|reject(?:ed)?\b.{0,80}\bimport|rejet)/i.test(message.slice(0, 4096));
}

export interface LogExportResult {
  /** Where the file was written, or null when the admin cancelled the save dialog. */
  path: string | null;
  format: 'csv' | 'jsonl';
  rows: number;
  bytes: number;
}
