// `vigie rejected list <folder>` and `vigie rejected show <file>`: the rejected-imports viewer's
// reading from the command line. Like the log commands they read files only, never the data
// directory: they work on any machine, with or without a database.
//
// Decisions:
// - Each file is indexed in this process (main/imports/csv/indexer.ts, the code the viewer's
//   worker runs): row and error counts are exact, and any size works (the file is streamed).
// - list: the folder's regular files by name (hidden files, subfolders, links leading out of
//   it and the sidecars `<name>.errors.json|csv` of a file left out). --json: one JSON object
//   per file and line (as `vigie logs tail --json`): name, size, modified, rows, errors,
//   delimiter, encoding, importType, header, and `problem` for a file that cannot be read
//   (the counts are then null). Exit 1 when some file cannot be read.
// - show: one JSON document with --json (header, rows as arrays of strings, encoding, delimiter,
//   the errors found in the rows shown, the error groups of the whole file, the file's
//   problems); written a row per line, so a large file streams out and the whole output still
//   parses as one JSON value. Text: a table of the rows (cells cut at 40 characters, line
//   breaks shown as ↵), then the errors. Rows are numbered from 1 after the header.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VigieError } from '../../../shared/errors';
import { CSV_DELIMITERS, lineEndName, type CsvChoice, type CsvDelimiter, type CsvEncoding } from '../../imports/csv/detect';
import { isSidecarOf, type CsvRowError } from '../../imports/csv/errors';
import { buildCsvIndex, type CsvIndex } from '../../imports/csv/indexer';
import { errorsOfRows, readRows } from '../../imports/csv/rows';
import { CliError, EXIT_OK, EXIT_PROBLEM, UsageError, type CliIo, type Command, type CommandArgs } from '../command';
import { formatTable, printable } from '../format';

const ENCODINGS: readonly CsvEncoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'shift_jis'];
const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
/** Rows read from the file at a time. */
const WINDOW = 1000;
const TEXT_ROWS = 50;
const TEXT_CELL = 40;

function delimiterOption(command: Command, value: unknown): CsvDelimiter | undefined {
  if (typeof value !== 'string') return undefined;
  const byName = (Object.entries(DELIMITER_NAMES) as [CsvDelimiter, string][]).find(([, name]) => name === value.toLowerCase())?.[0];
  const found = byName ?? (value === '\\t' ? '\t' : (CSV_DELIMITERS as readonly string[]).includes(value) ? (value as CsvDelimiter) : undefined);
  if (!found) throw new UsageError(`--delimiter must be one of: , ; | tab (or comma, semicolon, pipe)`, command);
  return found;
}

function encodingOption(command: Command, value: unknown): CsvEncoding | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.toLowerCase().replace(/^latin-?1$|^cp1252$/, 'windows-1252').replace(/^sjis$|^shift-jis$/, 'shift_jis').replace(/^utf8$/, 'utf-8');
  if (!(ENCODINGS as readonly string[]).includes(key)) throw new UsageError(`--encoding must be one of: ${ENCODINGS.join(', ')}`, command);
  return key as CsvEncoding;
}

function choiceOf(command: Command, args: CommandArgs): CsvChoice {
  const delimiter = delimiterOption(command, args.values.delimiter);
  const encoding = encodingOption(command, args.values.encoding);
  if (args.values.header && args.values['no-header']) throw new UsageError('--header and --no-header cannot go together', command);
  const hasHeader = args.values.header ? true : args.values['no-header'] ? false : undefined;
  return { ...(delimiter ? { delimiter } : {}), ...(encoding ? { encoding } : {}), ...(hasHeader !== undefined ? { hasHeader } : {}) };
}

const CHOICE_OPTIONS = {
  delimiter: { type: 'string', value: 'D', description: 'Delimiter instead of the detected one: , ; | tab' },
  encoding: { type: 'string', value: 'ENC', description: `Encoding instead of the detected one: ${ENCODINGS.join(', ')}` },
  header: { type: 'boolean', description: 'The first row is a header (default: detected)' },
  'no-header': { type: 'boolean', description: 'The first row is data' },
} as const;

function whole(command: Command, args: CommandArgs, name: string, min: number): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number of ${min} or more`, command);
  return value;
}

function missing(target: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  return new CliError(`${printable(target)}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}`);
}

/** The rejected files of a folder (see the head of the file), by name. */
async function filesOf(folder: string, shown: string): Promise<{ name: string; file: string }[]> {
  let real: string;
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw new CliError(`${printable(shown)} is not a folder (vigie rejected show reads one file)`);
    real = await realpath(folder);
    names = await readdir(real);
  } catch (error) {
    throw error instanceof CliError ? error : missing(shown, error);
  }
  const all = new Set(names);
  const files: { name: string; file: string }[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') || isSidecarOf(name, all)) continue;
    try {
      const file = await realpath(path.join(real, name));
      if (path.dirname(file) !== real || !(await stat(file)).isFile()) continue;
      files.push({ name, file });
    } catch {
      // a dangling link, or removed meanwhile
    }
  }
  return files;
}

const list: Command = {
  name: 'rejected list',
  summary: 'List the rejected CSV files of a folder: rows, errors, delimiter, encoding, import type',
  usage: '<folder> [--json]',
  details:
    'Each file is read whole (streamed): its rows and rows with errors are counted (error column\n' +
    '`error`/`erreur`…, sidecar <name>.errors.json|csv, ragged rows, quotes). Sidecars are not\n' +
    'listed as files. --json: one object per file and line: name, size, modified, rows, errors,\n' +
    'delimiter, encoding, importType, header, problem. Exit 1 when a file cannot be read.\n' +
    'Does not use the data directory.',
  options: { json: { type: 'boolean', description: 'One JSON object per file and line' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const shown = args.positionals[0]!;
    const files = await filesOf(path.resolve(io.cwd, shown), shown);
    if (files.length === 0) {
      io.err(`vigie: no files in ${printable(shown)}`);
      return EXIT_OK;
    }
    const json = args.values.json === true;
    const table: string[][] = [];
    const problems: string[] = [];
    for (const { name, file } of files) {
      const info = await stat(file);
      const base = { name, size: info.size, modified: new Date(info.mtimeMs).toISOString() };
      try {
        const index = await buildCsvIndex(file);
        const d = index.detection;
        const entry = { ...base, rows: index.rowCount, errors: index.errorRows.length, delimiter: d.delimiter, encoding: d.encoding, importType: d.importType, header: d.hasHeader };
        if (json) io.out(JSON.stringify(entry));
        else table.push([name, info.size.toLocaleString('en'), base.modified.slice(0, 19).replace('T', ' '), index.rowCount.toLocaleString('en'), index.errorRows.length.toLocaleString('en'), DELIMITER_NAMES[d.delimiter], d.encoding + (d.bomBytes ? ' (BOM)' : ''), d.importType ?? '-']);
      } catch (error) {
        if (!(error instanceof VigieError)) throw error;
        problems.push(error.message);
        if (json) io.out(JSON.stringify({ ...base, rows: null, errors: null, delimiter: null, encoding: null, importType: null, header: null, problem: error.message }));
        else table.push([name, info.size.toLocaleString('en'), base.modified.slice(0, 19).replace('T', ' '), '-', '-', '-', '-', '-']);
      }
    }
    if (!json) {
      io.out(formatTable(['NAME', 'SIZE', 'MODIFIED (UTC)', 'ROWS', 'ERRORS', 'DELIMITER', 'ENCODING', 'TYPE'], table));
      for (const p of problems) io.err(`vigie: ${p}`);
    }
    return problems.length ? EXIT_PROBLEM : EXIT_OK;
  },
};

/** A cell for a terminal table: line breaks as ↵, cut at TEXT_CELL characters. */
function shortCell(cell: string): string {
  const flat = cell.replace(/\r\n|\r|\n/g, '↵');
  return flat.length > TEXT_CELL ? `${flat.slice(0, TEXT_CELL - 1)}…` : flat;
}

function errorJson(index: CsvIndex, e: CsvRowError) {
  return { row: e.row, column: e.column === null ? (e.columnName ?? null) : (index.header[e.column] ?? `#${e.column + 1}`), columnIndex: e.column, message: e.message, source: e.source };
}

const show: Command = {
  name: 'rejected show',
  summary: 'Show the rows of a rejected CSV file with their errors (detected encoding and delimiter)',
  usage: '<file> [--json] [--from ROW] [--limit N] [--delimiter D] [--encoding ENC] [--header|--no-header]',
  details:
    'The file is indexed (streamed), then the rows asked for are read. Rows are numbered from 1\n' +
    'after the header. --json: one JSON document: file, size, modified, encoding, bom,\n' +
    'delimiter, lineEnd, header (null without one), importType, rowCount, errorRows, from, rows\n' +
    '(arrays of strings), errors ({row, column, columnIndex, message, source} of the rows shown),\n' +
    'groups (errors of the whole file by message), problems, sidecar. Every row by default with\n' +
    `--json, the first ${TEXT_ROWS} in text. Does not use the data directory.`,
  options: {
    json: { type: 'boolean', description: 'One JSON document (a row per line)' },
    from: { type: 'string', value: 'ROW', description: 'First row shown (default 1)' },
    limit: { type: 'string', value: 'N', description: `Rows shown (default: all with --json, ${TEXT_ROWS} in text)` },
    ...CHOICE_OPTIONS,
  },
  positionals: { min: 1, max: 1 },
  async run(args, io: CliIo) {
    const from = (whole(show, args, 'from', 1) ?? 1) - 1;
    const json = args.values.json === true;
    const limit = whole(show, args, 'limit', 0) ?? (json ? Number.MAX_SAFE_INTEGER : TEXT_ROWS);
    const choice = choiceOf(show, args);
    const shown = args.positionals[0]!;
    const file = path.resolve(io.cwd, shown);
    const info = await stat(file).catch((error: unknown) => {
      throw missing(shown, error);
    });
    if (info.isDirectory()) throw new CliError(`${printable(shown)} is a folder (vigie rejected list reads a folder)`);
    let index: CsvIndex;
    try {
      index = await buildCsvIndex(file, { choice });
    } catch (error) {
      if (error instanceof VigieError) throw new CliError(error.message);
      throw error;
    }
    const d = index.detection;
    const end = Math.min(index.rowCount, from + limit);
    const errors: CsvRowError[] = [];
    const read = async (each: (rows: string[][], first: number) => void) => {
      for (let at = from; at < end; ) {
        const rows = await readRows(file, index, at, Math.min(WINDOW, end - at));
        if (rows.length === 0) break;
        for (const list of errorsOfRows(index, at, rows)) errors.push(...list);
        each(rows, at);
        at += rows.length;
      }
    };
    try {
      if (json) {
        const head = {
          file: path.basename(file),
          size: index.size,
          modified: new Date(index.mtimeMs).toISOString(),
          encoding: d.encoding,
          bom: d.bomBytes > 0,
          delimiter: d.delimiter,
          lineEnd: lineEndName(d.lineEnd),
          header: d.hasHeader ? index.header : null,
          importType: d.importType,
          rowCount: index.rowCount,
          errorRows: index.errorRows.length,
          from: from + 1,
        };
        io.out(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
        let firstLine = true;
        await read((rows) => {
          for (const row of rows) {
            io.out(`${firstLine ? '' : ','}${JSON.stringify(row)}`);
            firstLine = false;
          }
        });
        const tail = {
          errors: errors.map((e) => errorJson(index, e)),
          groups: index.groups,
          problems: index.problems,
          ...(index.stopped ? { stopped: index.stopped.message } : {}),
          sidecar: index.sidecar ? { name: index.sidecar.name, format: index.sidecar.format, count: index.sidecar.count, problems: index.sidecar.problems } : null,
        };
        io.out(`],${JSON.stringify(tail).slice(1)}`);
        return EXIT_OK;
      }
      const encoding = `${d.encoding}${d.bomBytes ? ' with BOM' : ''}`;
      io.out(
        `${printable(path.basename(file))}: ${index.rowCount.toLocaleString('en')} row${index.rowCount === 1 ? '' : 's'}, ${index.errorRows.length.toLocaleString('en')} with errors; ` +
          `${encoding}, ${DELIMITER_NAMES[d.delimiter]}-separated, ${d.lineEnd === '\r\n' ? 'CRLF' : d.lineEnd === '\r' ? 'CR' : 'LF'}; ` +
          `${d.hasHeader ? 'header' : 'no header'}${d.importType ? `; looks like an import of ${d.importType}` : ''}`,
      );
      const table: string[][] = [];
      await read((rows, first) => rows.forEach((row, i) => table.push([String(first + i + 1), ...row.map(shortCell)])));
      const width = Math.max(d.hasHeader ? index.header.length : 0, ...table.map((r) => r.length - 1));
      const header = ['ROW', ...Array.from({ length: width }, (_, i) => (d.hasHeader && index.header[i] !== undefined ? shortCell(index.header[i]!) : `#${i + 1}`))];
      if (table.length) io.out(`\n${formatTable(header, table)}`);
      if (end < index.rowCount) io.out(`… ${(index.rowCount - end).toLocaleString('en')} more row${index.rowCount - end === 1 ? '' : 's'} (--from, --limit, --json)`);
      if (errors.length) {
        io.out('\nErrors:');
        for (const e of errors) {
          const column = e.column === null ? (e.columnName ?? null) : (index.header[e.column] ?? `#${e.column + 1}`);
          // `email: invalid` already names its column.
          const named = column !== null && e.message.toLowerCase().startsWith(`${column.toLowerCase()}:`);
          io.out(printable(`  row ${e.row}${column && !named ? `, ${column}` : ''}: ${e.message} (${e.source})`));
        }
      }
      if (index.stopped) io.err(`vigie: ${index.stopped.message}`);
      for (const p of index.sidecar?.problems ?? []) io.err(`vigie: ${p}`);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof VigieError) throw new CliError(error.message);
      throw error;
    }
  },
};

export const rejectedCommands: readonly Command[] = [list, show];
