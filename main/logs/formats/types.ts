// The shapes shared by the log format parsers. Kept apart from ../formats.ts so that each
// parser can import them without importing the others.
import type { LogLevel } from './levels';

import type { LogFormat } from '../../../shared/logs';

export type { LogFormat };

/** One log entry: a line that starts an entry and the continuation lines that follow it. */
export interface LogEntry {
  /** ISO 8601 with milliseconds and an offset ('Z' for UTC); null when the line carries no usable time. */
  timestamp: string | null;
  level: LogLevel | null;
  /** Logger, module or program name, as the file names it. */
  logger: string | null;
  pid: number | null;
  /** The message; continuation lines (stack traces) follow it after '\n', as written. */
  message: string;
  /** 1-based number of the entry's first line in the file. */
  line: number;
  /** Physical lines the entry spans. */
  lines: number;
  /** What else the line says: extra JSON fields, Odoo's database and perf figures, syslog host. */
  fields?: Record<string, unknown>;
}

/** What a parser makes of the line that starts an entry. */
export type ParsedLine = Partial<Omit<LogEntry, 'line' | 'lines'>> & { message: string };

export interface ParseOptions {
  /**
   * IANA zone (or 'UTC') of timestamps written without an offset; by default the machine's own
   * zone, except for the Odoo server log whose default is UTC (see odoo.ts).
   */
  timeZone?: string;
  /** Year of RFC 3164 syslog timestamps, which have none; by default the current year. */
  year?: number;
}
