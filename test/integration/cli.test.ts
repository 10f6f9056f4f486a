// The `vigie` command line, run as an admin would: the real bundled CLI (out/cli/vigie.cjs)
// in a child process, on real data directories filled through the real router.
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo, Command } from '../../main/cli/command';
import { runCli } from '../../main/cli/program';
import { MIGRATIONS } from '../../main/db/migrations';

const LATEST_SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));
import { openDatabase } from '../../main/db/connection';
import type { Session } from '../../main/ipc/session';
import { seedDemo } from '../../main/services/demo';
import type { SessionAccount, TwoFactorEnrolment } from '../../shared/types';
import { startBackend, testSecretStore, type TestBackend } from '../support/backend';
import { ManualClock } from '../support/clock';
import { makeTempDir, removeTempDirs } from '../support/tempDir';

// Registered here at the top level: makeTempDir's own hook is not taken when it is first
// called from inside a hook.
afterAll(removeTempDirs);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = path.join(root, 'out/cli/vigie.cjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function vigie(args: string[], env: Record<string, string> = {}, cwd = root): Run {
  const { VIGIE_DATA_DIR: _ignored, VIGIE_DEBUG: _debug, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK_TRACE = /\n\s+at .+:\d+/;

/** A copy of the demo data dir, so each test may damage its own. */
function copyOf(dataDir: string): string {
  const copy = makeTempDir('vigie-cli-copy-');
  cpSync(dataDir, copy, { recursive: true });
  return copy;
}

let demoDir: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli', '--quiet'], { cwd: root, stdio: 'inherit' });
  demoDir = makeTempDir('vigie-cli-demo-');
  await seedDemo(demoDir, { secrets: testSecretStore(), log: () => undefined });
}, 60_000);

describe('command line', () => {
  it('prints its help with every command and exits 0', () => {
    const run = vigie(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['db check', 'db backup', 'audit verify', 'accounts list', 'accounts unlock', 'accounts reset-password']) expect(run.stdout).toContain(command);
    const help = vigie(['help', 'db', 'backup']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: vigie db backup <file> [--force]');
    expect(vigie(['audit', 'verify', '--help']).stdout).toContain('--anchor SEQ:HASH');
  });

  it('answers an unknown command, option or argument with the usage on stderr and exit 2', () => {
    for (const args of [['frobnicate'], ['db'], ['db', 'check', '--bogus'], ['db', 'backup'], ['accounts', 'list', 'extra'], [], ['help', 'nothing']]) {
      const run = vigie(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toMatch(/^vigie: .+\n\n(Usage: vigie|vigie \d)/);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
    expect(vigie(['frobnicate']).stderr).toContain('unknown command: frobnicate');
  });
});

describe('command table (in process)', () => {
  function io(env: Record<string, string> = {}): CliIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env, cwd: '/somewhere' };
  }
  const seen: unknown[] = [];
  const commands: Command[] = [
    {
      name: 'sites sync',
      summary: 'A command a later issue adds',
      usage: '<site> [--dry-run]',
      options: { 'dry-run': { type: 'boolean', description: 'Only show what would change' } },
      positionals: { min: 1, max: 1 },
      usesDataDir: true,
      run: (args, out) => {
        seen.push(args);
        out.out('synced');
        return 0;
      },
    },
    { name: 'boom', summary: 'Fails unexpectedly', usage: '', run: () => { throw new Error('the disk caught fire'); } },
  ];

  it('finds a new command in the table, parses its options and resolves the data dir', async () => {
    const a = io({ VIGIE_DATA_DIR: 'rel/data' });
    expect(await runCli(['sites', 'sync', 'paris', '--dry-run'], a, commands)).toBe(0);
    expect(seen.at(-1)).toEqual({ values: { 'dry-run': true }, positionals: ['paris'], dataDir: '/somewhere/rel/data' });
    expect(await runCli(['--data-dir=/d1', 'sites', 'sync', 'lyon'], io(), commands)).toBe(0);
    expect(seen.at(-1)).toMatchObject({ dataDir: '/d1', positionals: ['lyon'] });
    expect(await runCli(['sites', 'sync', 'nice', '--data-dir', '/d2'], io({ VIGIE_DATA_DIR: '/ignored' }), commands)).toBe(0);
    expect(seen.at(-1)).toMatchObject({ dataDir: '/d2' });
    const help = io();
    expect(await runCli(['help'], help, commands)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/sites sync\s+A command a later issue adds/);
  });

  it('shows no stack trace for an unexpected error unless VIGIE_DEBUG=1', async () => {
    const quiet = io();
    expect(await runCli(['boom'], quiet, commands)).toBe(1);
    expect(quiet.stderr.join('\n')).toBe('vigie: unexpected error: the disk caught fire\n(set VIGIE_DEBUG=1 to see the details)');
    const debug = io({ VIGIE_DEBUG: '1' });
    expect(await runCli(['boom'], debug, commands)).toBe(1);
    expect(debug.stderr.join('\n')).toMatch(STACK_TRACE);
  });
});

describe('vigie db check', () => {
  it('reports integrity, schema and counts of a sound database and exits 0', () => {
    const run = vigie(['db', 'check', '--data-dir', demoDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Integrity\s+ok/);
    expect(run.stdout).toMatch(new RegExp(`Schema\\s+${LATEST_SCHEMA} \\(current\\)`));
    expect(run.stdout).toMatch(/Accounts\s+31: 21 active, 5 locked, 5 inactive/);
    expect(run.stdout).toMatch(/Result\s+ok/);

    const json = vigie(['db', 'check', '--json'], { VIGIE_DATA_DIR: demoDir });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: true, problems: [], schema: { version: LATEST_SCHEMA, latest: LATEST_SCHEMA } });
    expect(report.counts.auditRecords).toBeGreaterThan(100);
  });

  it('opens the database read-only: the file is not changed', () => {
    const dir = copyOf(demoDir);
    const before = readFileSync(path.join(dir, 'vigie.db'));
    expect(vigie(['db', 'check', '--data-dir', dir]).code).toBe(0);
    expect(readFileSync(path.join(dir, 'vigie.db')).equals(before)).toBe(true);
  });

  it('exits 1 with a clear message when there is no database', () => {
    const empty = makeTempDir('vigie-cli-empty-');
    const run = vigie(['db', 'check', '--data-dir', empty]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no Vigie database in ${empty}`);
    expect(existsSync(path.join(empty, 'vigie.db'))).toBe(false);
  });

  it('exits 1 naming the problem when pages of the file are damaged', () => {
    const dir = copyOf(demoDir);
    const file = path.join(dir, 'vigie.db');
    const probe = new Database(file, { readonly: true });
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    const pages = statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(6);
    // Overwrite a few pages in the middle, past the schema page: SQLite still opens the file.
    const fd = openSync(file, 'r+');
    for (const page of [Math.floor(pages / 2), Math.floor(pages / 2) + 1, pages - 2]) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize);
    closeSync(fd);

    const run = vigie(['db', 'check', '--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/db check found a problem .*\n\s+- .*(integrity check failed|malformed)/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(JSON.parse(vigie(['db', 'check', '--json', '--data-dir', dir]).stdout)).toMatchObject({ ok: false });
  });

  it('exits 1 when vigie.db is not a database at all', () => {
    const dir = makeTempDir('vigie-cli-garbage-');
    writeFileSync(path.join(dir, 'vigie.db'), 'this is a text file, not SQLite\n'.repeat(200));
    const run = vigie(['db', 'check', '--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a database/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('vigie db backup', () => {
  it('copies the database while the console holds it open, and checks the copy', async () => {
    const t = startBackend({ dataDir: copyOf(demoDir) });
    const manager = t.session();
    try {
      // The console is running and has just written: the backup must include that write.
      const refused = await t.call(manager, 'auth.signIn', { username: 'nobody', password: 'x' });
      expect(refused.ok).toBe(false);
      const out = path.join(makeTempDir('vigie-cli-backup-'), 'nested', 'vigie-backup.db');
      const run = vigie(['db', 'backup', out, '--data-dir', t.dataDir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Backup written to ${out}`);
      expect(run.stdout).toMatch(new RegExp(`integrity ok, schema ${LATEST_SCHEMA}, \\d+ audit records`));

      const copy = new Database(out, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const count = (table: string, db: Database.Database) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('audit_log', copy)).toBe(count('audit_log', t.db));
      expect(count('accounts', copy)).toBe(31);
      copy.close();
      // No partial file is left beside it.
      expect(execFileSync('ls', ['-a', path.dirname(out)], { encoding: 'utf8' }).split('\n').filter((f) => f && !f.startsWith('.'))).toEqual(['vigie-backup.db']);

      // The backup is a working data directory once named vigie.db.
      const restored = makeTempDir('vigie-cli-restored-');
      cpSync(out, path.join(restored, 'vigie.db'));
      expect(vigie(['audit', 'verify', '--data-dir', restored]).code).toBe(0);
    } finally {
      t.close();
    }
  });

  it('refuses to overwrite an existing file unless --force', () => {
    const dir = makeTempDir('vigie-cli-backup-');
    const out = path.join(dir, 'backup.db');
    writeFileSync(out, 'precious');
    const refused = vigie(['db', 'backup', out, '--data-dir', demoDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${out} already exists; add --force to replace it`);
    expect(readFileSync(out, 'utf8')).toBe('precious');

    const forced = vigie(['db', 'backup', out, '--force', '--data-dir', demoDir]);
    expect(forced.code).toBe(0);
    expect(new Database(out, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('takes a path relative to the current folder, and refuses a folder or the database itself', () => {
    const cwd = makeTempDir('vigie-cli-cwd-');
    expect(vigie(['db', 'backup', 'copy.db', '--data-dir', demoDir], {}, cwd).code).toBe(0);
    expect(existsSync(path.join(cwd, 'copy.db'))).toBe(true);
    mkdirSync(path.join(cwd, 'folder'));
    expect(vigie(['db', 'backup', 'folder', '--data-dir', demoDir], {}, cwd).stderr).toContain('is a folder');
    const self = vigie(['db', 'backup', path.join(demoDir, 'vigie.db'), '--force', '--data-dir', demoDir]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('cannot replace the database it copies');
  });
});

describe('vigie audit verify', () => {
  it('exits 0 with the record count and the head hash to anchor elsewhere', () => {
    const run = vigie(['audit', 'verify', '--data-dir', demoDir]);
    expect(run.code).toBe(0);
    const db = openDatabase(demoDir, { readonly: true });
    const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    db.close();
    expect(run.stdout).toContain(`Audit trail intact: ${head.seq} records`);
    expect(run.stdout).toContain(`Head: ${head.seq}:${head.hash}`);
    expect(run.stdout).toContain('external anchoring');
    expect(JSON.parse(vigie(['audit', 'verify', '--json', '--data-dir', demoDir]).stdout)).toEqual({ ok: true, records: head.seq, head: `${head.seq}:${head.hash}` });
  });

  it('checks an anchored head after more records were added', async () => {
    const t = startBackend({ dataDir: copyOf(demoDir) });
    const anchor = /Head: (\S+)/.exec(vigie(['audit', 'verify', '--data-dir', t.dataDir]).stdout)![1]!;
    await t.call(t.session(), 'auth.signIn', { username: 'manager', password: 'wrong password' });
    t.close();
    const later = vigie(['audit', 'verify', '--anchor', anchor, '--data-dir', t.dataDir]);
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('found unchanged');
    const forged = `${anchor.split(':')[0]}:${'ab'.repeat(32)}`;
    const run = vigie(['audit', 'verify', '--anchor', forged, '--data-dir', t.dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the trail was rewritten');
    expect(vigie(['audit', 'verify', '--anchor', 'nonsense', '--data-dir', t.dataDir]).code).toBe(2);
  });

  /** Opens a copy without the append-only triggers, as an intruder with the file would. */
  function tamper(change: (db: Database.Database) => void): string {
    const dir = copyOf(demoDir);
    const db = new Database(path.join(dir, 'vigie.db'));
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    change(db);
    db.close();
    return dir;
  }

  it('exits 1 naming the first edited row', () => {
    const dir = tamper((db) => db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7").run());
    const run = vigie(['audit', 'verify', '--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('audit trail broken at row 7: row 7 was edited');
    expect(JSON.parse(vigie(['audit', 'verify', '--json', '--data-dir', dir]).stdout)).toMatchObject({ ok: false, badSeq: 7 });
  });

  it('exits 1 naming the row after a removed one, and when the newest rows are removed', () => {
    const middle = vigie(['audit', 'verify', '--data-dir', tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq = 20').run())]);
    expect(middle.code).toBe(1);
    expect(middle.stderr).toContain('audit trail broken at row 21: row 20 is missing before row 21');

    const newest = vigie(['audit', 'verify', '--data-dir', tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run())]);
    expect(newest.code).toBe(1);
    expect(newest.stderr).toMatch(/audit trail broken at row \d+: the newest rows were removed/);
  });
});

describe('vigie accounts list', () => {
  it('prints a JSON array of accounts without any password hash', () => {
    const run = vigie(['accounts', 'list', '--json', '--data-dir', demoDir]);
    expect(run.code).toBe(0);
    const accounts = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(accounts).toHaveLength(26); // 31 minus the 5 deactivated
    expect(accounts.map((a) => a.status)).not.toContain('inactive');
    for (const account of accounts) {
      expect(Object.keys(account).sort()).toEqual([
        'adminLevel',
        'createdAt',
        'email',
        'failedAttempts',
        'firstName',
        'id',
        'lastName',
        'lastSignInAt',
        'lockedUntil',
        'manageable',
        'middleName',
        'mustChangePassword',
        'parent',
        'permissions',
        'sites',
        'status',
        'twoFactorEnabled',
        'userType',
        'username',
      ]);
    }
    expect(run.stdout).not.toMatch(/argon2|passwordHash|password_hash|secret/i);
    expect(accounts.find((a) => a.username === 'manager')).toMatchObject({ adminLevel: 'full', status: 'active', twoFactorEnabled: false, mustChangePassword: false });
    expect(accounts.filter((a) => a.twoFactorEnabled)).toHaveLength(3);
    expect(accounts.filter((a) => typeof a.lockedUntil === 'string' && Date.parse(a.lockedUntil) > Date.now())).toHaveLength(1);

    const all = JSON.parse(vigie(['accounts', 'list', '--json', '--include-inactive', '--data-dir', demoDir]).stdout) as { status: string }[];
    expect(all).toHaveLength(31);
    expect(all.filter((a) => a.status === 'inactive')).toHaveLength(5);
  });

  it('prints a table for people, with Japanese names aligned', () => {
    const run = vigie(['accounts', 'list', '--data-dir', demoDir]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^USERNAME\s+NAME\s+E-MAIL\s+STATUS\s+LOCKOUT \(UTC\)\s+2FA\s+ADMIN\s+MODULES\s+LAST SIGN-IN \(UTC\)$/);
    expect(run.stdout).toContain('26 accounts (deactivated accounts hidden');
    // The e-mail column starts at the same cell on a Japanese line as on the header.
    const emailColumn = lines[0]!.indexOf('E-MAIL');
    const sato = lines.find((l) => l.startsWith('hina.sato'))!;
    const cellsBefore = (text: string) => [...text].reduce((w, c) => w + (/\p{Script=Han}/u.test(c) ? 2 : 1), 0);
    expect(cellsBefore(sato.slice(0, sato.indexOf('hina.sato@')))).toBe(emailColumn);
  });

  it('shows the lockout and two-factor columns, and --locked lists only who cannot sign in now', () => {
    const lines = vigie(['accounts', 'list', '--data-dir', demoDir]).stdout.split('\n');
    const lockoutColumn = lines[0]!.indexOf('LOCKOUT');
    const cell = (line: string, width: number) => line.slice(lockoutColumn, lockoutColumn + width).trim();
    const lockedOut = lines.filter((l) => /^\S+\s.*\suntil \d{4}-\d\d-\d\d \d\d:\d\d\s/.test(l));
    expect(lockedOut).toHaveLength(1);
    expect(cell(lockedOut[0]!, 22)).toMatch(/^until \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(lines.filter((l) => / on {2,}(none|limited|full) /.test(l))).toHaveLength(3);

    const locked = vigie(['accounts', 'list', '--locked', '--data-dir', demoDir]);
    expect(locked.code).toBe(0);
    const rows = locked.stdout.split('\n').slice(1).filter((l) => /^\S+\s{2,}/.test(l));
    // The five accounts a Manager locked, and the one locked out a few minutes ago.
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => /\slocked\s/.test(r))).toHaveLength(5);
    expect(locked.stdout).toContain('6 accounts that cannot sign in now');
  });

  it('exits 1 without a stack trace when the data directory has no database', () => {
    const run = vigie(['accounts', 'list', '--data-dir', makeTempDir('vigie-cli-none-')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vigie: no Vigie database in /);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('break-glass: vigie accounts unlock and reset-password', () => {
  const operator = `cli:${os.userInfo().username}`;

  /** A console on a new data dir, near real time (the CLI compares lockouts with the real clock). */
  async function consoleWithAccounts(): Promise<{ t: TestBackend; manager: { session: Session; account: SessionAccount }; nina: { session: Session; password: string; id: number } }> {
    const t = startBackend({ clock: new ManualClock(new Date()), sleep: async () => undefined });
    const manager = await t.setUpManager();
    const created = await t.accountWith(manager.session, 'nina.petit', ['monitoring.logs']);
    return { t, manager, nina: { session: created.session, password: created.password, id: created.account.id } };
  }

  function lastAudit(t: TestBackend, n: number): { actor: string; actor_id: number | null; action: string; target: string; summary: string }[] {
    return (t.db.prepare('SELECT actor, actor_id, action, target, summary FROM audit_log ORDER BY seq DESC LIMIT ?').all(n) as { actor: string; actor_id: number | null; action: string; target: string; summary: string }[]).reverse();
  }

  it('unlock ends a running lockout while the console is open; the account then signs in', async () => {
    const { t, nina } = await consoleWithAccounts();
    try {
      for (let n = 0; n < 5; n++) expect((await t.call(t.session(), 'auth.signIn', { username: 'nina.petit', password: `wrong password ${n}!` })).ok).toBe(false);
      const refused = await t.call(t.session(), 'auth.signIn', { username: 'nina.petit', password: nina.password });
      expect(refused).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
      expect(vigie(['accounts', 'list', '--locked', '--data-dir', t.dataDir]).stdout).toMatch(/nina\.petit .* until \d{4}-/);

      const run = vigie(['accounts', 'unlock', 'nina.petit', '--data-dir', t.dataDir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Unlocked nina\.petit: lockout until .* UTC ended, 5 failed attempts forgotten\.\n/);
      expect(run.stdout).toContain(`Recorded in the audit trail as ${operator}.`);

      const signedIn = await t.call(t.session(), 'auth.signIn', { username: 'nina.petit', password: nina.password });
      expect(signedIn.ok).toBe(true);
      const unlock = lastAudit(t, 2)[0]!;
      expect(unlock).toMatchObject({ actor: operator, actor_id: null, action: 'account.unlock', target: 'nina.petit' });
      expect(JSON.parse(unlock.summary)).toMatchObject({ before: { failedAttempts: 5 }, after: { failedAttempts: 0, lockedUntil: null, status: 'active' } });

      // Nothing left to unlock: nothing written.
      const records = lastAudit(t, 1)[0];
      const again = vigie(['accounts', 'unlock', 'NINA.PETIT', '--data-dir', t.dataDir]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('nina.petit is not locked (status active, no failed attempts): nothing changed.');
      expect(lastAudit(t, 1)[0]).toEqual(records);
    } finally {
      t.close();
    }
  });

  it("unlock also lifts a Manager's lock (status locked -> active)", async () => {
    const t = startBackend({ clock: new ManualClock(new Date()) });
    try {
      const manager = await t.setUpManager();
      const { password } = await t.accountWith(manager.session, 'paul.locked', [], { status: 'locked' });
      expect(await t.call(t.session(), 'auth.signIn', { username: 'paul.locked', password })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
      const run = vigie(['accounts', 'unlock', 'paul.locked', '--json', '--data-dir', t.dataDir]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ changed: true, account: { username: 'paul.locked', status: 'active' } });
      expect((await t.call(t.session(), 'auth.signIn', { username: 'paul.locked', password })).ok).toBe(true);
    } finally {
      t.close();
    }
  });

  it("reset-password gives the only Manager a way back in: printed once, must change it, sessions ended", async () => {
    const { t, manager } = await consoleWithAccounts();
    try {
      const run = vigie(['accounts', 'reset-password', 'claire.martin', '--data-dir', t.dataDir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const temporary = /^Temporary password for claire\.martin \(shown once, not stored in clear\):\n\n {4}(\S+)\n\n/.exec(run.stdout)?.[1];
      expect(temporary).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
      expect(run.stdout).toMatch(/It expires \d{4}-\d\d-\d\d \d\d:\d\d UTC\. claire\.martin must choose a new password at the next sign-in/);
      expect(run.stdout).toContain(`Recorded in the audit trail as ${operator} (without the password).`);

      // The Manager's open window is signed out at its next call.
      expect(await t.call(manager.session, 'dashboard.counts', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await t.call(t.session(), 'auth.signIn', { username: 'claire.martin', password: 'correct horse battery staple' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
      const session = t.session();
      const signedIn = await t.call(session, 'auth.signIn', { username: 'claire.martin', password: temporary! });
      expect(signedIn).toMatchObject({ ok: true, value: { username: 'claire.martin', mustChangePassword: true } });
      expect(await t.call(session, 'dashboard.counts', {})).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
      const changed = await t.call(session, 'auth.changePassword', { currentPassword: temporary!, newPassword: 'a fresh start for claire 2026' });
      expect(changed).toMatchObject({ ok: true, value: { mustChangePassword: false } });
      expect((await t.call(session, 'dashboard.counts', {})).ok).toBe(true);

      const reset = t.db.prepare("SELECT actor, actor_id, summary FROM audit_log WHERE action = 'account.resetPassword'").all() as { actor: string; actor_id: number | null; summary: string }[];
      expect(reset).toEqual([{ actor: operator, actor_id: null, summary: expect.stringContaining('"mustChangePassword":true') }]);
      expect(readFileSync(path.join(t.dataDir, 'vigie.db')).includes(Buffer.from(temporary!))).toBe(false);
      expect(JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all())).not.toContain(temporary);
    } finally {
      t.close();
    }
    const verify = vigie(['audit', 'verify', '--data-dir', t.dataDir]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Audit trail intact: \d+ records/);
  });

  it('reset-password --reset-two-factor removes a lost second factor in the same command', async () => {
    const { t, nina } = await consoleWithAccounts();
    try {
      // Nina turns two-factor on, as the profile page does.
      expect((await t.call(nina.session, 'auth.confirm', { password: nina.password })).ok).toBe(true);
      const begun = await t.call(nina.session, 'twoFactor.beginEnrolment', {});
      expect(begun.ok).toBe(true);
      const { secret } = (begun as { value: TwoFactorEnrolment }).value;
      const code = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: t.clock.now().getTime() });
      expect((await t.call(nina.session, 'twoFactor.confirmEnrolment', { code })).ok).toBe(true);
      expect(await t.call(t.session(), 'auth.signIn', { username: 'nina.petit', password: nina.password })).toMatchObject({ ok: false, error: { code: 'TWO_FACTOR_REQUIRED' } });
      expect(vigie(['accounts', 'list', '--json', '--search', 'nina', '--data-dir', t.dataDir]).stdout).toContain('"twoFactorEnabled": true');

      // Without --reset-two-factor, the second factor stays and the output says so.
      const kept = vigie(['accounts', 'reset-password', 'nina.petit', '--data-dir', t.dataDir]);
      expect(kept.code).toBe(0);
      expect(kept.stdout).toContain('Two-factor stays on');

      const run = vigie(['accounts', 'reset-password', 'nina.petit', '--reset-two-factor', '--json', '--data-dir', t.dataDir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as { temporaryPassword: string; twoFactorReset: boolean; twoFactorEnabled: boolean; expiresAt: string };
      expect(result).toMatchObject({ username: 'nina.petit', twoFactorReset: true, twoFactorEnabled: false, status: 'active' });
      expect(Date.parse(result.expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);

      const signedIn = await t.call(t.session(), 'auth.signIn', { username: 'nina.petit', password: result.temporaryPassword });
      expect(signedIn).toMatchObject({ ok: true, value: { mustChangePassword: true, twoFactorEnabled: false } });
      expect(t.db.prepare('SELECT count(*) AS n FROM recovery_codes WHERE account_id = ?').get(nina.id)).toEqual({ n: 0 });
      const records = lastAudit(t, 3);
      expect(records.map((r) => [r.actor, r.action])).toEqual([
        [operator, 'account.resetTwoFactor'],
        [operator, 'account.resetPassword'],
        ['nina.petit', 'auth.signIn'],
      ]);
    } finally {
      t.close();
    }
    expect(vigie(['audit', 'verify', '--data-dir', t.dataDir]).code).toBe(0);
  });

  it('exits 1 with a clear message for an unknown username, and changes nothing', () => {
    const dir = copyOf(demoDir);
    const before = vigie(['audit', 'verify', '--json', '--data-dir', dir]).stdout;
    for (const command of [['accounts', 'unlock'], ['accounts', 'reset-password'], ['accounts', 'reset-password', '--reset-two-factor']]) {
      const run = vigie([...command, 'no.such.person', '--data-dir', dir]);
      expect(run.code, command.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe("vigie: no account named 'no.such.person' (`vigie accounts list --include-inactive` lists them all)\n");
    }
    expect(vigie(['audit', 'verify', '--json', '--data-dir', dir]).stdout).toBe(before);
    expect(vigie(['accounts', 'unlock', '--data-dir', dir]).code).toBe(2);
    expect(vigie(['accounts', 'reset-password', 'a', 'b', '--data-dir', dir]).code).toBe(2);
    const none = vigie(['accounts', 'unlock', 'manager', '--data-dir', makeTempDir('vigie-cli-none-')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^vigie: no Vigie database in /);
  });
});

describe('vigie accounts import, and the filters of accounts list', () => {
  const operator = `cli:${os.userInfo().username}`;
  const csv = [
    'Identifiant;Prénom;Nom;Courriel;Sites;Droits;Mot de passe',
    'lina.roux;Lina;Roux;lina.roux@exemple.fr;Lyon;monitoring.logs;hunter2-from-file',
    'omar.diallo;Omar;Diallo;omar.diallo@exemple.fr;"Paris;Tokyo";"orders.pm;orders.pb";',
    'bad.mail;Bad;Mail;not-an-email;Nowhere;;',
  ].join('\r\n');

  function csvFile(content: string | Buffer, name = 'comptes.csv'): string {
    const file = path.join(makeTempDir('vigie-cli-import-'), name);
    writeFileSync(file, content);
    return file;
  }

  it('--dry-run previews the mapping, the counts and each error, and writes nothing', () => {
    const dataDir = copyOf(demoDir);
    const before = readFileSync(path.join(dataDir, 'vigie.db'));
    const run = vigie(['accounts', 'import', csvFile(csv), '--dry-run', '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1); // an invalid row
    expect(run.stdout).toContain('Identifiant -> username');
    expect(run.stdout).toContain('Courriel -> email');
    expect(run.stdout).toContain('Mot de passe -> (ignored: passwords are never imported)');
    expect(run.stdout).toContain('Would create 2, update 0, leave 0 unchanged; 1 invalid row.');
    expect(run.stdout).toContain("  line 4, email: 'not-an-email' is not an e-mail address");
    expect(run.stdout).toContain('  line 4, sites: unknown site: Nowhere');
    expect(run.stdout).toContain('Nothing was written (--dry-run).');
    expect(readFileSync(path.join(dataDir, 'vigie.db')).equals(before)).toBe(true);

    const json = vigie(['accounts', 'import', csvFile(csv), '--dry-run', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 3, create: 2, invalid: 1, mapping: ['username', 'firstName', 'lastName', 'email', 'sites', 'permissions', null] });
  });

  it('imports the valid rows, audited as the operator, writes the rejected ones to the rejected-imports folder, and is idempotent', () => {
    const dataDir = copyOf(demoDir);
    const file = csvFile(`\uFEFF${csv}`);
    const run = vigie(['accounts', 'import', file, '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1); // one row rejected
    expect(run.stdout).toContain(`Imported ${file}: 2 created, 0 updated, 0 unchanged, 1 rejected.`);
    expect(run.stdout).toContain(`Recorded in the audit trail as ${operator}.`);
    const rejectedDir = path.join(dataDir, 'rejected-imports');
    // The demo data holds a rejected file of its own: only the import's counts here.
    const rejected = execFileSync('ls', [rejectedDir], { encoding: 'utf8' }).trim().split('\n').filter((name) => name.startsWith('comptes-'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(/^comptes-rejected-\d{8}T\d{6}Z\.csv$/);
    expect(run.stdout).toContain(path.join(rejectedDir, rejected[0]!));
    expect(readFileSync(path.join(rejectedDir, rejected[0]!), 'utf8')).toMatch(/^\uFEFFIdentifiant;Prénom;Nom;Courriel;Sites;Droits;Mot de passe;error\r\nbad\.mail;/);

    const db = new Database(path.join(dataDir, 'vigie.db'), { readonly: true });
    try {
      const omar = db.prepare("SELECT id, password_hash, must_change_password FROM accounts WHERE username = 'omar.diallo'").get() as { id: number; password_hash: string; must_change_password: number };
      expect(omar.password_hash).not.toContain('hunter2');
      expect(omar.must_change_password).toBe(1);
      expect((db.prepare('SELECT s.name FROM account_sites x JOIN sites s ON s.id = x.site_id WHERE x.account_id = ? ORDER BY s.name').all(omar.id) as { name: string }[]).map((r) => r.name)).toEqual(['Paris', 'Tokyo']);
      const records = db.prepare("SELECT actor, action, target FROM audit_log WHERE action IN ('account.create', 'accounts.import') ORDER BY seq DESC LIMIT 3").all();
      expect(records).toEqual([
        { actor: operator, action: 'accounts.import', target: 'comptes.csv' },
        { actor: operator, action: 'account.create', target: 'omar.diallo' },
        { actor: operator, action: 'account.create', target: 'lina.roux' },
      ]);
    } finally {
      db.close();
    }

    const again = vigie(['accounts', 'import', file, '--json', '--data-dir', dataDir]);
    expect(JSON.parse(again.stdout)).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1, rejectedFile: expect.stringContaining(rejectedDir), rejectedFileError: null });
    const listed = JSON.parse(vigie(['accounts', 'list', '--json', '--query', 'lina roux', '--data-dir', dataDir]).stdout) as { username: string }[];
    expect(listed.map((a) => a.username)).toEqual(['lina.roux']);
  });

  it('exits 1 with one clear line for a file that is missing, binary or without a header', () => {
    const dataDir = copyOf(demoDir);
    const cases: [string, RegExp][] = [
      [path.join(makeTempDir('vigie-cli-import-'), 'missing.csv'), /^vigie: cannot read .*missing\.csv: ENOENT\n$/],
      [csvFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'photo.csv'), /^vigie: .*photo\.csv: this file is not a CSV text file \(it holds binary data\)\n$/],
      [csvFile('lina.roux;Lina;Roux\n'), /^vigie: .*comptes\.csv: no column of the first line is recognised/],
    ];
    for (const [file, message] of cases) {
      const run = vigie(['accounts', 'import', file, '--data-dir', dataDir]);
      expect(run.code, file).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
    expect(vigie(['accounts', 'import', '--data-dir', dataDir]).code).toBe(2);
  });

  it('accounts list filters by --query, --status, --site and --limit, and says how many match', () => {
    const list = (...args: string[]) => JSON.parse(vigie(['accounts', 'list', '--json', ...args, '--data-dir', demoDir]).stdout) as { username: string; status: string; sites: { name: string }[] }[];
    const all = list('--include-inactive');
    expect(all).toHaveLength(31);
    const inactive = list('--status', 'inactive');
    expect(inactive).toHaveLength(5);
    expect(inactive.every((a) => a.status === 'inactive')).toBe(true);
    expect(list('--status', 'active,locked')).toHaveLength(26);
    const tokyo = list('--site', 'tokyo', '--include-inactive');
    expect(tokyo.length).toBeGreaterThan(0);
    expect(tokyo.every((a) => a.sites.some((s) => s.name === 'Tokyo'))).toBe(true);
    expect(list('--limit', '3', '--include-inactive').map((a) => a.username)).toEqual(all.slice(0, 3).map((a) => a.username));
    expect(list('--query', 'manager').map((a) => a.username)).toContain('manager');

    const table = vigie(['accounts', 'list', '--limit', '2', '--data-dir', demoDir]);
    expect(table.stdout).toContain('2 of 26 accounts (deactivated accounts hidden');
    expect(vigie(['accounts', 'list', '--site', 'Atlantis', '--data-dir', demoDir])).toMatchObject({ code: 1, stderr: "vigie: no site named 'Atlantis'\n" });
    expect(vigie(['accounts', 'list', '--status', 'sleeping', '--data-dir', demoDir]).code).toBe(2);
    expect(vigie(['accounts', 'list', '--limit', '0', '--data-dir', demoDir]).code).toBe(2);
  });
});

describe('vigie logs tail and logs parse', () => {
  // No data directory anywhere: the log commands must not need one.
  const noDataEnv = (): Record<string, string> => ({ XDG_CONFIG_HOME: makeTempDir('vigie-cli-nodata-'), APPDATA: makeTempDir('vigie-cli-nodata-') });

  function odooLine(second: number, level: string, message: string, pid = 100): string {
    return `2026-06-19 10:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')},000 ${pid} ${level} db odoo.cli: ${message}`;
  }

  /** A folder with odoo.log (even seconds), its rotated odoo.log.1 (odd seconds), a trace and noise. */
  function logFolder(): string {
    const folder = makeTempDir('vigie-cli-logs-');
    const current: string[] = [];
    const rotated: string[] = [];
    for (let s = 0; s < 40; s++) (s % 2 === 0 ? current : rotated).push(odooLine(s, s === 36 ? 'ERROR' : s === 37 ? 'CRITICAL' : s === 38 ? 'WARNING' : 'INFO', `event ${s}`, s % 2 === 0 ? 100 : 200));
    current.splice(current.indexOf(odooLine(36, 'ERROR', 'event 36', 100)) + 1, 0, 'Traceback (most recent call last):', '  File "sale.py", line 3, in confirm', 'ValueError: bad state');
    writeFileSync(path.join(folder, 'odoo.log'), `${current.join('\n')}\n`);
    writeFileSync(path.join(folder, 'odoo.log.1'), `${rotated.join('\n')}\n`);
    writeFileSync(path.join(folder, 'notes.txt'), 'not a log\n');
    return folder;
  }

  it('tails a folder: its log files merged by time, the last -n entries, multi-line entries indented', () => {
    const folder = logFolder();
    const run = vigie(['logs', 'tail', folder, '-n', '5'], noDataEnv());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '2026-06-19T10:00:35.000Z INFO [odoo.log.1] odoo.cli: event 35',
      '2026-06-19T10:00:36.000Z ERROR [odoo.log] odoo.cli: event 36',
      '    Traceback (most recent call last):',
      '      File "sale.py", line 3, in confirm',
      '    ValueError: bad state',
      '2026-06-19T10:00:37.000Z CRITICAL [odoo.log.1] odoo.cli: event 37',
      '2026-06-19T10:00:38.000Z WARNING [odoo.log] odoo.cli: event 38',
      '2026-06-19T10:00:39.000Z INFO [odoo.log.1] odoo.cli: event 39',
    ]);
    expect(vigie(['--help']).stdout).toContain('logs tail');
  });

  it('filters with --level (that level and above) and prints JSON lines', () => {
    const folder = logFolder();
    const run = vigie(['logs', 'tail', path.join(folder, 'odoo.log'), '--level', 'warn', '--json'], noDataEnv());
    expect(run.code).toBe(0);
    const entries = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['ERROR', 'event 36\nTraceback (most recent call last):\n  File "sale.py", line 3, in confirm\nValueError: bad state'],
      ['WARNING', 'event 38'],
    ]);
    expect(entries[0]).toMatchObject({ timestamp: '2026-06-19T10:00:36.000Z', logger: 'odoo.cli', pid: 100, file: path.join(folder, 'odoo.log'), line: 19 });
    const critical = vigie(['logs', 'tail', folder, '--level', 'CRITICAL'], noDataEnv());
    expect(critical.stdout).toBe('2026-06-19T10:00:37.000Z CRITICAL [odoo.log.1] odoo.cli: event 37\n');
    expect(vigie(['logs', 'tail', folder, '--level', 'loud']).code).toBe(2);
    expect(vigie(['logs', 'tail', folder, '-n', '0']).code).toBe(2);
    expect(vigie(['logs', 'tail', folder, '--format', 'yaml']).code).toBe(2);
  });

  it('parses a whole file to JSON lines with the named fields', () => {
    const file = path.join(logFolder(), 'odoo.log');
    const run = vigie(['logs', 'parse', file, '--json'], noDataEnv());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      for (const key of ['timestamp', 'level', 'logger', 'pid', 'message', 'file', 'line']) expect(entry, key).toHaveProperty(key);
      expect(entry.file).toBe(file);
    }
    expect(entries.map((e) => e.line)).toEqual([...Array.from({ length: 19 }, (_, i) => i + 1), 23]);
    expect(entries[18]!.message).toContain('ValueError: bad state');
    expect(vigie(['logs', 'parse', file]).code).toBe(2);
  });

  it('reports a missing file or folder in one line, exit 1', () => {
    for (const args of [['logs', 'tail', '/no/such/place'], ['logs', 'parse', '/no/such/file.log', '--json']]) {
      const run = vigie(args, noDataEnv());
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^vigie: .*\/no\/such\/.*(does not exist|it does not exist\.)\n$/);
    }
  });
});
