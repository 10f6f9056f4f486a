// The folders Vigie writes files to and watches: where they are (a setting, else a default
// inside the data directory), created on first use.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection';
import { readSetting } from '../db/settings';

export const REJECTED_IMPORTS_SETTING = 'folders.rejectedImports';

/**
 * The rejected-imports folder: the setting `folders.rejectedImports` when it holds an absolute
 * path, else `<dataDir>/rejected-imports`. Created (with its parents) if missing.
 */
export function rejectedImportsDir(db: Db, dataDir: string): string {
  const chosen = readSetting(db, REJECTED_IMPORTS_SETTING);
  const dir = typeof chosen === 'string' && chosen.trim() !== '' && path.isAbsolute(chosen.trim()) ? path.resolve(chosen.trim()) : path.join(dataDir, 'rejected-imports');
  mkdirSync(dir, { recursive: true });
  return dir;
}
