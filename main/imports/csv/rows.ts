// Rows of an indexed CSV file, read on demand: the byte range of the rows asked for (from the
// index's offsets), decoded with the file's encoding and parsed by papaparse with its
// delimiter; and the errors of those rows from every source. What the viewer's grid calls as
// it scrolls: the cost depends on the rows asked for, never on the size of the file.
//
// Positions: readRows takes 0-based positions (the grid's), the rows' numbers are position + 1
// (1-based data rows, as in errors.ts).
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { VigieError } from '../../../shared/errors';
import { decodeBytes, dropCarriageReturn, rowSplitter } from './detect';
import { columnMatcher, errorsOfCell, type CsvRowError } from './errors';
import { changedError, parseRecord, raggedMessage, rowStart, type CsvIndex, type CsvProblem } from './indexer';

/** Bytes read at most for one call: a window of very long rows comes back shorter. */
export const MAX_WINDOW_BYTES = 64 * 1024 * 1024;

export interface ReadRowsOptions {
  /** Cut longer cells (with '…'); default: whole cells. */
  maxCellChars?: number;
  maxBytes?: number;
}

async function openIndexed(file: string, index: CsvIndex): Promise<FileHandle> {
  const name = path.basename(file);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw changedError(name, 'deleted');
    const message = `Cannot read ${name}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}.`;
    throw new VigieError('FILE_ERROR', message, [{ path: 'file', code: 'unreadable', message }]);
  }
  const info = await handle.stat();
  if (info.size !== index.size || info.mtimeMs !== index.mtimeMs) {
    await handle.close();
    const message = `${name} changed since it was opened: open it again.`;
    throw new VigieError('FILE_ERROR', message, [{ path: 'file', code: 'changed', message }]);
  }
  return handle;
}

function decode(bytes: Buffer, index: CsvIndex): string {
  return decodeBytes(bytes, index.detection.encoding);
}

const quoteRowsOf = new WeakMap<CsvIndex, Map<number, CsvProblem[]>>();

/** Problems by row (quotes), for the rows an index lists. */
function problemsByRow(index: CsvIndex): Map<number, CsvProblem[]> {
  let map = quoteRowsOf.get(index);
  if (!map) {
    map = new Map();
    for (const p of index.problems) {
      if (p.row < 1) continue;
      const list = map.get(p.row);
      if (list) list.push(p);
      else map.set(p.row, [p]);
    }
    quoteRowsOf.set(index, map);
  }
  return map;
}

/** Are some rows of [first, last] (1-based) ones whose quotes the index had to repair? Then each row is parsed alone. */
function mayHaveRepairs(index: CsvIndex, first: number, last: number): boolean {
  if (index.problemCount > index.problems.length) return true;
  for (const p of index.problems) if (p.row >= first && p.row <= last && p.code === 'unclosed-quote') return true;
  return false;
}

/** Reads positions [from, end) from an open handle. */
async function readWindow(handle: FileHandle, index: CsvIndex, from: number, end: number, options: ReadRowsOptions): Promise<string[][]> {
  const maxBytes = options.maxBytes ?? MAX_WINDOW_BYTES;
  const start = rowStart(index, from);
  // A window of very long rows: as many rows as fit (at least one).
  while (end > from + 1 && rowStart(index, end) - start > maxBytes) end = from + Math.max(1, Math.floor((end - from) / 2));
  const stop = rowStart(index, end);
  const bytes = Buffer.allocUnsafe(stop - start);
  let done = 0;
  while (done < bytes.length) {
    const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  if (done < bytes.length) throw changedError(path.basename(index.file), 'changed');
  const newline = rowSplitter(index.detection.lineEnd);
  const config = { delimiter: index.detection.delimiter, newline, quoteChar: '"' } as const;
  const count = end - from;
  let rows: string[][] | null = null;
  if (!mayHaveRepairs(index, from + 1, end)) {
    const text = decode(bytes, index);
    const data = Papa.parse<string[]>(text, config).data;
    const trailing = text.endsWith(newline) ? 1 : 0;
    // Blank lines between rows give papaparse more rows: then each row alone.
    if (data.length === count + trailing) rows = data.slice(0, count);
  }
  if (!rows) {
    rows = [];
    for (let p = from; p < end; p++) {
      const text = decode(bytes.subarray(rowStart(index, p) - start, rowStart(index, p + 1) - start), index);
      rows.push(parseRecord(text, config).cells);
    }
  }
  const max = options.maxCellChars;
  for (const row of rows) {
    dropCarriageReturn(row, newline);
    if (max !== undefined) for (let i = 0; i < row.length; i++) if (row[i]!.length > max) row[i] = `${row[i]!.slice(0, max)}…`;
  }
  return rows;
}

/**
 * The cells of the rows at positions [from, from + count) (0-based; clamped to the file's
 * rows). Throws FILE_ERROR (fields[0].code 'deleted' or 'changed') when the file is no longer
 * the one indexed. Fewer rows come back when they would take more than MAX_WINDOW_BYTES.
 */
export async function readRows(file: string, index: CsvIndex, from: number, count: number, options: ReadRowsOptions = {}): Promise<string[][]> {
  const first = Math.max(0, Math.floor(from));
  const end = Math.min(index.rowCount, first + Math.max(0, Math.floor(count)));
  if (first >= end) return [];
  const handle = await openIndexed(file, index);
  try {
    return await readWindow(handle, index, first, end, options);
  } finally {
    await handle.close();
  }
}

/**
 * The rows numbered `rows` (1-based, e.g. a page of index.errorRows for "only rows with
 * errors"), read in runs of consecutive rows. Rows past the end are left out.
 */
export async function readRowList(file: string, index: CsvIndex, rows: readonly number[], options: ReadRowsOptions = {}): Promise<{ row: number; cells: string[] }[]> {
  const wanted = [...new Set(rows.filter((r) => Number.isInteger(r) && r >= 1 && r <= index.rowCount))].sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  const handle = await openIndexed(file, index);
  const out: { row: number; cells: string[] }[] = [];
  try {
    for (let i = 0; i < wanted.length; ) {
      let j = i + 1;
      while (j < wanted.length && wanted[j] === wanted[j - 1]! + 1) j++;
      for (let from = wanted[i]! - 1; from < wanted[j - 1]!; ) {
        const cells = await readWindow(handle, index, from, wanted[j - 1]!, options);
        cells.forEach((c, k) => out.push({ row: from + k + 1, cells: c }));
        from += cells.length;
      }
      i = j;
    }
  } finally {
    await handle.close();
  }
  return out;
}

/** Is 1-based `row` one with errors (binary search in index.errorRows)? */
export function rowHasErrors(index: Pick<CsvIndex, 'errorRows'>, row: number): boolean {
  const rows = index.errorRows;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = rows[mid]!;
    if (value === row) return true;
    if (value < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const matchers = new WeakMap<CsvIndex, (message: string) => number | null>();

/**
 * The errors of rows read with readRows (`from`: the position of rows[0]), one list per row:
 * the error column's messages tied to the cells they name, the sidecar's, and the file's own
 * problems (wrong number of fields, quotes). Log entries naming the file are the service's.
 */
export function errorsOfRows(index: CsvIndex, from: number, rows: readonly (readonly string[])[]): CsvRowError[][] {
  const { errorColumn, columnCount, hasHeader } = index.detection;
  let match = matchers.get(index);
  if (!match) {
    match = columnMatcher(index.header, errorColumn);
    matchers.set(index, match);
  }
  const problems = problemsByRow(index);
  return rows.map((cells, i) => {
    const row = from + i + 1;
    const errors: CsvRowError[] = [];
    if (errorColumn !== null && cells[errorColumn]) errors.push(...errorsOfCell(row, cells[errorColumn]!, match));
    for (const e of index.sidecar?.byRow.get(row) ?? []) errors.push(e);
    if (columnCount > 0 && cells.length !== columnCount) {
      errors.push({ row, column: null, message: raggedMessage(cells.length, columnCount, hasHeader), source: 'file' });
    }
    for (const p of problems.get(row) ?? []) errors.push({ row, column: null, message: p.message, source: 'file' });
    return errors;
  });
}
