// Opening vigie.db: pragmas, migrations, integrity check. SQL lives in main/db/ only.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of the .node binary to use (Electron needs one built for its own ABI). */
  nativeBinding?: string;
  readonly?: boolean;
  migrations?: readonly Migration[];
}

export const DB_FILE_NAME = 'vigie.db';

// better-sqlite3 compiles SQL anew on every prepare(); the router reads the caller's account on
// every call, so the statements of main/db/ are compiled once per connection and reused.
const STATEMENT_CACHE_LIMIT = 500;
const statementCaches = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement of `sql` on this connection, compiled once. Not for `.iterate()`: a busy statement cannot be reused. */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) {
    // SQL built from filters varies a little; the cap keeps a pathological caller bounded.
    if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

export class DatabaseProblem extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'DatabaseProblem';
  }
}

/** A LIKE pattern for "contains `text`" (with ESCAPE '\\'): % and _ in the text match themselves. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function dbPath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

/**
 * Opens (creating if needed) the database of a data directory, checks its integrity and
 * brings its schema up to date. Throws DatabaseProblem with a readable reason otherwise.
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  const file = dbPath(dataDir);
  if (!options.readonly) mkdirSync(dataDir, { recursive: true });
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new DatabaseProblem(`cannot open ${file}: ${(error as Error).message}`, file);
  }
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Without it, INSERT OR REPLACE deletes a row without firing DELETE triggers, which would
    // slip past audit_log's append-only guard.
    db.pragma('recursive_triggers = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL is durable in WAL mode against process crashes (the case we test); FULL would
    // add fsyncs per commit only for power loss. We keep FULL: an admin console writes little.
    db.pragma('synchronous = FULL');
    // A list of 100,000 accounts reads rows all over the file: 64 MiB of page cache and the
    // file mapped in memory keep those reads off system calls.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    const problems = integrityProblems(db);
    if (problems.length > 0) throw new DatabaseProblem(`integrity check failed: ${problems.slice(0, 5).join('; ')}`, file);
    if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS);
    else if (schemaVersion(db) > latestVersion(options.migrations ?? MIGRATIONS)) {
      throw new DatabaseProblem(`${file} was written by a newer Vigie (schema ${schemaVersion(db)})`, file);
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseProblem) throw error;
    throw new DatabaseProblem(`${file}: ${(error as Error).message}`, file);
  }
}

/** `PRAGMA integrity_check` rows other than "ok" (empty when the file is sound). */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  if (current > latestVersion(migrations)) {
    throw new DatabaseProblem(`the database was written by a newer Vigie (schema ${current})`, db.name);
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** Online backup to a new file (better-sqlite3's backup API: consistent while in use). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  await db.backup(destination);
}
