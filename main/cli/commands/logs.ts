// `vigie logs tail` and `vigie logs parse`: the log viewer's reading from the command line. They
// read log files only, never the data directory: they work on any machine, database or not.
//
// Decisions:
// - `--level L` keeps entries at level L or above (DEBUG < INFO < NOTICE < WARNING < ERROR <
//   CRITICAL = FATAL); entries without a level are left out when a level is asked for. The filter
//   applies to the last `-n` entries read (as the viewer filters the entries it loaded), so the
//   cost stays independent of the file's size: `-n 1000 --level ERROR` = the errors among the
//   last 1000 entries.
// - A folder: its `*.log` and `*.log.N` files (not .gz), each read backwards, merged by time;
//   text lines then name the file in brackets.
// - Text output: `timestamp level [file] logger: message`, continuation lines indented by four
//   spaces, control characters replaced; `-` stands for a missing timestamp or level.
// - JSON: one object per line with timestamp, level, logger, pid, message, file, line (null when
//   unknown, see main/logs/entries.ts), offset, format, and fields/truncated when present.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { VigieError } from '../../../shared/errors';
import { listLogFiles, mergeByTime, readEntriesForward, readLastEntries, type FileLogEntry } from '../../logs/entries';
import { isValidTimeZone, LOG_FORMATS, normalizeLevel, type LogFormat, type LogLevel } from '../../logs/formats';
import { CliError, EXIT_OK, UsageError, type CliIo, type Command, type CommandArgs } from '../command';
import { printable } from '../format';

const DEFAULT_COUNT = 1000;
const MAX_COUNT = 1_000_000;

const LEVEL_RANK: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, NOTICE: 2, WARNING: 3, ERROR: 4, CRITICAL: 5, FATAL: 5 };

function formatOption(command: Command, args: CommandArgs): LogFormat | undefined {
  const value = args.values.format;
  if (typeof value !== 'string') return undefined;
  if (!(LOG_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of: ${LOG_FORMATS.join(', ')}`, command);
  return value as LogFormat;
}

function timeZoneOption(command: Command, args: CommandArgs): string | undefined {
  const value = args.values['time-zone'];
  if (typeof value !== 'string') return undefined;
  if (!isValidTimeZone(value)) throw new UsageError(`--time-zone: unknown time zone '${printable(value)}' (an IANA name such as Europe/Paris, or UTC)`, command);
  return value;
}

/** Turns a reader's refusal into a one-line CLI error. */
async function asCli<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof VigieError) throw new CliError(error.message);
    throw error;
  }
}

function jsonLine(entry: FileLogEntry, format: LogFormat): string {
  return JSON.stringify({
    timestamp: entry.timestamp,
    level: entry.level,
    logger: entry.logger,
    pid: entry.pid,
    message: entry.message,
    file: entry.file,
    line: entry.line,
    offset: entry.offset,
    format,
    ...(entry.fields ? { fields: entry.fields } : {}),
    ...(entry.truncated ? { truncated: true } : {}),
  });
}

function textLines(entry: FileLogEntry, showFile: boolean): string {
  const [first = '', ...rest] = entry.message.split('\n');
  const head = [entry.timestamp ?? '-', entry.level ?? '-'];
  if (showFile) head.push(`[${path.basename(entry.file)}]`);
  const text = `${head.join(' ')} ${entry.logger ? `${entry.logger}: ` : ''}${first}`;
  return [text, ...rest.map((line) => `    ${line}`)].map(printable).join('\n');
}

const tail: Command = {
  name: 'logs tail',
  summary: 'Show the last entries of a log file, or of a folder of log files merged by time',
  usage: '<file|folder> [-n COUNT] [--level LEVEL] [--format FORMAT] [--time-zone TZ] [--json]',
  details:
    'The file is read backwards from its end: the cost does not grow with its size. Multi-line\n' +
    'entries (stack traces) stay together. A folder: its *.log and *.log.N files, merged by time.\n' +
    'The format is detected per file (--format to choose: ' + LOG_FORMATS.join(', ') + ').\n' +
    '--level keeps that level and above (DEBUG < INFO < NOTICE < WARNING < ERROR < CRITICAL/FATAL)\n' +
    'among the last COUNT entries. Timestamps without an offset are read in --time-zone (default:\n' +
    "this machine's zone; UTC for the Odoo server log). Does not use the data directory.",
  options: {
    n: { type: 'string', short: 'n', value: 'COUNT', description: `Number of entries (default ${DEFAULT_COUNT})` },
    level: { type: 'string', value: 'LEVEL', description: 'Keep entries at this level or above' },
    format: { type: 'string', value: 'FORMAT', description: 'Format of the files (default: detected)' },
    'time-zone': { type: 'string', value: 'TZ', description: 'Zone of timestamps written without an offset' },
    json: { type: 'boolean', description: 'One JSON object per entry and line' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const count = parseCount(args);
    const levelName = args.values.level;
    let minimum: number | undefined;
    if (typeof levelName === 'string') {
      const level = normalizeLevel(levelName);
      if (!level || /^\d+$/.test(levelName.trim())) throw new UsageError(`--level must be one of: DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, FATAL`, tail);
      minimum = LEVEL_RANK[level];
    }
    const format = formatOption(tail, args);
    const timeZone = timeZoneOption(tail, args);
    const target = path.resolve(io.cwd, args.positionals[0]!);
    const shown = printable(args.positionals[0]!);
    const isFolder = await stat(target).then(
      (s) => s.isDirectory(),
      (error: NodeJS.ErrnoException) => {
        throw new CliError(error.code === 'ENOENT' ? `${shown} does not exist` : `cannot read ${shown}: ${error.code ?? error.message}`);
      },
    );
    const options = { ...(format ? { format } : {}), ...(timeZone ? { timeZone } : {}) };
    let entries: { entry: FileLogEntry; format: LogFormat }[];
    if (isFolder) {
      const files = await asCli(() => listLogFiles(target));
      if (files.length === 0) {
        io.err(`vigie: no log files (*.log, *.log.N) in ${shown}`);
        return EXIT_OK;
      }
      const lists = await asCli(() =>
        Promise.all(files.map(async (f) => {
          const read = await readLastEntries(f.path, count, options);
          return read.entries.map((entry) => ({ entry, format: read.format, timestamp: entry.timestamp }));
        })),
      );
      entries = mergeByTime(lists, count);
    } else {
      const read = await asCli(() => readLastEntries(target, count, options));
      entries = read.entries.map((entry) => ({ entry, format: read.format }));
    }
    for (const { entry, format: entryFormat } of entries) {
      if (minimum !== undefined && (entry.level === null || LEVEL_RANK[entry.level] < minimum)) continue;
      io.out(args.values.json ? jsonLine(entry, entryFormat) : textLines(entry, isFolder));
    }
    return EXIT_OK;
  },
};

function parseCount(args: CommandArgs): number {
  const raw = args.values.n;
  if (raw === undefined) return DEFAULT_COUNT;
  const count = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) throw new UsageError(`-n must be a whole number from 1 to ${MAX_COUNT}`, tail);
  return count;
}

const parse: Command = {
  name: 'logs parse',
  summary: 'Print every entry of a log file as JSON lines (read forwards, streamed)',
  usage: '<file> --json [--format FORMAT] [--time-zone TZ]',
  details:
    'One JSON object per entry: timestamp (ISO 8601), level, logger, pid, message (continuation\n' +
    'lines after \\n), file, line (1-based line of the entry\'s first line), offset, format.\n' +
    'The file is read in chunks and entries are printed as they are parsed: any size works.\n' +
    'Does not use the data directory.',
  options: {
    json: { type: 'boolean', description: 'JSON lines output (the only output this command has; required)' },
    format: { type: 'string', value: 'FORMAT', description: 'Format of the file (default: detected)' },
    'time-zone': { type: 'string', value: 'TZ', description: 'Zone of timestamps written without an offset' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io: CliIo) {
    if (!args.values.json) throw new UsageError('logs parse writes JSON lines only: add --json', parse);
    const format = formatOption(parse, args);
    const timeZone = timeZoneOption(parse, args);
    const file = path.resolve(io.cwd, args.positionals[0]!);
    let detected: LogFormat = format ?? 'raw';
    await asCli(async () => {
      const entries = readEntriesForward(file, { ...(format ? { format } : {}), ...(timeZone ? { timeZone } : {}), onFormat: (f) => void (detected = f) });
      for await (const entry of entries) io.out(jsonLine(entry, detected));
    });
    return EXIT_OK;
  },
};

export const logsCommands: readonly Command[] = [tail, parse];
