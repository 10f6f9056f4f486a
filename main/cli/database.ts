// Opening the data directory's database for a command: read-only, so a command run beside the
// open console never changes it, and with a readable reason when it cannot be used.
import { existsSync, statSync } from 'node:fs';
import { DatabaseProblem, dbPath, openDatabase, schemaVersion, type Db } from '../db/connection';
import { MIGRATIONS } from '../db/migrations';
import { CliError } from './command';

export const LATEST_SCHEMA = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export function requireDatabaseFile(dataDir: string): string {
  const file = dbPath(dataDir);
  if (!existsSync(file)) {
    throw new CliError(`no Vigie database in ${dataDir} (expected ${file}); choose the data directory with --data-dir DIR or VIGIE_DATA_DIR`);
  }
  if (!statSync(file).isFile()) throw new CliError(`${file} is not a file`);
  return file;
}

/** Opens read-only; throws CliError (exit 1) with the reason when the database is unusable. */
export function openForReading(dataDir: string, options: { requireCurrentSchema?: boolean } = {}): Db {
  requireDatabaseFile(dataDir);
  let db: Db;
  try {
    db = openDatabase(dataDir, { readonly: true });
  } catch (error) {
    if (error instanceof DatabaseProblem) throw new CliError(`database problem: ${error.message}`);
    throw error;
  }
  if (options.requireCurrentSchema !== false && schemaVersion(db) < LATEST_SCHEMA) {
    const version = schemaVersion(db);
    db.close();
    throw new CliError(`the database has schema ${version}, this Vigie expects ${LATEST_SCHEMA}: open it once with the console to bring it up to date`);
  }
  return db;
}

/** Closes the database whatever `use` does. */
export async function withDatabase<T>(db: Db, use: (db: Db) => T | Promise<T>): Promise<T> {
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
