// Reading the monitored log files for the viewer: the last entries of several files merged by
// time, an entry as the viewer shows it (id, import-error diagnosis), the lines around an
// offset, and the count of recent errors for the dashboard.
import { open, stat } from 'node:fs/promises';
import { VigieError } from '../../shared/errors';
import { ERROR_LEVELS, importRefOf, reportsImportError, type LogEntryView, type LogFormat, type LogContext, type LogContextLine, type LogEntriesResult } from '../../shared/logs';
import { mergeByTime, readLastEntries, type FileLogEntry } from '../logs/entries';
import type { MonitoredFile } from '../logs/monitor';
import { detectEncoding, type LogEncoding } from '../logs/tailReader';
import type { ErrorCountCacheEntry } from './logsRuntime';

/** Names in the rejected-imports folder: lower-cased → as written. */
export type RejectedNames = ReadonlyMap<string, string>;

/** What an entry is read with: the admin's format (else the detected one) and zone. */
export interface FileRead {
  file: MonitoredFile;
  options: { format?: LogFormat; timeZone?: string };
}

const MAY_NAME_A_FILE = /\.(?:csv|tsv|txt)\b/i;
const MAY_REPORT_IMPORT = /import|reject|rejet/i;
const IMPORT_FILE = /\.(?:csv|tsv)$/i;

/**
 * The file of the folder that `named` designates. importRefOf takes in the words before a name
 * ("Import of contacts.csv" gives "Import of contacts.csv", since names may hold spaces), so
 * the shorter names after each space are tried too, the longest first.
 */
function rejectedName(named: string, rejected: RejectedNames): string | undefined {
  let name = named.toLowerCase();
  for (;;) {
    const found = rejected.get(name);
    if (found) return found;
    const space = name.indexOf(' ');
    if (space < 0) return undefined;
    name = name.slice(space + 1);
  }
}

/**
 * Marks an entry that reports an import error (the words platforms use, or a .csv it names)
 * and links the rejected file it names when that file is in the folder. The cheap tests first:
 * most entries name no file and speak of no import.
 */
export function diagnose(view: LogEntryView, rejected: RejectedNames): void {
  const message = view.message.length > 4096 ? view.message.slice(0, 4096) : view.message;
  const ref = MAY_NAME_A_FILE.test(message) ? importRefOf(message) : null;
  const known = ref ? rejectedName(ref.name, rejected) : undefined;
  if (known || (ref && IMPORT_FILE.test(ref.name)) || (MAY_REPORT_IMPORT.test(message) && reportsImportError(message))) view.importError = true;
  if (known) view.importRef = { name: known, row: ref!.row };
}

/** An entry of a file as the viewer holds it; the id stays the same when the entry is read again. */
export function entryView(entry: FileLogEntry, key: string, generation: number, rejected: RejectedNames): LogEntryView {
  const view: LogEntryView = {
    id: `${key}#${generation}:${entry.offset}`,
    file: key,
    offset: entry.offset,
    line: entry.line,
    lines: entry.lines,
    timestamp: entry.timestamp,
    level: entry.level,
    logger: entry.logger,
    pid: entry.pid,
    message: entry.message,
  };
  if (entry.fields) view.fields = entry.fields;
  if (entry.truncated) view.truncated = true;
  diagnose(view, rejected);
  return view;
}

function problemOf(error: unknown): { code: string; message: string } {
  if (error instanceof VigieError) return { code: error.code, message: error.message };
  return { code: 'FILE_ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** Runs `task` over `items` with at most `limit` at a time, results in order. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

interface FileLast {
  entries: FileLogEntry[];
  reachedStart: boolean;
  /** How many entries were asked of the file. */
  asked: number;
  problem: { code: string; message: string } | undefined;
}

async function readFileLast({ file, options }: FileRead, count: number): Promise<FileLast> {
  if (file.compressed) {
    return { entries: [], reachedStart: false, asked: count, problem: { code: 'FILE_ERROR', message: `${file.name} is compressed: it is searched, not read for its last entries.` } };
  }
  try {
    const last = await readLastEntries(file.path, count, options);
    return { entries: last.entries, reachedStart: last.reachedStart, asked: count, problem: undefined };
  } catch (error) {
    return { entries: [], reachedStart: false, asked: count, problem: problemOf(error) };
  }
}

/** Milliseconds of the first timestamped entry of a file's list (its oldest, as the merge sorts it). */
function oldestTime(entries: readonly FileLogEntry[]): number {
  for (const e of entries) if (e.timestamp !== null) return Date.parse(e.timestamp);
  return Number.NEGATIVE_INFINITY;
}

/**
 * Whether a file may hold more entries among the last `limit` of all: it was not read to its
 * start, gave all it was asked, and its oldest entry read is not older than the oldest kept.
 */
function mayHoldMore(r: FileLast, limit: number, cutoff: number): boolean {
  return !r.problem && !r.reachedStart && r.entries.length >= r.asked && r.asked < limit && oldestTime(r.entries) >= cutoff;
}

/**
 * The last `limit` entries of the files, merged by time. A file that cannot be read gets its
 * `problem` and the others are still shown; a compressed file is never read here.
 *
 * Cost: each file is first asked for its share of `limit` (plus a margin), not for `limit`
 * entries: the merged window then says which files may hold more of it (their oldest entry
 * read is still inside it), and only those are read again with twice as many. Files written
 * at similar rates are read once; the cost stays near `limit` entries, not `limit` per file.
 */
export async function lastEntriesOf(reads: readonly FileRead[], limit: number, rejected: RejectedNames, cursor: number): Promise<LogEntriesResult> {
  const share = reads.length <= 1 ? limit : Math.min(limit, Math.ceil((limit / reads.length) * 1.25) + 64);
  const results = await inParallel(reads, 2, (read) => readFileLast(read, share));
  const merge = () => (results.length === 1 ? results[0]!.entries.slice(-limit) : mergeByTime(results.map((r) => r.entries), limit));
  let merged = merge();
  for (;;) {
    const cutoff = merged.length < limit ? Number.NEGATIVE_INFINITY : oldestTime(merged);
    const again = results.map((r, i) => (mayHoldMore(r, limit, cutoff) ? i : -1)).filter((i) => i >= 0);
    if (again.length === 0) break;
    const reread = await inParallel(again, 2, (i) => readFileLast(reads[i]!, Math.min(limit, results[i]!.asked * 2)));
    again.forEach((i, k) => (results[i] = reread[k]!));
    merged = merge();
  }
  // The file of each entry by identity, to map merged entries back without a lookup by path.
  const fileIndex = new Map<FileLogEntry, number>();
  results.forEach((r, i) => {
    for (const e of r.entries) fileIndex.set(e, i);
  });
  const kept = new Array<number>(reads.length).fill(0);
  const entries = merged.map((e) => {
    const i = fileIndex.get(e)!;
    kept[i]!++;
    const file = reads[i]!.file;
    return entryView(e, file.key, file.generation, rejected);
  });
  return {
    entries,
    files: reads.map(({ file }, i) => ({ key: file.key, entries: kept[i]!, reachedStart: results[i]!.reachedStart, ...(results[i]!.problem ? { problem: results[i]!.problem } : {}) })),
    cursor,
  };
}

// --- The lines around an entry -------------------------------------------------------------

const BEFORE_BYTES = 64 * 1024;
const AFTER_BYTES = 256 * 1024;
/** Line numbers are counted from the start of the file when the entry is within this. */
const COUNT_LINES_WITHIN = 8 * 1024 * 1024;
/** A line of context longer than this is cut (a 50 MB line is not shown whole). */
const MAX_CONTEXT_CHARS = 16 * 1024;

const LF = 0x0a;

function fileError(file: string, error: unknown): VigieError {
  if (error instanceof VigieError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
  return new VigieError('FILE_ERROR', `Cannot read the log file ${file}: ${reason}.`);
}

function textOf(bytes: Buffer, encoding: LogEncoding): string {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  const text = bytes.toString(encoding === 'latin1' ? 'latin1' : 'utf8', 0, end);
  return text.length > MAX_CONTEXT_CHARS ? `${text.slice(0, MAX_CONTEXT_CHARS)}…` : text;
}

/**
 * The `before` lines above the line holding `offset`, that line, and the `after` lines below,
 * as written in the file. Reads at most 64 KiB above and 256 KiB below. Line numbers are known
 * when the entry lies within the first 8 MiB (newlines counted from the start).
 */
export async function contextLines(key: string, filePath: string, offset: number, before: number, after: number, encoding: LogEncoding | null): Promise<LogContext> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw fileError(filePath, error);
  }
  try {
    const size = (await handle.stat()).size;
    if (offset >= size && !(offset === 0 && size === 0)) throw new VigieError('NOT_FOUND', `offset ${offset} is past the end of ${filePath} (${size} bytes): the file was truncated or rotated`);
    const read = async (from: number, length: number) => {
      const buffer = Buffer.allocUnsafe(Math.max(0, length));
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, from + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    };
    const aboveStart = Math.max(0, offset - BEFORE_BYTES);
    const above = await read(aboveStart, offset - aboveStart);
    const below = await read(offset, Math.min(AFTER_BYTES, size - offset));
    const enc = encoding ?? detectEncoding([above, below]);

    // The target line starts after the last newline above `offset` (offset is a line start
    // unless the file changed; then the line holding it is shown).
    const lastLf = above.lastIndexOf(LF);
    const targetStart = lastLf >= 0 ? aboveStart + lastLf + 1 : aboveStart;
    const aboveLines: { offset: number; bytes: Buffer }[] = [];
    {
      // Every newline of `above` ends a complete line (the last one ends the line above the target).
      let start = 0;
      for (let p = above.indexOf(LF); p >= 0; p = above.indexOf(LF, p + 1)) {
        aboveLines.push({ offset: aboveStart + start, bytes: above.subarray(start, p) });
        start = p + 1;
      }
      // The first line read may have begun before the window: not shown unless at the file's start.
      if (aboveStart > 0 && aboveLines.length > 0) aboveLines.shift();
    }
    const shownAbove = aboveLines.slice(Math.max(0, aboveLines.length - before));

    const belowLines: { offset: number; bytes: Buffer }[] = [];
    {
      // The part of the target line above `offset` (when offset was not a line start).
      const head = above.subarray(lastLf + 1);
      let start = 0;
      while (belowLines.length < after + 1 && start < below.length) {
        const p = below.indexOf(LF, start);
        const end = p >= 0 ? p : below.length;
        const bytes = below.subarray(start, end);
        belowLines.push({ offset: offset + start, bytes: belowLines.length === 0 && head.length > 0 ? Buffer.concat([head, bytes]) : bytes });
        if (p < 0) break;
        start = p + 1;
      }
      if (belowLines.length === 0) belowLines.push({ offset: targetStart, bytes: head });
      belowLines[0]!.offset = targetStart;
    }

    let firstLine: number | null = null;
    const firstOffset = shownAbove[0]?.offset ?? targetStart;
    if (firstOffset <= COUNT_LINES_WITHIN) {
      const prefix = await read(0, firstOffset);
      let n = 0;
      for (let p = prefix.indexOf(LF); p >= 0; p = prefix.indexOf(LF, p + 1)) n++;
      firstLine = n + 1;
    }
    const lines: LogContextLine[] = [...shownAbove, ...belowLines].map((l, i) => ({ offset: l.offset, line: firstLine === null ? null : firstLine + i, text: textOf(l.bytes, enc) }));
    return { key, lines, target: shownAbove.length };
  } catch (error) {
    throw fileError(filePath, error);
  } finally {
    await handle.close();
  }
}

// --- Errors of the last hours --------------------------------------------------------------

/** Reading a file backwards stops at this many entries or bytes: the count is then "at least". */
export const ERROR_COUNT_MAX_ENTRIES = 200_000;
export const ERROR_COUNT_MAX_BYTES = 64 * 1024 * 1024;
const FIRST_BATCH = 1000;

const isError = (level: string | null) => level !== null && (ERROR_LEVELS as readonly string[]).includes(level);

/**
 * The ERROR/CRITICAL/FATAL entries of `read`'s file at or after `sinceMs`, read backwards in
 * doubling batches until an entry older than `sinceMs` (or the file's start, or a bound) is
 * reached. Cached by the file's size and time, the read options and `sinceMs`.
 */
export async function recentErrors(
  read: FileRead,
  sinceMs: number,
  cache: Map<string, ErrorCountCacheEntry>,
  bounds: { maxEntries: number; maxBytes: number } = { maxEntries: ERROR_COUNT_MAX_ENTRIES, maxBytes: ERROR_COUNT_MAX_BYTES },
): Promise<{ count: number; capped: boolean }> {
  const info = await stat(read.file.path);
  const signature = JSON.stringify([info.size, info.mtimeMs, read.options, sinceMs, bounds]);
  const cached = cache.get(read.file.path);
  if (cached && cached.signature === signature) return cached;
  let batch = FIRST_BATCH;
  let result: { count: number; capped: boolean };
  for (;;) {
    const last = await readLastEntries(read.file.path, batch, read.options);
    let count = 0;
    let olderSeen = false;
    for (const e of last.entries) {
      if (e.timestamp === null) continue;
      const at = Date.parse(e.timestamp);
      if (at < sinceMs) olderSeen = true;
      else if (isError(e.level)) count++;
    }
    const bytesRead = last.entries.length > 0 ? info.size - last.entries[0]!.offset : 0;
    // Fewer entries than asked: the file's start was reached (with as many, it may hold more:
    // readLastEntries keeps the last `batch` of what it read).
    if (olderSeen || last.entries.length < batch) {
      result = { count, capped: false };
      break;
    }
    if (batch >= bounds.maxEntries || bytesRead >= bounds.maxBytes) {
      result = { count, capped: true };
      break;
    }
    batch = Math.min(batch * 2, bounds.maxEntries);
  }
  cache.set(read.file.path, { signature, ...result });
  return result;
}
