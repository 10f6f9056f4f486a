// The rejected-imports folder as the Logs area links to it (issue 6 grows the full viewer): its
// files, and the rows of one of them around the row an import error names.
//
// Decisions:
// - Only plain file names present in the folder are opened: no separator, no `..`, no hidden
//   file; the resolved real path must be a regular file inside the folder's real path (a link
//   leading out is NOT_FOUND, as if it did not exist). The renderer never names a path.
// - Encoding: UTF-8 unless the first bytes read like Latin-1 (detectEncoding, as log files);
//   a UTF-8 byte order mark is skipped. NUL bytes: a binary file, FILE_ERROR.
// - Delimiter: the one of , ; tab | that splits the first lines most consistently.
// - Parsing streams through papaparse and stops once the rows to show are read; at most
//   MAX_READ_BYTES are read (`partial`: the end of the file was not reached).
// - A quote left open swallows the rest of the file: the rows before it are shown (`partial`);
//   asking for a row at or after it is a FILE_ERROR saying so.
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { VigieError } from '../../shared/errors';
import type { RejectedFileRows, RejectedFileSummary } from '../../shared/rejected';
import { detectEncoding } from '../logs/tailReader';

/** Bytes read at most from a rejected file. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Bytes looked at to find the encoding, the delimiter and the line end. */
const SAMPLE_BYTES = 64 * 1024;
/** Longer cells are cut (a runaway quoted field, a pasted document). */
export const MAX_CELL_CHARS = 10_000;
const DELIMITERS = [',', ';', '\t', '|'] as const;

function folderError(dir: string, error: unknown): VigieError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  return new VigieError('FILE_ERROR', `Cannot read the rejected-imports folder ${dir}: ${reason}.`);
}

const inside = (realDir: string, real: string) => path.dirname(real) === realDir;

/** The regular files of the folder (links only to files directly inside it), newest first. */
export async function listRejectedFiles(dir: string): Promise<RejectedFileSummary[]> {
  let realDir: string;
  let names: string[];
  try {
    realDir = await realpath(dir);
    names = await readdir(realDir);
  } catch (error) {
    throw folderError(dir, error);
  }
  const files: (RejectedFileSummary & { mtimeMs: number })[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = await resolveInside(realDir, name);
    if (file) files.push({ name, size: file.size, modifiedAt: new Date(file.mtimeMs).toISOString(), mtimeMs: file.mtimeMs });
  }
  return files.sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name)).map(({ mtimeMs: _m, ...f }) => f);
}

/** The real path and stats of `name` when it is a regular file inside `realDir`, else null. */
async function resolveInside(realDir: string, name: string): Promise<{ real: string; size: number; mtimeMs: number } | null> {
  try {
    const candidate = path.join(realDir, name);
    const link = await lstat(candidate);
    if (!link.isFile() && !link.isSymbolicLink()) return null;
    const real = await realpath(candidate);
    if (!inside(realDir, real)) return null;
    const info = await stat(real);
    return info.isFile() ? { real, size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** A plain file name: what the folder listing gives, nothing that could walk out of it. */
function plainName(name: string): boolean {
  return name !== '' && !/[/\\\0]/.test(name) && !name.startsWith('.') && path.basename(name) === name;
}

/** The delimiter that splits the first lines of `sample` into the same, largest number of cells. */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length > 1 && sample.length >= SAMPLE_BYTES) lines.pop(); // may be cut
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    // Outside double quotes only; a quoted field may hold the delimiter.
    const counts = lines.map((line) => line.replace(/"[^"]*("|$)/g, '').split(d).length - 1);
    if (counts.length === 0 || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length;
    const score = same * 1000 + counts[0]!;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const cutCell = (cell: string) => (cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS)}…` : cell);

export interface ShowOptions {
  /** 1-based data row to show with the rows around it. */
  row?: number;
  /** Rows shown before and after `row` (or the first `around` rows). */
  around: number;
  maxReadBytes?: number;
}

/** The rows of `name` in the rejected-imports folder `dir` (see the head of this file). */
export async function showRejectedFile(dir: string, name: string, options: ShowOptions): Promise<RejectedFileRows> {
  const notFound = () => new VigieError('NOT_FOUND', `no file ${name} in the rejected-imports folder`);
  if (!plainName(name)) throw notFound();
  let realDir: string;
  try {
    realDir = await realpath(dir);
  } catch (error) {
    throw folderError(dir, error);
  }
  const file = await resolveInside(realDir, name);
  if (!file) throw notFound();
  const cap = Math.max(1, options.maxReadBytes ?? MAX_READ_BYTES);

  let sample: Buffer;
  try {
    const handle = await open(file.real, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, file.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      sample = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VigieError('FILE_ERROR', `Cannot read ${name}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}.`);
  }
  const base = { name, size: file.size, modifiedAt: new Date(file.mtimeMs).toISOString() };
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0;
  const body = sample.subarray(bom);
  if (body.includes(0)) throw new VigieError('FILE_ERROR', `${name} is not a text file (it holds binary data).`);
  // A sample cut in the middle of a character must not look like Latin-1: leave out its last bytes.
  const encoding = bom ? 'utf-8' : detectEncoding([body.length >= SAMPLE_BYTES ? body.subarray(0, body.length - 3) : body]);
  const text = body.toString(encoding === 'latin1' ? 'latin1' : 'utf8');
  if (text.trim() === '') return { ...base, delimiter: ',', encoding, header: [], rows: [], focus: null, rowsRead: 0, partial: false };
  const delimiter = detectDelimiter(text);
  const firstBreak = text.indexOf('\n');
  const newline = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';

  const around = Math.max(1, options.around);
  const first = options.row !== undefined ? Math.max(1, options.row - around) : 1;
  const last = options.row !== undefined ? options.row + around : around;

  let header: string[] = [];
  const rows: { row: number; cells: string[] }[] = [];
  let index = 0;
  let stoppedEarly = false;
  let unclosedAt: number | null = null;
  const stream = createReadStream(file.real, { start: bom, end: cap - 1, encoding: encoding === 'latin1' ? 'latin1' : 'utf8', highWaterMark: 256 * 1024 });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      Papa.parse<string[]>(stream, {
        delimiter,
        newline,
        skipEmptyLines: true,
        step(result, parser) {
          if (index > last) {
            // One row more than shown: the file goes on, no need to read it.
            stoppedEarly = true;
            parser.abort();
            return;
          }
          if (result.errors.some((e) => e.code === 'MissingQuotes')) {
            unclosedAt = index;
            parser.abort();
            return;
          }
          if (index === 0) header = result.data.map(cutCell);
          else if (index >= first) rows.push({ row: index, cells: result.data.map(cutCell) });
          index++;
        },
        complete: () => resolve(),
        error: (error: Error) => reject(error),
      });
    });
  } catch (error) {
    throw error instanceof VigieError ? error : new VigieError('FILE_ERROR', `Cannot read ${name}: ${(error as Error).message}.`);
  } finally {
    stream.destroy();
  }

  const cutAtCap = !stoppedEarly && file.size > cap;
  if (cutAtCap && rows.length > 0 && rows[rows.length - 1]!.row === index - 1) rows.pop(); // the last row read may be cut
  const rowsRead = Math.max(0, (unclosedAt ?? index) - 1);
  if (unclosedAt !== null) {
    if (unclosedAt === 0) throw new VigieError('FILE_ERROR', `${name} cannot be read: its first line opens a quote that is never closed.`);
    if (options.row !== undefined && options.row >= unclosedAt) {
      throw new VigieError('FILE_ERROR', `${name}: row ${unclosedAt} opens a quote that is never closed, so row ${options.row} cannot be read.`);
    }
  }
  const focus = options.row !== undefined && rows.some((r) => r.row === options.row) ? options.row : null;
  return { ...base, delimiter, encoding, header, rows, focus, rowsRead, partial: stoppedEarly || cutAtCap || unclosedAt !== null };
}
