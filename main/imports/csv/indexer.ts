// The index of a CSV file: where each row starts (byte offsets), how many rows, which rows have
// errors, which are ragged, the file's own problems, and the errors grouped by message. Built
// by streaming the file once: a quote-aware scan of the raw units finds where records end
// (scan.ts), and papaparse parses each batch of complete records (PARSE_BATCH_BYTES) for their
// fields. Rows are then read back on demand by byte range (rows.ts). Runs in the csvIndex
// worker thread for the app (background.ts) and in-process for the CLI (buildCsvIndex).
//
// Decisions:
// - Row = non-empty record after the header (see errors.ts for the numbering). rowStarts has
//   rowCount + 1 entries: the start of each data row, then the end of the last one.
// - The first rows (FIRST_ROWS, cells cut at MAX_CELL_CHARS, at most FIRST_ROWS_MAX_CHARS in
//   all) are handed over as soon as they are parsed, before the rest of the file is read;
//   progress (bytes, rows) every PROGRESS_EVERY_MS.
// - A quote never closed (to the end of the file, or over MAX_QUOTED_BYTES) does not swallow
//   the rest: its row ends at the end of the line where the quote opened, is reported
//   (`unclosed-quote`, papaparse's MissingQuotes), and the rows after it are read as usual.
// - A record longer than MAX_RECORD_BYTES (a file without line breaks, binary data after a
//   text start) stops the index there: the rows before it are kept, `stopped` says why.
// - The file deleted, replaced or changed while it is read: FILE_ERROR (fields[0].code
//   'deleted' or 'changed'), checked with each progress and at the end.
// - Memory: the read buffer (about 1 MiB, more only for a record that long), one batch's rows
//   at a time, and the index itself (8 bytes a row, 4 per error or ragged row).
// - Rows before the end: with `live` (LiveCsvIndex), each progress carries what the index
//   gained, so the viewer reads rows as far as they are indexed; `maxRows` stops early (the
//   rows around a row near the start of a huge file).
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { VigieError } from '../../../shared/errors';
import { decodeBytes, detectCsv, dropCarriageReturn, guessImportType, rowSplitter, SAMPLE_BYTES, type CsvChoice, type CsvDetection } from './detect';
import { columnMatcher, ErrorGroups, findErrorColumn, readSidecarErrors, splitErrorCell, type CsvErrorGroup, type SidecarErrors } from './errors';
import { newScanState, scanCodes, scanRecords, type Units } from './scan';

export const FIRST_ROWS = 200;
/** Cells longer than this are cut in the first rows (a runaway field, a pasted document). */
export const MAX_CELL_CHARS = 10_000;
/** The first rows together hold at most this many characters (about 2 MB to post). */
export const FIRST_ROWS_MAX_CHARS = 1_000_000;
export const PROGRESS_EVERY_MS = 100;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Text handed to papaparse at once, whatever the read size (chunkBytes). */
export const PARSE_BATCH_BYTES = 262144;
/** A quoted field longer than this is taken for a quote never closed. */
export const MAX_QUOTED_BYTES = 1024 * 1024;
/** A record longer than this stops the index (see the head of the file). */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** Problems kept with their row (all are counted). */
export const MAX_PROBLEMS = 1000;
/** Row starts are kept in chunks of this many (no copy when the index grows). */
export const ROW_CHUNK = 65_536;

export type CsvProblemCode = 'unclosed-quote' | 'bad-quote' | 'too-long' | 'encoding';

/** A problem of the file itself at a row (ragged rows are counted apart, see raggedRows). */
export interface CsvProblem {
  /** 1-based data row (0: the header). */
  row: number;
  code: CsvProblemCode;
  message: string;
}

export interface CsvFirstRows {
  detection: CsvDetection;
  header: string[];
  /** Data rows 1, 2, … as arrays of cells (cut at MAX_CELL_CHARS). */
  rows: string[][];
  /** The whole file was read (the index follows at once). */
  complete: boolean;
  size: number;
  mtimeMs: number;
}

export interface CsvProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  /** With `live`: what the index gained since the last progress (see LiveCsvIndex). */
  added?: CsvIndexAdded;
}

/** Part of an index, sent with each progress when asked for (`live`), in order. */
export interface CsvIndexAdded {
  /** Starts of the next rows (the last one, once the file is read, is the end of the last row). */
  rowStarts: Float64Array;
  errorRows: Uint32Array;
  raggedRows: Uint32Array;
  problems: CsvProblem[];
}

export interface CsvIndex {
  file: string;
  size: number;
  mtimeMs: number;
  detection: CsvDetection;
  /** The header's cells as read (empty without a header). */
  header: string[];
  rowCount: number;
  /** Byte offsets in chunks of ROW_CHUNK: rowCount + 1 entries (see rowStart). */
  rowStarts: Float64Array[];
  /** 1-based rows with at least one error (error column, sidecar, ragged, quotes), ascending. */
  errorRows: Uint32Array;
  /** 1-based rows whose number of fields is not the header's, ascending. */
  raggedRows: Uint32Array;
  counts: { errorColumnRows: number; sidecarRows: number; raggedRows: number; quoteRows: number; messages: number };
  /** The first MAX_PROBLEMS problems; `problemCount` counts them all. */
  problems: CsvProblem[];
  problemCount: number;
  /** Error messages grouped by shape, largest first (errors.ts). */
  groups: CsvErrorGroup[];
  otherMessages: number;
  sidecar: SidecarErrors | null;
  /** Set when the index stopped before the end of the file (the rows before are indexed). */
  stopped: CsvProblem | null;
  /** Every row of the file is indexed (not when `stopped`, nor when `maxRows` was reached). */
  complete: boolean;
  /** Time the index took. */
  ms: number;
}

export interface BuildOptions {
  onFirstRows?: (first: CsvFirstRows) => void;
  onProgress?: (progress: CsvProgress) => void;
  firstRows?: number;
  chunkBytes?: number;
  /** Look for a sidecar file (default true). */
  sidecar?: boolean;
  /** The admin's choice of encoding, delimiter or header, instead of what is detected. */
  choice?: CsvChoice;
  /** Send what the index gained with each progress (CsvProgress.added). */
  live?: boolean;
  /** At most one progress per this many milliseconds (default PROGRESS_EVERY_MS; tests: 0). */
  progressEveryMs?: number;
  /**
   * Stop once this many rows are indexed (a little more: the batch being parsed is finished):
   * the rows around a row near the start of a huge file, without reading all of it.
   */
  maxRows?: number;
}

/** Byte offset where data row `position` (0-based) starts; rowStart(index, rowCount) is the end of the last row. */
export function rowStart(index: Pick<CsvIndex, 'rowStarts'>, position: number): number {
  return index.rowStarts[Math.floor(position / ROW_CHUNK)]![position % ROW_CHUNK]!;
}

/** Numbers in chunks of ROW_CHUNK (no copy as it grows). */
export class OffsetList {
  readonly chunks: Float64Array[] = [];
  private current = new Float64Array(0);
  private used = ROW_CHUNK;
  count = 0;

  push(value: number): void {
    if (this.used === ROW_CHUNK) {
      this.current = new Float64Array(ROW_CHUNK);
      this.chunks.push(this.current);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.count++;
  }

  /** Values [from, count) as an array of their own. */
  since(from: number): Float64Array {
    const out = new Float64Array(this.count - from);
    for (let i = from, k = 0; i < this.count; ) {
      const chunk = this.chunks[Math.floor(i / ROW_CHUNK)]!;
      const start = i % ROW_CHUNK;
      const take = Math.min(ROW_CHUNK - start, this.count - i);
      out.set(chunk.subarray(start, start + take), k);
      i += take;
      k += take;
    }
    return out;
  }
}

/** Row numbers in an array that doubles as it grows. */
export class RowList {
  private items = new Uint32Array(1024);
  length = 0;

  push(row: number): void {
    if (this.length === this.items.length) {
      const bigger = new Uint32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = row;
  }

  /** Rows [from, length) as an array of their own (transferable). */
  since(from: number): Uint32Array {
    return this.items.slice(from, this.length);
  }

  /** A view of the rows so far (changes as rows are added). */
  view(): Uint32Array {
    return this.items.subarray(0, this.length);
  }

  /** An array of its own (transferable). */
  done(): Uint32Array {
    return this.items.slice(0, this.length);
  }
}

function fileError(name: string, error: unknown): VigieError {
  if (error instanceof VigieError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
  const message = `Cannot read ${name}: ${reason}.`;
  return new VigieError('FILE_ERROR', message, [{ path: 'file', code: code === 'ENOENT' ? 'not-found' : 'unreadable', message }]);
}

export function changedError(name: string, how: 'deleted' | 'replaced' | 'changed'): VigieError {
  const message =
    how === 'deleted'
      ? `${name} was deleted while it was being read.`
      : how === 'replaced'
        ? `${name} was replaced by another file while it was being read: open it again.`
        : `${name} changed while it was being read: open it again once it is complete.`;
  return new VigieError('FILE_ERROR', message, [{ path: 'file', code: how === 'deleted' ? 'deleted' : 'changed', message }]);
}

/** Reads until `length` bytes or the end of the file; answers the bytes read. */
async function readFully(handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, offset + done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * The first record of `text` (one row's bytes, maybe followed by blank lines) and papaparse's
 * quote error for it. A row cut after a quote never closed keeps its cells without the line
 * break that ends it.
 */
export function parseRecord(text: string, config: { delimiter: string; newline: '\n' | '\r'; quoteChar: '"' }): { cells: string[]; quotes: string | null } {
  const parsed = Papa.parse<string[]>(text, config);
  const cells = parsed.data[0] ?? [''];
  const error = parsed.errors.find((e) => e.type === 'Quotes' && e.row === 0);
  if (error?.code === 'MissingQuotes' && cells.length) cells[cells.length - 1] = cells[cells.length - 1]!.replace(/\r?\n$|\r$/, '');
  return { cells, quotes: error ? error.code : null };
}

/** The message of a row whose number of fields is not the expected one. */
export function raggedMessage(fields: number, expected: number, hasHeader: boolean): string {
  return `the row has ${fields} field${fields === 1 ? '' : 's'}; ${hasHeader ? 'the header names' : 'most rows have'} ${expected}`;
}

const cut = (cell: string) => (cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS)}…` : cell);

/** Builds the index of `file` in this thread (see the head of the file). */
export async function buildCsvIndex(file: string, options: BuildOptions = {}): Promise<CsvIndex> {
  const started = performance.now();
  const name = path.basename(file);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY);
  } catch (error) {
    throw fileError(name, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fileError(name, Object.assign(new Error('not a file'), { code: info.isDirectory() ? 'EISDIR' : 'EINVAL' }));
    const size = info.size;
    const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    await readFully(handle, sample, 0, sample.length, 0).catch((error: unknown) => {
      throw fileError(name, error);
    });
    const detection = detectCsv(sample, size <= SAMPLE_BYTES, name, options.choice);
    const sidecar = options.sidecar === false ? null : await readSidecarErrors(file, detection.header, detection.errorColumn);
    const index = await scanFile(handle, file, name, size, info.mtimeMs, detection, sidecar, options);
    // Deleted or replaced meanwhile: Linux lets an open file be read to its end.
    await checkSame(file, name, info);
    return { ...index, mtimeMs: info.mtimeMs, ms: performance.now() - started };
  } finally {
    await handle.close();
  }
}

async function checkSame(file: string, name: string, before: { dev: number; ino: number; size: number; mtimeMs: number }): Promise<void> {
  let now;
  try {
    now = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw changedError(name, 'deleted');
    throw fileError(name, error);
  }
  if (now.dev !== before.dev || now.ino !== before.ino) throw changedError(name, 'replaced');
  if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) throw changedError(name, 'changed');
}

type IndexBody = Omit<CsvIndex, 'mtimeMs' | 'ms'>;

async function scanFile(handle: FileHandle, file: string, name: string, size: number, mtimeMs: number, detected: CsvDetection, sidecar: SidecarErrors | null, options: BuildOptions): Promise<IndexBody> {
  let detection = detected;
  const wide = detection.encoding === 'utf-16le' || detection.encoding === 'utf-16be';
  const unitBytes = wide ? 2 : 1;
  const newline = rowSplitter(detection.lineEnd);
  const codes = scanCodes(detection.delimiter, newline, detection.encoding === 'shift_jis');
  const chunkBytes = Math.max(16, Math.floor((options.chunkBytes ?? DEFAULT_CHUNK_BYTES) / 2) * 2);
  const maxQuoted = MAX_QUOTED_BYTES / unitBytes;
  const maxRecord = MAX_RECORD_BYTES / unitBytes;
  const firstRowsWanted = options.firstRows ?? FIRST_ROWS;
  const papaConfig = { delimiter: detection.delimiter, newline, quoteChar: '"' } as const;
  const infoBefore = await handle.stat();

  // The read buffer: its own ArrayBuffer (offset 0), so a 16-bit view is aligned.
  let buffer = Buffer.from(new ArrayBuffer(chunkBytes * 2));
  let units: Units = wide ? new Uint16Array(buffer.buffer, 0, buffer.length / 2) : buffer;
  let bufferStart = detection.bomBytes; // file offset of buffer[0]
  let filled = 0; // bytes
  let eof = size <= detection.bomBytes;
  const state = newScanState();
  let scanAt = 0; // unit index
  let recordStart = 0; // unit index of the first record not yet handled
  const ends: number[] = [];

  const rowStarts = new OffsetList();
  const errorRows = new RowList();
  const raggedRows = new RowList();
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const counts = { errorColumnRows: 0, sidecarRows: 0, raggedRows: 0, quoteRows: 0, messages: 0 };
  const groups = new ErrorGroups();
  let stopped: CsvProblem | null = null;
  let limited = false;
  let header: string[] = [];
  let headerPending = detection.hasHeader;
  let rowCount = 0;
  let lastRowEnd = detection.bomBytes;
  // From the sample's header; set again from the header as read (a header longer than the sample).
  let columnCount = detection.columnCount;
  let errorColumn = detection.errorColumn;
  let matchColumn = errorColumn === null ? null : columnMatcher(detection.header, errorColumn);

  let firstRows: string[][] | null = options.onFirstRows ? [] : null;
  let firstChars = 0;
  const postFirstRows = (complete: boolean) => {
    if (!firstRows) return;
    options.onFirstRows!({ detection, header, rows: firstRows, complete, size, mtimeMs });
    firstRows = null;
  };
  let lastProgress = performance.now();

  // What was already sent with a progress (live).
  const sent = { rowStarts: 0, errorRows: 0, raggedRows: 0, problems: 0 };
  const progress = (bytes: number) => {
    if (!options.onProgress) return;
    let added: CsvIndexAdded | undefined;
    if (options.live) {
      added = { rowStarts: rowStarts.since(sent.rowStarts), errorRows: errorRows.since(sent.errorRows), raggedRows: raggedRows.since(sent.raggedRows), problems: problems.slice(sent.problems) };
      sent.rowStarts = rowStarts.count;
      sent.errorRows = errorRows.length;
      sent.raggedRows = raggedRows.length;
      sent.problems = problems.length;
    }
    options.onProgress({ bytes, totalBytes: size, rows: rowCount, ...(added ? { added } : {}) });
  };

  const problem = (row: number, code: CsvProblemCode, message: string) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push({ row, code, message });
    groups.add(row, message, 'file', null);
  };

  const decode = (from: number, to: number): string => {
    const a = from * unitBytes;
    const b = to * unitBytes;
    if (wide) return buffer.toString('utf16le', a, b); // big-endian input was swapped when read
    if (detection.encoding === 'utf-8') return buffer.toString('utf8', a, b);
    return decodeBytes(buffer.subarray(a, b), detection.encoding);
  };

  const isEmptyRecord = (from: number, to: number): boolean => {
    const length = to - from;
    if (length === 0) return true;
    if (length === 1) return units[from] === codes.newline || units[from] === 0x0d;
    return length === 2 && units[from] === 0x0d && units[from + 1] === 0x0a;
  };

  /** One record's fields and quote problems. */
  const handleRecord = (from: number, to: number, cells: string[], quoteError: string | null, unclosed: boolean) => {
    if (isEmptyRecord(from, to)) return;
    dropCarriageReturn(cells, newline);
    if (headerPending) {
      headerPending = false;
      header = cells.map((c) => c.trim());
      if (header.length !== detection.header.length) {
        detection = { ...detection, header, columnCount: header.length, errorColumn: findErrorColumn(header), importType: guessImportType(header) };
        columnCount = detection.columnCount;
        errorColumn = detection.errorColumn;
        matchColumn = errorColumn === null ? null : columnMatcher(header, errorColumn);
      }
      if (quoteError) problem(0, unclosed ? 'unclosed-quote' : 'bad-quote', `header: ${quoteError}`);
      return;
    }
    const row = ++rowCount;
    rowStarts.push(bufferStart + from * unitBytes);
    lastRowEnd = bufferStart + to * unitBytes;
    let hasError = false;
    if (quoteError) {
      counts.quoteRows++;
      problem(row, unclosed ? 'unclosed-quote' : 'bad-quote', quoteError);
      hasError = true;
    }
    if (cells.length !== columnCount && columnCount > 0) {
      counts.raggedRows++;
      raggedRows.push(row);
      groups.add(row, raggedMessage(cells.length, columnCount, detection.hasHeader), 'file', null);
      hasError = true;
    }
    if (errorColumn !== null) {
      const cell = cells[errorColumn];
      if (cell !== undefined && cell.trim() !== '') {
        counts.errorColumnRows++;
        hasError = true;
        for (const message of splitErrorCell(cell)) {
          counts.messages++;
          groups.add(row, message, 'column', matchColumn!(message));
        }
      }
    }
    const fromSidecar = sidecar?.byRow.get(row);
    if (fromSidecar) {
      counts.sidecarRows++;
      hasError = true;
      for (const error of fromSidecar) {
        counts.messages++;
        groups.add(row, error.message, 'sidecar', error.column, error.columnName);
      }
    }
    if (hasError) errorRows.push(row);
    if (firstRows) {
      const shown = cells.map(cut);
      firstRows.push(shown);
      for (const c of shown) firstChars += c.length;
      if (firstRows.length >= firstRowsWanted || firstChars >= FIRST_ROWS_MAX_CHARS) postFirstRows(false);
    }
  };

  const quoteMessage = (code: string | undefined) => (code === 'MissingQuotes' ? 'a quote opened in this row is never closed' : 'a quoted field has a quote inside it that does not close it (write it "")');

  /** Parses records [recordStart, ends…] with papaparse, PARSE_BATCH_BYTES at a time, and hands them over. */
  const flush = () => {
    let first = 0;
    while (first < ends.length) {
      let last = first;
      while (last + 1 < ends.length && (ends[last]! - recordStart) * unitBytes < PARSE_BATCH_BYTES) last++;
      parseBatch(first, last);
      recordStart = ends[last]!;
      first = last + 1;
    }
    ends.length = 0;
  };

  /** Records ends[first..last], the first starting at recordStart. */
  const parseBatch = (first: number, last: number) => {
    const count = last - first + 1;
    const text = decode(recordStart, ends[last]!);
    const parsed = Papa.parse<string[]>(text, papaConfig);
    const data = parsed.data;
    // A text ending with a row break gets one more, empty, row from papaparse.
    const trailing = units[ends[last]! - 1] === codes.newline ? 1 : 0;
    let from = recordStart;
    if (data.length === count + trailing) {
      const quoteErrors = new Map<number, string>();
      for (const e of parsed.errors) if (e.type === 'Quotes' && e.row !== undefined && !quoteErrors.has(e.row)) quoteErrors.set(e.row, quoteMessage(e.code));
      for (let i = 0; i < count; i++) {
        handleRecord(from, ends[first + i]!, data[i]!, quoteErrors.get(i) ?? null, false);
        from = ends[first + i]!;
      }
    } else {
      // Papaparse split the batch otherwise (a space it trims after a closing quote that the
      // scan does not know): each record alone, so rows stay where the index says.
      for (let i = first; i <= last; i++) {
        handleRecord(from, ends[i]!, ...parseOne(decode(from, ends[i]!)));
        from = ends[i]!;
      }
    }
  };

  const parseOne = (text: string): [string[], string | null, boolean] => {
    const { cells, quotes } = parseRecord(text, papaConfig);
    return [cells, quotes ? quoteMessage(quotes) : null, quotes === 'MissingQuotes'];
  };

  const filledUnits = () => filled / unitBytes;

  try {
    let firstRead = true;
    for (;;) {
      if (!eof) {
        // Room for one more chunk: move the unfinished record to the front, grow if it is that long.
        if (recordStart > 0) {
          const shift = recordStart;
          buffer.copy(buffer, 0, shift * unitBytes, filled);
          filled -= shift * unitBytes;
          bufferStart += shift * unitBytes;
          scanAt -= shift;
          if (state.quoted) state.quoteAt -= shift;
          recordStart = 0;
        }
        const want = firstRead ? Math.min(SAMPLE_BYTES, chunkBytes) : chunkBytes;
        if (buffer.length - filled < want) {
          const bigger = Buffer.from(new ArrayBuffer(Math.max(buffer.length * 2, filled + want)));
          buffer.copy(bigger, 0, 0, filled);
          buffer = bigger;
          units = wide ? new Uint16Array(buffer.buffer, 0, buffer.length / 2) : buffer;
        }
        const position = bufferStart + filled;
        const read = await readFully(handle, buffer, filled, Math.min(want, Math.max(0, size - position)), position);
        if (wide && read % 2) {
          problem(rowCount + 1, 'encoding', 'the file ends in the middle of a UTF-16 character');
        }
        const usable = wide ? read - (read % 2) : read;
        if (detection.encoding === 'utf-16be' && usable) buffer.subarray(filled, filled + usable).swap16();
        filled += usable;
        firstRead = false;
        if (position + read >= size || read < want) eof = true;
      }

      scanAt = scanRecords(units, scanAt, filledUnits(), eof, state, codes, ends);
      flush();
      if (options.maxRows !== undefined && rowCount >= options.maxRows) {
        limited = true;
        break;
      }

      if (state.quoted && (eof || filledUnits() - state.quoteAt > maxQuoted)) {
        // A quote never closed: its row ends with the line where the quote opened.
        const lineEnd = units.indexOf(codes.newline, state.quoteAt);
        const end = lineEnd >= 0 && lineEnd < filledUnits() ? lineEnd + 1 : eof ? filledUnits() : -1;
        if (end < 0) {
          stopped = { row: rowCount + 1, code: 'too-long', message: `row ${rowCount + 1} opens a quote that is not closed within ${MAX_QUOTED_BYTES / 1024 / 1024} MiB and has no line break: the rest of the file is not shown` };
          break;
        }
        const [cells] = parseOne(decode(recordStart, end));
        handleRecord(recordStart, end, cells, quoteMessage('MissingQuotes'), true);
        recordStart = end;
        scanAt = end;
        state.quoted = false;
        state.fieldStart = true;
        state.quoteAt = -1;
        continue; // scan what follows in the buffer again, as new rows
      }
      if (eof) {
        if (recordStart < filledUnits()) {
          ends.push(filledUnits());
          flush();
        }
        break;
      }
      if (!state.quoted && filledUnits() - recordStart > maxRecord) {
        stopped = { row: rowCount + 1, code: 'too-long', message: `row ${rowCount + 1} is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB (is this a CSV file?): the rest of the file is not shown` };
        break;
      }

      const now = performance.now();
      if (now - lastProgress >= (options.progressEveryMs ?? PROGRESS_EVERY_MS)) {
        lastProgress = now;
        await checkSame(file, name, infoBefore);
        progress(bufferStart + filled);
      }
    }
  } catch (error) {
    throw fileError(name, error);
  }
  if (stopped) {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(stopped);
  }
  rowStarts.push(lastRowEnd);
  const complete = stopped === null && !limited;
  postFirstRows(complete);
  progress(complete ? size : bufferStart + filled);
  const sidecarRows = sidecar ? [...sidecar.byRow.keys()].filter((r) => r > rowCount) : [];
  if (sidecar && sidecarRows.length) sidecar.problems.push(`${sidecar.name}: ${sidecarRows.length} error${sidecarRows.length === 1 ? '' : 's'} name${sidecarRows.length === 1 ? 's' : ''} a row after the last one (${rowCount})`);
  return {
    file,
    size,
    detection,
    header: detection.hasHeader ? header : [],
    rowCount,
    rowStarts: rowStarts.chunks,
    errorRows: errorRows.done(),
    raggedRows: raggedRows.done(),
    counts,
    problems,
    problemCount,
    groups: groups.list(),
    otherMessages: groups.otherMessages,
    sidecar,
    stopped,
    complete,
  };
}
