// The Rejected imports area's settings (issue 6): the rejected-imports folder (setting
// `folders.rejectedImports`, shared with the accounts import that writes rejected rows there),
// the import folder where corrected files go (`folders.imports`), and polling for network
// shares (`rejected.polling`). Read at every call: the database is the truth, the watcher
// follows it.
//
// Decisions:
// - Defaults: `<dataDir>/rejected-imports` (the name existing data directories use; the issue
//   says `rejected/`) and `<dataDir>/imports`. Only the default rejected folder is created on
//   first use; a folder the admin chose and that went missing is reported, not re-created
//   (it may be a network share that is not mounted).
// - Both folders absolute, different, and neither inside the other (a corrected file written
//   into the watched folder would show up as a new rejected file; archive/ inside the import
//   folder would be imported). Compared on their real paths when they exist (links).
import { mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VigieError, type FieldError } from '../../shared/errors';
import type { Problem } from '../../shared/rejected';
import type { Db } from '../db/connection';
import { readSetting } from '../db/settings';
import { REJECTED_IMPORTS_SETTING } from './folders';

export const IMPORT_FOLDER_SETTING = 'folders.imports';
export const REJECTED_POLLING_SETTING = 'rejected.polling';

export interface RejectedConfig {
  rejectedFolder: string;
  importFolder: string;
  polling: boolean;
  /** The rejected folder is the default one (created when missing). */
  defaultRejected: boolean;
  defaultImport: boolean;
}

function absoluteSetting(db: Db, key: string): string | null {
  const value = readSetting(db, key);
  return typeof value === 'string' && value.trim() !== '' && path.isAbsolute(value.trim()) ? path.resolve(value.trim()) : null;
}

/** The settings now (nothing is created). */
export function readRejectedConfig(db: Db, dataDir: string): RejectedConfig {
  const rejected = absoluteSetting(db, REJECTED_IMPORTS_SETTING);
  const imports = absoluteSetting(db, IMPORT_FOLDER_SETTING);
  return {
    rejectedFolder: rejected ?? path.join(dataDir, 'rejected-imports'),
    importFolder: imports ?? path.join(dataDir, 'imports'),
    polling: readSetting(db, REJECTED_POLLING_SETTING) === true,
    defaultRejected: rejected === null,
    defaultImport: imports === null,
  };
}

/** Is `inner` the same as or inside `outer`? */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of `folder`, or of its nearest existing parent joined with the rest (a folder not created yet). */
async function realOrPlanned(folder: string): Promise<string> {
  const rest: string[] = [];
  let at = folder;
  for (;;) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return folder;
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

function invalid(fields: FieldError[]): VigieError {
  return new VigieError('INVALID_INPUT', fields.map((f) => f.message).join('; '), fields);
}

/** Checks the two folders of rejected.settings.update (see the head of the file); answers them resolved. */
export async function checkRejectedFolders(input: { rejectedFolder: string; importFolder: string }): Promise<{ rejectedFolder: string; importFolder: string }> {
  const fields: FieldError[] = [];
  for (const key of ['rejectedFolder', 'importFolder'] as const) {
    const value = input[key].trim();
    if (!path.isAbsolute(value)) fields.push({ path: key, code: 'not-absolute', message: `${key} must be an absolute path` });
    else if (value.includes('\0')) fields.push({ path: key, code: 'invalid', message: `${key} cannot hold a NUL character` });
  }
  if (fields.length) throw invalid(fields);
  const rejectedFolder = path.resolve(input.rejectedFolder.trim());
  const importFolder = path.resolve(input.importFolder.trim());
  const [realRejected, realImport] = await Promise.all([realOrPlanned(rejectedFolder), realOrPlanned(importFolder)]);
  if (realRejected === realImport) throw invalid([{ path: 'importFolder', code: 'same-folder', message: 'the import folder must differ from the rejected-imports folder' }]);
  if (isWithin(realImport, realRejected)) throw invalid([{ path: 'importFolder', code: 'inside-rejected', message: 'the import folder cannot be inside the rejected-imports folder' }]);
  if (isWithin(realRejected, realImport)) throw invalid([{ path: 'rejectedFolder', code: 'inside-import', message: 'the rejected-imports folder cannot be inside the import folder' }]);
  return { rejectedFolder, importFolder };
}

/** Creates `folder` when missing; answers whether it did. FILE_ERROR on `field` when it cannot. */
export async function ensureFolder(folder: string, field: string): Promise<boolean> {
  try {
    const info = await stat(folder);
    if (info.isDirectory()) return false;
    throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      try {
        await mkdir(folder, { recursive: true });
        return true;
      } catch (inner) {
        throw folderWriteError(folder, field, inner);
      }
    }
    throw folderWriteError(folder, field, error);
  }
}

function folderWriteError(folder: string, field: string, error: unknown): VigieError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way (not a folder)' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  const message = `Cannot create the folder ${folder}: ${reason}.`;
  return new VigieError('FILE_ERROR', message, [{ path: field, code: code === 'EACCES' || code === 'EPERM' ? 'unwritable' : 'not-a-folder', message }]);
}

/** Why the import folder cannot take corrected files now; a missing default one is fine (created when needed). */
export async function importFolderProblem(config: RejectedConfig): Promise<Problem | undefined> {
  try {
    const info = await stat(config.importFolder);
    if (!info.isDirectory()) return { code: 'NOT_A_FOLDER', message: `The import folder ${config.importFolder} is not a folder.` };
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return config.defaultImport ? undefined : { code: 'FOLDER_MISSING', message: `The import folder ${config.importFolder} does not exist.` };
    if (code === 'EACCES' || code === 'EPERM') return { code: 'FOLDER_UNREADABLE', message: `The import folder ${config.importFolder} cannot be read: permission denied.` };
    return { code: 'FOLDER_UNREADABLE', message: `The import folder ${config.importFolder} cannot be read: ${(error as Error).message}.` };
  }
}
