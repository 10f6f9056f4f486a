// Names of the rejected-imports folder, resolved safely: the renderer names a file by its name
// only, and main checks that the name is a plain name and that what it leads to is a regular
// file directly inside the folder (no separator, no `..`, no hidden file, no link leading out).
// Anything else is NOT_FOUND, as if it did not exist.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VigieError } from '../../shared/errors';
import { sidecarNames } from '../imports/csv';
import { ignoredName } from '../watch/rejectedFolder';

export interface RejectedFile {
  name: string;
  /** The folder joined with the name (what the admin sees). */
  path: string;
  /** The file the name leads to (itself, or the target of a link inside the folder). */
  real: string;
  size: number;
  mtimeMs: number;
}

/** A plain file name: what the folder listing gives, nothing that could walk out of it. */
export function plainName(name: string): boolean {
  return !ignoredName(name) && !/[/\\\0]/.test(name) && name !== '..' && path.basename(name) === name;
}

export function notFound(name: string): VigieError {
  return new VigieError('NOT_FOUND', `no file ${name} in the rejected-imports folder`);
}

/** The real path of the folder; FILE_ERROR when it cannot be used. */
export async function realFolderOf(folder: string): Promise<string> {
  try {
    const real = await realpath(folder);
    if (!(await stat(real)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return real;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new VigieError('FILE_ERROR', `Cannot read the rejected-imports folder ${folder}: ${reason}.`, [{ path: 'folder', code: code === 'ENOENT' ? 'FOLDER_MISSING' : 'FOLDER_UNREADABLE', message: reason }]);
  }
}

/** `name` in `folder` when it is a regular file there (or a link to one directly inside), else null. */
export async function findRejected(folder: string, realFolder: string, name: string): Promise<RejectedFile | null> {
  if (!plainName(name)) return null;
  try {
    const candidate = path.join(realFolder, name);
    const link = await lstat(candidate);
    if (!link.isFile() && !link.isSymbolicLink()) return null;
    const real = await realpath(candidate);
    if (path.dirname(real) !== realFolder) return null;
    const info = await stat(real);
    if (!info.isFile()) return null;
    return { name, path: path.join(folder, name), real, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

/** As findRejected, NOT_FOUND when there is no such file. */
export async function resolveRejected(folder: string, name: string): Promise<RejectedFile> {
  if (!plainName(name)) throw notFound(name);
  const file = await findRejected(folder, await realFolderOf(folder), name);
  if (!file) throw notFound(name);
  return file;
}

/** The sidecar files (`<name>.errors.json|csv`) present next to `name`: plain regular files of the folder. */
export async function sidecarsOf(realFolder: string, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const sidecar of sidecarNames(name)) {
    try {
      if ((await lstat(path.join(realFolder, sidecar))).isFile()) found.push(sidecar);
    } catch {
      // none
    }
  }
  return found;
}

/** SHA-256 of a file, streamed. */
export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
