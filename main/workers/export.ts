// The export worker thread: reads the accounts the list shows from its own read-only
// connection (WAL lets it read while the main process writes) and writes them in the chosen
// format, off the main process's event loop. The file is written under a temporary name in
// the target's folder and renamed into place at the end: a failure never leaves a half-written
// file under the name the admin chose (nor replaces an existing one with half of a new one).
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { AccountColumn, ExportFormat } from '../../shared/accounts';
import { VigieError } from '../../shared/errors';
import { accountCell, countAccountRows, iterateAccountRows, type AccountListQuery } from '../db/accountQuery';
import { writeExport } from '../exports';
import { serveTask } from './protocol';

export interface ExportWorkerInput {
  format: ExportFormat;
  /** The file to write (absolute). */
  file: string;
  columns: AccountColumn[];
  /** One title per column. */
  headers: string[];
  query: AccountListQuery;
  /** DOCX/PDF first line. */
  title: string;
  /** DOCX/PDF second line; `{count}` is replaced by the number of rows. */
  subtitle: string;
}

export interface ExportWorkerOutput {
  rows: number;
  bytes: number;
}

/** At most this often a progress message (about 20 a second). */
const PROGRESS_EVERY_MS = 50;

/** File system failures the admin can act on (a folder they cannot write, a full disk…). */
const FILE_ERROR_CODES = new Set(['EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EROFS', 'EEXIST', 'EBUSY', 'EDQUOT', 'EFBIG', 'ENAMETOOLONG', 'EMFILE', 'EIO', 'EINVAL']);

export function fileError(file: string, error: unknown): VigieError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !FILE_ERROR_CODES.has(code)) return null;
  const reason: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'the folder does not exist',
    EISDIR: 'a folder has that name',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EROFS: 'the disk is read-only',
    EBUSY: 'the file is open in another program',
  };
  return new VigieError('FILE_ERROR', `cannot write ${file}: ${reason[code] ?? code}`);
}

/** A name beside `file`, hidden on Unix, that no other export picks at the same time. */
export function temporaryNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
}

export async function runExport(input: ExportWorkerInput, setup: { databaseFile: string; nativeBinding?: string | undefined }, progress: (done: number, total: number) => void): Promise<ExportWorkerOutput> {
  const db = new Database(setup.databaseFile, { readonly: true, fileMustExist: true, ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}) });
  const temporary = temporaryNameFor(input.file);
  try {
    db.pragma('busy_timeout = 5000');
    // One read transaction: the count and the rows come from the same snapshot.
    db.exec('BEGIN');
    const total = countAccountRows(db, input.query);
    progress(0, total);
    let last = 0;
    const onRows = (done: number) => {
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        progress(done, total);
      }
    };
    function* cells() {
      for (const batch of iterateAccountRows(db, input.query)) yield batch.map((row) => input.columns.map((column) => accountCell(row, column)));
    }
    const written = await writeExport(input.format, temporary, input.headers, cells(), {
      onRows,
      total,
      title: input.title,
      subtitle: input.subtitle.replace('{count}', total.toLocaleString('en')),
    });
    db.exec('COMMIT');
    renameSync(temporary, input.file);
    progress(written.rows, total);
    return written;
  } catch (error) {
    if (existsSync(temporary)) rmSync(temporary, { force: true });
    throw fileError(input.file, error) ?? error;
  } finally {
    db.close();
  }
}

// As a worker thread (runWorker); imported on the main thread, it only lends its functions.
if (!isMainThread) serveTask<ExportWorkerInput, ExportWorkerOutput>((input, setup, progress) => runExport(input, setup, progress));
