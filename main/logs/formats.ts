// Log entries from the lines of a log file, whatever wrote it: which format a file is in, what
// one line says, and how lines group into entries (a stack trace stays with the line that
// reported it). Pure functions: the readers (tail, search, CLI) bring the lines.
//
// Contract with the readers: lines come without their terminator, "\r\n" or "\n" alike (the
// reader strips the '\r' of CRLF files), already decoded to strings, numbered from 1.
import { LOG_FORMATS } from '../../shared/logs';
import { isContinuationLine, isPythonExceptionLine } from './formats/continuation';
import { parseJsonLine } from './formats/jsonLines';
import { parseLeveledTextLine, type Flavour } from './formats/leveledText';
import { parseOdooLine } from './formats/odoo';
import { parseRawLine } from './formats/raw';
import { parseSyslog3164Line, parseSyslog5424Line } from './formats/syslog';
import type { LogEntry, LogFormat, ParsedLine, ParseOptions } from './formats/types';
import { parseApacheErrorLine, parseNginxErrorLine } from './formats/webServers';

export { LOG_LEVELS, normalizeLevel, type LogLevel } from './formats/levels';
export { isValidTimeZone } from './formats/time';
export type { LogEntry, LogFormat, ParseOptions } from './formats/types';

/** Every format, most specific first: detection breaks ties in this order. */
export { LOG_FORMATS };

const PARSERS: Record<Exclude<LogFormat, 'raw'>, (text: string, options: ParseOptions) => ParsedLine | null> = {
  odoo: parseOdooLine,
  jsonl: parseJsonLine,
  syslog3164: parseSyslog3164Line,
  syslog5424: parseSyslog5424Line,
  apacheError: parseApacheErrorLine,
  nginxError: parseNginxErrorLine,
  pythonLogging: leveledText,
  log4j: leveledText,
};

function leveledText(text: string, options: ParseOptions): ParsedLine | null {
  const parsed = parseLeveledTextLine(text, options);
  if (!parsed) return null;
  const { flavour: _flavour, ...line } = parsed;
  return line;
}

/**
 * What a line says if it starts an entry in `format`; null when it continues the entry above
 * (a stack trace line, an indented or blank line, a line that does not fit the format).
 */
export function parseLine(format: LogFormat, text: string, options: ParseOptions = {}): ParsedLine | null {
  if (isContinuationLine(text)) return null;
  return format === 'raw' ? parseRawLine(text, options) : PARSERS[format](text, options);
}

/** Lines looked at to recognise a format. */
export const DETECTION_SAMPLE = 50;
/** Share of the sampled entry lines a format must read for the file not to be raw. */
const DETECTION_THRESHOLD = 0.4;

/**
 * The format of a file from its first lines: each family scores the lines it reads as entry
 * starts; the best score wins, ties going to the most specific format. Python logging and log4j
 * share one header reader, so they are told apart by what their headers look like (a Java
 * logger or [thread] versus " - name - LEVEL - "); when nothing tells, Python wins, being what
 * the platform itself runs. Raw when no format reads enough of the lines.
 */
export function detectFormat(sampleLines: readonly string[]): LogFormat {
  const candidates = sampleLines.filter((line) => !isContinuationLine(line)).slice(0, DETECTION_SAMPLE);
  if (candidates.length === 0) return 'raw';
  // A fixed zone and year: detection only asks whether lines parse, and must not depend on the machine.
  const options: ParseOptions = { timeZone: 'UTC', year: 2000 };
  const scores = new Map<LogFormat, number>();
  const add = (format: LogFormat): void => void scores.set(format, (scores.get(format) ?? 0) + 1);
  for (const line of candidates) {
    for (const format of ['odoo', 'syslog5424', 'jsonl', 'apacheError', 'nginxError', 'syslog3164'] as const) {
      if (PARSERS[format](line, options)) add(format);
    }
    const leveled = parseLeveledTextLine(line, options);
    if (leveled) {
      const flavour: Flavour = leveled.flavour;
      if (flavour !== 'java') add('pythonLogging');
      if (flavour !== 'python') add('log4j');
    }
  }
  let best: LogFormat = 'raw';
  let bestScore = 0;
  for (const format of LOG_FORMATS) {
    const score = scores.get(format) ?? 0;
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return bestScore >= candidates.length * DETECTION_THRESHOLD ? best : 'raw';
}

export interface GroupOptions extends ParseOptions {
  /**
   * Longest entry, in lines. A file read with the wrong format has no entry starts and would
   * otherwise become one entry; past this many lines a new (raw) entry begins.
   */
  maxLinesPerEntry?: number;
}

const DEFAULT_MAX_LINES_PER_ENTRY = 1000;

/**
 * Lines grouped into entries, in file order. A line that does not start an entry continues the
 * previous one; lines before the first entry start (a traceback whose header line is above
 * the part read) become one raw entry.
 */
export function* groupEntries(lines: Iterable<{ text: string; line: number }>, format: LogFormat, options: GroupOptions = {}): Generator<LogEntry> {
  const maxLines = options.maxLinesPerEntry ?? DEFAULT_MAX_LINES_PER_ENTRY;
  let current: LogEntry | null = null;
  let parts: string[] = [];
  // The previous line was a traceback frame: a following "ValueError: …" at column 0 closes it.
  let inTraceback = false;

  const finish = (): LogEntry | null => {
    if (!current) return null;
    const entry: LogEntry = { ...current, message: parts.join('\n') };
    current = null;
    parts = [];
    return entry;
  };

  for (const { text, line } of lines) {
    const closesTraceback = inTraceback && !/^\s/.test(text) && isPythonExceptionLine(text);
    const parsed = closesTraceback ? null : parseLine(format, text, options);
    if (parsed || !current || current.lines >= maxLines) {
      const done = finish();
      if (done) yield done;
      const start: ParsedLine = parsed ?? parseRawLine(text, options);
      current = {
        timestamp: start.timestamp ?? null,
        level: start.level ?? null,
        logger: start.logger ?? null,
        pid: start.pid ?? null,
        message: '',
        line,
        lines: 1,
        ...(start.fields ? { fields: start.fields } : {}),
      };
      parts = [start.message];
    } else {
      current.lines++;
      parts.push(text);
    }
    if (/^Traceback \(most recent call last\):/.test(text)) inTraceback = true;
    else if (inTraceback && !/^\s/.test(text)) inTraceback = /^(?:During handling|The above exception)/.test(text) || text.trim() === '';
  }
  const last = finish();
  if (last) yield last;
}
