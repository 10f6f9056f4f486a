// `vigie db check` and `vigie db backup`.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { dashboardCounts } from '../../db/accounts';
import { countAudit } from '../../db/audit';
import { backupDatabase, DatabaseProblem, dbPath, integrityProblems, openDatabase, schemaVersion } from '../../db/connection';
import type { DashboardCounts } from '../../../shared/types';
import { CliError, EXIT_OK, EXIT_PROBLEM, type Command } from '../command';
import { fileSize, humanBytes, LATEST_SCHEMA, openForReading, withDatabase } from '../database';

export interface DatabaseReport {
  ok: boolean;
  file: string;
  bytes: number;
  problems: string[];
  notes: string[];
  schema?: { version: number; latest: number };
  counts?: DashboardCounts;
}

/** Everything `db check` looks at, as data (printed as text or JSON). */
export function checkDatabase(dataDir: string, now = new Date()): DatabaseReport {
  const file = dbPath(dataDir);
  const report: DatabaseReport = { ok: false, file, bytes: fileSize(file) + fileSize(`${file}-wal`), problems: [], notes: [] };
  if (!existsSync(file)) {
    report.problems.push(`no Vigie database in ${dataDir}; choose the data directory with --data-dir DIR or VIGIE_DATA_DIR`);
    return report;
  }
  let db: Database.Database;
  try {
    // Read-only: openDatabase runs PRAGMA integrity_check and refuses a newer schema.
    db = openDatabase(dataDir, { readonly: true });
  } catch (error) {
    report.problems.push(error instanceof DatabaseProblem ? error.message : `cannot open ${file}: ${(error as Error).message}`);
    return report;
  }
  try {
    const version = schemaVersion(db);
    report.schema = { version, latest: LATEST_SCHEMA };
    if (version === 0) {
      report.notes.push('the database is empty: Vigie sets it up the next time it opens it');
    } else {
      if (version < LATEST_SCHEMA) report.notes.push(`schema ${version} is brought up to ${LATEST_SCHEMA} the next time the console opens it`);
      const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
      if (broken.length > 0) {
        const first = broken[0]!;
        report.problems.push(`${broken.length} row(s) point to missing rows (first: ${first.table} row ${first.rowid} -> ${first.parent})`);
      }
      report.counts = dashboardCounts(db, new Date(now.getTime() - 24 * 3600_000).toISOString(), countAudit(db));
    }
  } catch (error) {
    report.problems.push(`cannot read ${file}: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  report.ok = report.problems.length === 0;
  return report;
}

function describeReport(report: DatabaseReport): string[] {
  const lines = [`Database   ${report.file} (${humanBytes(report.bytes)})`, 'Integrity  ok'];
  if (report.schema) {
    const { version, latest } = report.schema;
    lines.push(`Schema     ${version}${version === latest ? ' (current)' : ` (this Vigie: ${latest})`}`);
  }
  const c = report.counts;
  if (c) {
    const s = c.accountsByStatus;
    lines.push(
      `Accounts   ${s.active + s.locked + s.inactive}: ${s.active} active, ${s.locked} locked, ${s.inactive} inactive`,
      `Admins     ${c.administratorsByLevel.full} full, ${c.administratorsByLevel.limited} limited`,
      `Sign-ins   last 24 h: ${c.signInsLast24h.succeeded} succeeded, ${c.signInsLast24h.failed} failed`,
      `Audit      ${c.auditRecords} records (\`vigie audit verify\` checks their chain)`,
    );
  }
  for (const note of report.notes) lines.push(`Note       ${note}`);
  return lines;
}

const dbCheck: Command = {
  name: 'db check',
  summary: 'Check the database: integrity, schema version, what it holds',
  usage: '[--json]',
  details:
    'Opens vigie.db read-only (safe while the console is open), runs PRAGMA integrity_check and a\n' +
    'foreign key check, and prints the schema version and counts. Exits 1 when anything is wrong.',
  options: { json: { type: 'boolean', description: 'Print the report as JSON' } },
  usesDataDir: true,
  run(args, io) {
    const report = checkDatabase(args.dataDir);
    if (args.values.json) {
      io.out(JSON.stringify(report, null, 2));
      return report.ok ? EXIT_OK : EXIT_PROBLEM;
    }
    if (!report.ok) {
      io.err(`vigie: db check found a problem in ${report.file}:`);
      for (const problem of report.problems) io.err(`  - ${problem}`);
      if (existsSync(report.file)) io.err('Keep this file for analysis and restore the last good backup (made by `vigie db backup`).');
      return EXIT_PROBLEM;
    }
    for (const line of describeReport(report)) io.out(line);
    io.out('Result     ok');
    return EXIT_OK;
  },
};

/**
 * Checks a backup file on its own: it opens, passes integrity_check, and is switched to a
 * rollback journal so it is one self-contained file (a WAL-mode file needs a writable folder
 * and side files to be opened).
 */
function verifyBackupFile(file: string): { schema: number; auditRecords: number } {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = integrityProblems(copy);
    if (problems.length > 0) throw new CliError(`the backup copy failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
    const schema = schemaVersion(copy);
    return { schema, auditRecords: schema > 0 ? countAudit(copy) : 0 };
  } finally {
    copy.close();
  }
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      unlinkSync(f);
    } catch {
      // already gone
    }
  }
}

/** Puts the checked copy in place; without `force` an existing file is never replaced. */
function moveIntoPlace(temp: string, destination: string, force: boolean): void {
  if (force) {
    renameSync(temp, destination);
    return;
  }
  try {
    // link() fails when the destination exists, so a file created meanwhile is kept.
    linkSync(temp, destination);
    unlinkSync(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${destination} already exists; add --force to replace it`);
    // Some file systems (FAT, network shares) have no hard links.
    if (existsSync(destination)) throw new CliError(`${destination} already exists; add --force to replace it`);
    renameSync(temp, destination);
  }
}

const dbBackup: Command = {
  name: 'db backup',
  summary: 'Copy the database to a file while Vigie may be running, then check the copy',
  usage: '<file> [--force]',
  details:
    'Uses SQLite\'s online backup, so the copy is consistent even while the console writes.\n' +
    'The copy is written beside FILE first, checked (it opens and passes integrity_check), and\n' +
    'only then given its name. To restore, stop Vigie and copy the file over vigie.db.',
  options: { force: { type: 'boolean', description: 'Replace FILE if it already exists' } },
  positionals: { min: 1, max: 1 },
  usesDataDir: true,
  async run(args, io) {
    const destination = path.resolve(io.cwd, args.positionals[0]!);
    const force = args.values.force === true;
    const source = dbPath(args.dataDir);
    if (existsSync(destination)) {
      if (statSync(destination).isDirectory()) throw new CliError(`${destination} is a folder; give the name of the backup file`);
      if (path.resolve(source) === destination) throw new CliError('the backup cannot replace the database it copies');
      if (!force) throw new CliError(`${destination} already exists; add --force to replace it`);
    }
    const db = openForReading(args.dataDir, { requireCurrentSchema: false });
    const temp = path.join(path.dirname(destination), `.${path.basename(destination)}.${randomBytes(4).toString('hex')}.partial`);
    try {
      await withDatabase(db, (source) => backupDatabase(source, temp));
      const checked = verifyBackupFile(temp);
      moveIntoPlace(temp, destination, force);
      io.out(`Backup written to ${destination} (${humanBytes(fileSize(destination))})`);
      io.out(`Checked: opens, integrity ok, schema ${checked.schema}, ${checked.auditRecords} audit records`);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`backup to ${destination} failed: ${(error as Error).message}`);
    } finally {
      removeQuietly(temp);
    }
  },
};

export const dbCommands: Command[] = [dbCheck, dbBackup];
