// Opening vigie.db: schema migrations, pragmas, refusal of files we must not touch (newer or
// corrupted), the error state of the backend, and online backups.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackend } from '../../main/backend';
import { appendAudit, verifyAuditChain } from '../../main/db/audit';
import { backupDatabase, DatabaseProblem, dbPath, integrityProblems, migrate, openDatabase, schemaVersion, type Db } from '../../main/db/connection';
import { MIGRATIONS, type Migration } from '../../main/db/migrations';
import { newSession } from '../../main/ipc/session';
import { startBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
const open: { close(): void }[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function opened(dataDir: string, options?: Parameters<typeof openDatabase>[1]): Db {
  const db = openDatabase(dataDir, options);
  open.push(db);
  return db;
}

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

function schemaOf(db: Db): string[] {
  return (db.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') AS s FROM sqlite_master ORDER BY type, name").all() as { s: string }[]).map((r) => r.s);
}

function catchProblem(run: () => unknown): DatabaseProblem {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseProblem);
    return error as DatabaseProblem;
  }
  throw new Error('expected a DatabaseProblem, but the database opened');
}

/** A database with enough audited rows to fill many pages, closed so that the WAL is merged. */
function filledDatabase(rows: number): string {
  const dir = makeTempDir();
  const db = openDatabase(dir);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      appendAudit(db, { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), actorId: null, actor: 'filler', action: 'test.fill', targetType: 'row', targetId: String(i), target: `row ${i}`, summary: { padding: 'p'.repeat(200) } });
    }
  })();
  db.close();
  expect(existsSync(`${dbPath(dir)}-wal`)).toBe(false);
  return dir;
}

describe('migrations', () => {
  it('brings a fresh database to the latest schema version', () => {
    const dir = makeTempDir();
    const db = opened(dir);
    expect(existsSync(dbPath(dir))).toBe(true);
    expect(LATEST).toBeGreaterThanOrEqual(1);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(tables(db)).toEqual(expect.arrayContaining(['accounts', 'account_permissions', 'audit_log', 'meta', 'sign_in_attempts']));
  });

  it('creates the data dir when it does not exist yet', () => {
    const dir = path.join(makeTempDir(), 'nested', 'data');
    opened(dir);
    expect(existsSync(dbPath(dir))).toBe(true);
  });

  it('sets WAL, foreign keys, busy timeout, full sync and recursive triggers on every connection', () => {
    const dir = makeTempDir();
    opened(dir).close();
    open.pop();
    const db = opened(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('recursive_triggers', { simple: true })).toBe(1);
    // Foreign keys are really enforced, not only switched on.
    expect(() => db.prepare("INSERT INTO account_permissions (account_id, permission) VALUES (999, 'orders.pm')").run()).toThrow(/FOREIGN KEY/);
  });

  it('is idempotent: reopening keeps the version, the schema and the rows', () => {
    const dir = makeTempDir();
    const first = openDatabase(dir);
    first.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'kept')").run();
    const schema = schemaOf(first);
    first.close();
    for (let i = 0; i < 3; i++) {
      const db = openDatabase(dir);
      expect(schemaVersion(db)).toBe(LATEST);
      expect(schemaOf(db)).toEqual(schema);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toEqual({ value: 'kept' });
      migrate(db, MIGRATIONS);
      expect(schemaOf(db)).toEqual(schema);
      db.close();
    }
  });

  it('applies only the missing migrations, in version order', () => {
    const dir = makeTempDir();
    opened(dir).close();
    open.pop();
    const extra: Migration[] = [
      { version: LATEST + 2, name: 'second', sql: 'ALTER TABLE probe ADD COLUMN b TEXT;' },
      { version: LATEST + 1, name: 'first', sql: 'CREATE TABLE probe (a TEXT);' },
    ];
    const db = opened(dir, { migrations: [...MIGRATIONS, ...extra] });
    expect(schemaVersion(db)).toBe(LATEST + 2);
    expect((db.prepare('PRAGMA table_info(probe)').all() as { name: string }[]).map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('leaves the version and schema of the last good migration when one fails', () => {
    const dir = makeTempDir();
    opened(dir).close();
    open.pop();
    const before = (() => {
      const db = new Database(dbPath(dir));
      const s = schemaOf(db);
      db.close();
      return s;
    })();
    const migrations: Migration[] = [
      ...MIGRATIONS,
      { version: LATEST + 1, name: 'good', sql: 'CREATE TABLE good_one (a TEXT);' },
      // The first statement works; the second fails: the first must be undone with it.
      { version: LATEST + 2, name: 'bad', sql: "CREATE TABLE half_done (a TEXT); INSERT INTO meta (key, value) VALUES ('half', 'x'); CREATE TABLEE oops (b);" },
      { version: LATEST + 3, name: 'never', sql: 'CREATE TABLE never_reached (a TEXT);' },
    ];
    const problem = catchProblem(() => openDatabase(dir, { migrations }));
    expect(problem.message).toMatch(/syntax error/);
    expect(problem.file).toBe(dbPath(dir));

    const db = new Database(dbPath(dir));
    open.push(db);
    expect(schemaVersion(db)).toBe(LATEST + 1);
    expect(tables(db)).toContain('good_one');
    expect(tables(db)).not.toContain('half_done');
    expect(tables(db)).not.toContain('never_reached');
    expect(db.prepare("SELECT * FROM meta WHERE key = 'half'").get()).toBeUndefined();
    expect(schemaOf(db).filter((s) => !s.includes('good_one'))).toEqual(before);
  });

  it('refuses a database written by a newer Vigie, and leaves it untouched', () => {
    const dir = makeTempDir();
    opened(dir).close();
    open.pop();
    const raw = new Database(dbPath(dir));
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.exec('CREATE TABLE from_the_future (a TEXT)');
    raw.close();

    expect(catchProblem(() => openDatabase(dir)).message).toMatch(/newer Vigie/);
    expect(catchProblem(() => openDatabase(dir, { readonly: true })).message).toMatch(/newer Vigie/);
    const check = new Database(dbPath(dir), { readonly: true });
    expect(schemaVersion(check)).toBe(LATEST + 5);
    check.close();
  });
});

describe('damaged files', () => {
  it('refuses a file of garbage bytes with a DatabaseProblem', () => {
    const dir = makeTempDir();
    writeFileSync(dbPath(dir), randomBytes(16 * 1024));
    const before = readFileSync(dbPath(dir));
    const problem = catchProblem(() => openDatabase(dir));
    expect(problem.message).toMatch(/not a database/);
    const backend = openBackend({ dataDir: dir, log: () => {} });
    open.push(backend);
    expect(backend.health()).toMatchObject({ status: 'db-error', problem: expect.stringMatching(/not a database/) });
    expect(readFileSync(dbPath(dir)).equals(before)).toBe(true);
  });

  it('refuses a real database whose pages were overwritten, naming the integrity failure', () => {
    const dir = filledDatabase(600);
    const file = dbPath(dir);
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(20);
    // Scribble over a run of pages in the middle (page 1, the header, stays intact).
    const fd = openSync(file, 'r+');
    for (let page = Math.floor(pages / 2); page < Math.floor(pages / 2) + 4; page++) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    closeSync(fd);

    const problem = catchProblem(() => openDatabase(dir));
    expect(problem.message).toMatch(/malformed/);
  });

  it('refuses a database whose table and index disagree, listing what integrity_check found', () => {
    const dir = filledDatabase(20);
    // Every page stays well-formed, but the index on `at` now claims to index `actor`: the
    // kind of damage only PRAGMA integrity_check finds (the sqlite3 CLI can do this).
    const raw = new Database(dbPath(dir));
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw.prepare("UPDATE sqlite_schema SET sql = 'CREATE INDEX audit_log_at ON audit_log(actor)' WHERE name = 'audit_log_at'").run();
    raw.close();

    const problem = catchProblem(() => openDatabase(dir));
    expect(problem.message).toMatch(/^integrity check failed: row 1 missing from index audit_log_at; row 2 missing/);
    // At most five problems are named: the message stays readable on the error screen.
    expect(problem.message.split('; ')).toHaveLength(5);
  });

  it('reports a sound file as having no integrity problems', () => {
    const dir = filledDatabase(50);
    const db = opened(dir);
    expect(integrityProblems(db)).toEqual([]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, records: 50 });
  });

  it('opens the backend in an error state: health tells why, other channels say DB_UNAVAILABLE', async () => {
    const dir = filledDatabase(300);
    const file = dbPath(dir);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 5);
    closeSync(fd);

    const logged: string[] = [];
    const backend = openBackend({ dataDir: dir, log: (m) => logged.push(m) });
    open.push(backend);
    expect(backend.db).toBeNull();
    expect(backend.health()).toMatchObject({ status: 'db-error', dataDir: dir, problem: expect.stringMatching(/integrity check failed|malformed/) });

    const session = newSession('test:db-error');
    const health = await backend.router.call(session, 'app.health', {});
    expect(health).toEqual({ ok: true, value: backend.health() });
    for (const [channel, input] of [
      ['auth.status', {}],
      ['auth.signIn', { username: 'a', password: 'b' }],
      ['auth.setup', { username: 'abc', firstName: 'A', lastName: 'B', email: 'a@b.co', password: 'long enough pass' }],
      ['dashboard.counts', {}],
      ['accounts.list', {}],
      ['audit.list', {}],
    ] as const) {
      const result = await backend.router.call(session, channel, input);
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('DB_UNAVAILABLE');
    }
    // Still a typed refusal for bad input, and nothing was written to the damaged file.
    const bad = await backend.router.call(session, 'app.health', { extra: 1 });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
    expect(logged).toEqual([]);
  });

  it('opens the backend normally on a sound file', async () => {
    const t = startBackend();
    open.push(t);
    expect(t.backend.health()).toMatchObject({ status: 'ok', dataDir: t.dataDir });
    expect(t.backend.health().problem).toBeUndefined();
    const status = await t.call(t.session(), 'auth.status', {});
    expect(status).toEqual({ ok: true, value: { setupRequired: true, account: null, idleLocked: false, idleLockMinutes: 15, confirmedUntil: null } });
  });
});

describe('backup', () => {
  it('writes an openable copy with the same rows while the database is in use', async () => {
    const t = startBackend();
    open.push(t);
    const { session } = await t.setUpManager();
    await t.accountWith(session, 'copied.account', ['orders.pm']);
    // An uncommitted-looking state: rows still in the WAL, not yet checkpointed.
    expect(existsSync(`${dbPath(t.dataDir)}-wal`)).toBe(true);

    const target = path.join(makeTempDir(), 'backups', 'nested');
    await backupDatabase(t.db, dbPath(target));

    const copy = opened(target);
    expect(integrityProblems(copy)).toEqual([]);
    expect(schemaVersion(copy)).toBe(LATEST);
    for (const table of ['accounts', 'account_permissions', 'sign_in_attempts', 'audit_log', 'meta']) {
      expect(copy.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(), table).toEqual(t.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all());
    }
    expect(copy.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 2 });
    expect(verifyAuditChain(copy)).toEqual(verifyAuditChain(t.db));

    // The copy is independent: a later change to the original does not reach it.
    await t.accountWith(session, 'after.backup', []);
    expect(copy.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 2 });
  });
});
