// The Rejected imports area through the router (issue 6): the watched folder's list and its
// events, opening a file (first rows, progress, index in a real worker), rows and errors from
// every source, path escapes, permissions, download, delete, validate and re-import (real
// files, real chokidar, real SQLite).
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import type { RejectedFolderView, RejectedView } from '../../shared/rejected';
import type { AuditRecord } from '../../shared/types';
import { writeSetting } from '../../main/db/settings';
import { decodeBytes } from '../../main/imports/csv/detect';
import { csvLine, encodeText, unrepresentable } from '../../main/services/rejectedCsvWrite';
import type { Session } from '../../main/ipc/session';
import { startBackend, type TestBackend } from '../support/backend';
import { ManualClock } from '../support/clock';
import { makeTempDir } from '../support/tempDir';
import { failure, ok } from '../support/results';

let t: TestBackend;
afterEach(() => t?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers something truthy. */
async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 8000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > end) throw new Error('timed out');
    await sleep(25);
  }
}

interface SeenEvent {
  event: EventName;
  payload: Record<string, unknown>;
  at: number;
}

function collectEvents(): SeenEvent[] {
  const seen: SeenEvent[] = [];
  t.backend.router.onEvent((event, payload) => seen.push({ event, payload: payload as Record<string, unknown>, at: performance.now() }));
  return seen;
}

let savePath: string | null = null;

async function setUp(): Promise<{ manager: Session; dir: string }> {
  t = startBackend({ clock: new ManualClock('2026-03-02T12:00:00.000Z'), chooseSavePath: async () => savePath });
  const { session } = await t.setUpManager();
  const dir = path.join(t.dataDir, 'rejected-imports');
  mkdirSync(dir, { recursive: true });
  return { manager: session, dir };
}

const csv = (rows: string[][], delimiter = ';', eol = '\r\n', bom = '\uFEFF') => `${bom}${rows.map((r) => r.join(delimiter)).join(eol)}${eol}`;
const contacts = [
  ['name', 'email', 'city', 'error'],
  ['Marie', 'marie@exemple', 'Lyon', 'email: invalid domain'],
  ['Pierre', '', 'Nantes', 'email: required'],
  ['Jean', 'jean@example.com', 'Paris', ''],
  ['Hina', 'hina@example.com', 'Osaka', 'company: unknown'],
];

async function open(session: Session, name: string): Promise<RejectedView> {
  return ok(await t.call(session, 'rejected.open', { name }));
}

async function done(session: Session, viewId: string) {
  return until(async () => {
    const status = ok(await t.call(session, 'rejected.status', { viewId }));
    return status.state !== 'indexing' && status;
  });
}

async function auditOf(session: Session, action: string): Promise<AuditRecord[]> {
  return ok(await t.call(session, 'audit.list', { action })).rows;
}

async function listed(session: Session): Promise<RejectedFolderView> {
  return ok(await t.call(session, 'rejected.list', {}));
}

describe('rejected.list', () => {
  it('updates within a second when a file appears, changes or disappears; scans files in the background', async () => {
    const { manager, dir } = await setUp();
    expect((await listed(manager)).files).toEqual([]);
    const seen = collectEvents();
    await sleep(300); // the event of the watcher's start

    const file = path.join(dir, 'contacts.csv');
    let at = performance.now();
    writeFileSync(file, csv(contacts));
    const added = await until(() => seen.find((e) => e.event === 'rejected.changed' && e.at > at));
    expect(added.at - at).toBeLessThan(1000);
    expect(added.payload).toEqual({});
    const first = await listed(manager);
    expect(first.files.map((f) => f.name)).toEqual(['contacts.csv']);
    expect(first.files[0]!.size).toBe(statSync(file).size);
    // Indexed in the background; an event says so.
    const scanned = await until(async () => (await listed(manager)).files[0]?.scan);
    expect(scanned).toEqual({ rows: 4, errorRows: 3, delimiter: ';', encoding: 'utf-8', hasHeader: true, importType: 'contacts' });

    at = performance.now();
    appendFileSync(file, 'Yuki;yuki@;Kyoto;email: invalid\r\n');
    const changed = await until(() => seen.find((e) => e.event === 'rejected.changed' && e.at > at));
    expect(changed.at - at).toBeLessThan(1000);
    expect((await listed(manager)).files[0]!.size).toBe(statSync(file).size);
    expect(await until(async () => (await listed(manager)).files[0]?.scan?.rows === 5)).toBe(true);

    at = performance.now();
    rmSync(file);
    const removed = await until(() => seen.find((e) => e.event === 'rejected.changed' && e.at > at));
    expect(removed.at - at).toBeLessThan(1000);
    expect((await listed(manager)).files).toEqual([]);
  });

  it('leaves out dotfiles, subfolders, sidecars and links leading out; reports a binary file', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'orders.csv'), 'order;qty\r\nA1;3\r\n');
    writeFileSync(path.join(dir, 'orders.errors.json'), JSON.stringify([{ row: 1, column: 'qty', message: 'qty: too many' }]));
    writeFileSync(path.join(dir, '.orders.csv.1234.tmp'), 'half written');
    mkdirSync(path.join(dir, 'archive'));
    writeFileSync(path.join(dir, 'archive', 'old.csv'), 'a\n1\n');
    const outside = path.join(makeTempDir(), 'secret.csv');
    writeFileSync(outside, 'password;x\r\n');
    symlinkSync(outside, path.join(dir, 'out.csv'));
    writeFileSync(path.join(dir, 'image.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await sleep(700); // complete before the watcher starts
    const list = await listed(manager);
    expect(list.rejectedFolder).toBe(dir);
    expect(list.importFolder).toBe(path.join(t.dataDir, 'imports'));
    expect(list.problem).toBeUndefined();
    expect(list.files.map((f) => f.name).sort()).toEqual(['image.csv', 'orders.csv']);
    const image = await until(async () => (await listed(manager)).files.find((f) => f.name === 'image.csv' && f.problem));
    expect(image.problem).toMatchObject({ code: 'binary' });
    expect(image.scan).toBeNull();
    const orders = await until(async () => (await listed(manager)).files.find((f) => f.name === 'orders.csv' && f.scan));
    expect(orders.scan).toMatchObject({ rows: 1, errorRows: 1, importType: 'orders' });
  });

  it('reports a missing rejected folder and picks it up once it exists', async () => {
    const { manager } = await setUp();
    const base = makeTempDir();
    const rejected = path.join(base, 'rejected');
    ok(await t.call(manager, 'rejected.settings.update', { rejectedFolder: rejected, importFolder: path.join(base, 'imports'), polling: false }));
    rmSync(rejected, { recursive: true });
    const missing = await until(async () => {
      const view = await listed(manager);
      return view.problem && view;
    });
    expect(missing.problem).toMatchObject({ code: 'FOLDER_MISSING' });
    mkdirSync(rejected);
    writeFileSync(path.join(rejected, 'back.csv'), 'a;b\n1;2\n');
    const back = await until(async () => {
      const view = await listed(manager);
      return view.files.length > 0 && view;
    });
    expect(back.problem).toBeUndefined();
    expect(back.files.map((f) => f.name)).toEqual(['back.csv']);
  });
});

describe('rejected.open, rows, errors', () => {
  it('answers the first rows at once, then progress events up to the index', async () => {
    const { manager, dir } = await setUp();
    const rows = 400_000;
    const lines: string[] = ['id;email;qty;error'];
    for (let i = 1; i <= rows; i++) lines.push(`${i};user${i}@example.com;${i % 50};${i % 1000 === 0 ? `qty: row ${i} refused` : ''}`);
    writeFileSync(path.join(dir, 'big.csv'), `${lines.join('\n')}\n`);
    const seen = collectEvents();
    const view = await open(manager, 'big.csv');
    expect(view.header).toEqual(['id', 'email', 'qty', 'error']);
    expect(view.errorColumn).toBe(3);
    expect(view.delimiter).toBe(';');
    expect(view.lineEnd).toBe('lf');
    expect(view.firstRows).toHaveLength(200);
    expect(view.firstRows[0]).toEqual({ row: 1, cells: ['1', 'user1@example.com', '1', ''], errors: [] });
    expect(view.status.state).toBe('indexing');

    const status = await done(manager, view.viewId);
    expect(status).toMatchObject({ state: 'done', rows, errorRows: rows / 1000, bytesDone: status.bytesTotal });
    const progress = seen.filter((e) => e.event === 'rejected.progress' && e.payload.viewId === view.viewId);
    expect(progress.some((e) => e.payload.state === 'indexing' && (e.payload.bytesDone as number) < (e.payload.bytesTotal as number))).toBe(true);
    expect(progress.at(-1)!.payload).toMatchObject({ state: 'done', rows });
    // At most about ten a second.
    const span = (progress.at(-1)!.at - progress[0]!.at) / 1000;
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(span * 10) + 2);

    const page = ok(await t.call(manager, 'rejected.rows', { viewId: view.viewId, from: 299_998, count: 3 }));
    expect(page).toMatchObject({ total: rows, state: 'done' });
    expect(page.rows.map((r) => r.row)).toEqual([299_999, 300_000, 300_001]);
    expect(page.rows[1]).toEqual({ row: 300_000, cells: ['300000', 'user300000@example.com', '0', 'qty: row 300000 refused'], errors: [{ column: 2, message: 'qty: row 300000 refused', source: 'column' }] });
    const errorsOnly = ok(await t.call(manager, 'rejected.rows', { viewId: view.viewId, from: 299, count: 2, onlyErrors: true }));
    expect(errorsOnly.total).toBe(400);
    expect(errorsOnly.rows.map((r) => r.row)).toEqual([300_000, 301_000]);
    const groups = ok(await t.call(manager, 'rejected.errors', { viewId: view.viewId }));
    expect(groups.errorRows).toBe(400);
    expect(groups.groups).toEqual([expect.objectContaining({ message: 'qty: row # refused', column: 2, source: 'column', count: 400 })]);
    // Its index fills the list's scan.
    expect(await until(async () => (await listed(manager)).files[0]?.scan)).toMatchObject({ rows, errorRows: 400 });
  }, 30_000);

  it('reads windows of rows and only the rows in error; errors from the error column, the file and a sidecar', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(
      path.join(dir, 'contacts.csv'),
      csv([...contacts, ['Léa', 'lea@example.com', 'Brest', ''], ['Tom', 'tom@example.com'], ['Ana', 'ana@example.com', 'Porto', '']]),
    );
    writeFileSync(
      path.join(dir, 'contacts.errors.csv'),
      'ligne;colonne;message\r\n5;city;ville inconnue\r\n7;;doublon de la ligne 6\r\n',
    );
    const view = await open(manager, 'contacts.csv');
    await done(manager, view.viewId);
    const window = ok(await t.call(manager, 'rejected.rows', { viewId: view.viewId, from: 3, count: 3 }));
    expect(window.total).toBe(7);
    expect(window.rows).toEqual([
      { row: 4, cells: ['Hina', 'hina@example.com', 'Osaka', 'company: unknown'], errors: [{ column: null, message: 'company: unknown', source: 'column' }] },
      { row: 5, cells: ['Léa', 'lea@example.com', 'Brest', ''], errors: [{ column: 2, message: 'ville inconnue', source: 'sidecar' }] },
      { row: 6, cells: ['Tom', 'tom@example.com'], errors: [{ column: null, message: 'the row has 2 fields; the header names 4', source: 'file' }] },
    ]);
    const errors = ok(await t.call(manager, 'rejected.rows', { viewId: view.viewId, from: 0, count: 100, onlyErrors: true }));
    expect(errors.rows.map((r) => r.row)).toEqual([1, 2, 4, 5, 6, 7]);
    expect(errors.total).toBe(6);
    expect(errors.rows[0]!.errors).toEqual([{ column: 1, message: 'email: invalid domain', source: 'column' }]);

    const summary = ok(await t.call(manager, 'rejected.errors', { viewId: view.viewId }));
    expect(summary.errorRows).toBe(6);
    const bySource = Object.fromEntries(summary.groups.map((g) => [`${g.source}:${g.example}`, g.count]));
    expect(bySource).toMatchObject({ 'column:email: invalid domain': 1, 'column:email: required': 1, 'sidecar:ville inconnue': 1, 'sidecar:doublon de la ligne 6': 1, 'file:the row has 2 fields; the header names 4': 1 });
  });

  it('takes errors from a JSON sidecar in the first rows already', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'orders.csv'), 'order_id,product,qty\nSO1,Desk,-2\nSO2,Chair,4\n');
    writeFileSync(path.join(dir, 'orders.errors.json'), JSON.stringify({ errors: [{ row: 1, field: 'qty', message: 'quantity must be positive' }] }));
    const view = await open(manager, 'orders.csv');
    expect(view.importType).toBe('orders');
    expect(view.firstRows[0]!.errors).toEqual([{ column: 2, message: 'quantity must be positive', source: 'sidecar' }]);
    expect(view.firstRows[1]!.errors).toEqual([]);
  });

  it('adds the log entries that name the file', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'contacts-2026-03-02.csv'), csv([['name', 'email'], ['Marie', 'marie@example.com'], ['Jean', 'jean.dupont@']]));
    const logs = path.join(t.dataDir, 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      path.join(logs, 'odoo.log'),
      '2026-03-02 08:00:00,000 4124 INFO vigie_prod odoo.addons.base_import: Import of contacts-2026-03-02.csv started\n' +
        '2026-03-02 08:00:01,000 4124 ERROR vigie_prod odoo.addons.base_import: Import of contacts-2026-03-02.csv failed: row 2: invalid email "jean.dupont@"\n' +
        '2026-03-02 08:00:02,000 4124 ERROR vigie_prod odoo.addons.base_import: Import of old-contacts-2026-03-02.csv failed: row 1: other file\n',
    );
    const view = await open(manager, 'contacts-2026-03-02.csv');
    const rowTwo = await until(async () => {
      const page = ok(await t.call(manager, 'rejected.rows', { viewId: view.viewId, from: 1, count: 1 }));
      const row = page.rows[0];
      return row && row.errors.length > 0 && row;
    });
    expect(rowTwo.errors).toEqual([{ column: 1, message: 'invalid email "jean.dupont@"', source: 'log' }]);
    const summary = ok(await t.call(manager, 'rejected.errors', { viewId: view.viewId }));
    expect(summary.errorRows).toBe(1);
    expect(summary.groups).toEqual([expect.objectContaining({ source: 'log', column: 1, count: 1, rows: [2] })]);
    const onlyErrors = ok(await t.call(manager, 'rejected.rows', { viewId: view.viewId, from: 0, count: 10, onlyErrors: true }));
    expect(onlyErrors.rows.map((r) => r.row)).toEqual([2]);
  });

  it('refuses names that are not plain files of the folder', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'ok.csv'), csv(contacts));
    writeFileSync(path.join(t.dataDir, 'x'), 'outside;the;folder\r\n');
    const outside = path.join(makeTempDir(), 'secret.csv');
    writeFileSync(outside, 'password;x\r\n');
    symlinkSync(outside, path.join(dir, 'escape.csv'));
    symlinkSync('../x', path.join(dir, 'up.csv'));
    mkdirSync(path.join(dir, 'a'));
    writeFileSync(path.join(dir, 'a', 'b'), csv(contacts));
    writeFileSync(path.join(dir, '.hidden'), csv(contacts));
    savePath = path.join(makeTempDir(), 'copy.csv');
    for (const name of ['../x', 'a/b', '.hidden', 'escape.csv', 'up.csv', 'a', '..', '.', 'missing.csv', `${dir}/ok.csv`, 'ok.csv\0', '..\\x', 'archive']) {
      expect(failure(await t.call(manager, 'rejected.open', { name })).code, name).toBe('NOT_FOUND');
      expect(failure(await t.call(manager, 'rejected.download', { name })).code, name).toBe('NOT_FOUND');
      expect(failure(await t.call(manager, 'rejected.delete', { name, confirmName: name })).code, name).toBe('NOT_FOUND');
    }
    expect(existsSync(outside) && existsSync(path.join(t.dataDir, 'x')) && existsSync(path.join(dir, 'a', 'b'))).toBe(true);
    expect(existsSync(savePath)).toBe(false);
    expect((await open(manager, 'ok.csv')).firstRows).toHaveLength(4);
  });

  it('keeps views to their window, three per window', async () => {
    const { manager, dir } = await setUp();
    for (const n of [1, 2, 3, 4]) writeFileSync(path.join(dir, `f${n}.csv`), csv(contacts));
    const other = t.session();
    ok(await t.call(other, 'auth.signIn', { username: 'claire.martin', password: 'correct horse battery staple' }));
    const views = [];
    for (const n of [1, 2, 3, 4]) views.push(await open(manager, `f${n}.csv`));
    expect(failure(await t.call(other, 'rejected.status', { viewId: views[3]!.viewId })).code).toBe('NOT_FOUND');
    expect(failure(await t.call(other, 'rejected.rows', { viewId: views[3]!.viewId, from: 0, count: 1 })).code).toBe('NOT_FOUND');
    expect(failure(await t.call(other, 'rejected.reimport', { viewId: views[3]!.viewId, edits: [] })).code).toBe('NOT_FOUND');
    // The oldest was closed when the fourth opened.
    expect(failure(await t.call(manager, 'rejected.status', { viewId: views[0]!.viewId })).code).toBe('NOT_FOUND');
    for (const v of views.slice(1)) expect(ok(await t.call(manager, 'rejected.status', { viewId: v.viewId })).viewId).toBe(v.viewId);
    ok(await t.call(manager, 'rejected.close', { viewId: views[1]!.viewId }));
    expect(failure(await t.call(manager, 'rejected.rows', { viewId: views[1]!.viewId, from: 0, count: 1 })).code).toBe('NOT_FOUND');
  });

  it('says clearly what is wrong with an empty file, a header alone, binary data, a file deleted while open', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'empty.csv'), '');
    writeFileSync(path.join(dir, 'header.csv'), 'name;email;error\r\n');
    writeFileSync(path.join(dir, 'image.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    writeFileSync(path.join(dir, 'book.csv'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]));

    const empty = await open(manager, 'empty.csv');
    expect(empty.firstRows).toEqual([]);
    expect((await done(manager, empty.viewId)).problem).toMatchObject({ code: 'empty' });
    const header = await open(manager, 'header.csv');
    expect(header.header).toEqual(['name', 'email', 'error']);
    expect((await done(manager, header.viewId)).problem).toMatchObject({ code: 'header-only', message: 'header.csv has a header but no rows.' });
    const binary = failure(await t.call(manager, 'rejected.open', { name: 'image.csv' }));
    expect(binary).toMatchObject({ code: 'FILE_ERROR', fields: [{ code: 'binary' }] });
    expect(binary.message).toMatch(/binary/);
    expect(failure(await t.call(manager, 'rejected.open', { name: 'book.csv' })).message).toMatch(/Excel/);

    writeFileSync(path.join(dir, 'gone.csv'), csv(contacts));
    const gone = await open(manager, 'gone.csv');
    await done(manager, gone.viewId);
    rmSync(path.join(dir, 'gone.csv'));
    const read = failure(await t.call(manager, 'rejected.rows', { viewId: gone.viewId, from: 0, count: 2 }));
    expect(read).toMatchObject({ code: 'FILE_ERROR', fields: [{ code: 'deleted' }] });
  });
});

describe('rights', () => {
  it('lets Monitoring read, and only Manager or Orders administrators delete or re-import', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'a.csv'), csv(contacts));
    writeFileSync(path.join(dir, 'b.csv'), csv(contacts));
    const { session: monitor } = await t.accountWith(manager, 'monitor.only', ['monitoring.logs']);
    const view = await open(monitor, 'a.csv');
    await done(monitor, view.viewId);
    expect(ok(await t.call(monitor, 'rejected.rows', { viewId: view.viewId, from: 0, count: 2 })).rows).toHaveLength(2);
    expect(failure(await t.call(monitor, 'rejected.delete', { name: 'a.csv', confirmName: 'a.csv' })).code).toBe('FORBIDDEN');
    expect(failure(await t.call(monitor, 'rejected.reimport', { viewId: view.viewId, edits: [] })).code).toBe('FORBIDDEN');
    expect(failure(await t.call(monitor, 'rejected.settings.update', { rejectedFolder: dir, importFolder: makeTempDir(), polling: false })).code).toBe('FORBIDDEN');
    expect(existsSync(path.join(dir, 'a.csv'))).toBe(true);

    const { session: orders } = await t.accountWith(manager, 'orders.clerk', ['orders.pm']);
    expect(failure(await t.call(orders, 'rejected.list', {})).code).toBe('FORBIDDEN');
    ok(await t.call(orders, 'rejected.delete', { name: 'b.csv', confirmName: 'b.csv' }));
    expect(existsSync(path.join(dir, 'b.csv'))).toBe(false);
  });
});

describe('rejected.download', () => {
  it('writes a copy where the admin chooses; the original is untouched; audited, cancelled too', async () => {
    const { manager, dir } = await setUp();
    const file = path.join(dir, 'contacts.csv');
    writeFileSync(file, csv(contacts));
    const before = statSync(file);
    const bytes = readFileSync(file);
    savePath = path.join(makeTempDir(), 'my copy.csv');
    const result = ok(await t.call(manager, 'rejected.download', { name: 'contacts.csv' }));
    expect(result).toEqual({ path: savePath, bytes: bytes.length });
    expect(readFileSync(savePath).equals(bytes)).toBe(true);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    savePath = null;
    expect(ok(await t.call(manager, 'rejected.download', { name: 'contacts.csv' }))).toEqual({ path: null, bytes: 0 });
    const records = await auditOf(manager, 'rejected.download');
    expect(records.map((r) => r.summary)).toEqual([
      { name: 'contacts.csv', size: bytes.length, path: null, cancelled: true },
      { name: 'contacts.csv', size: bytes.length, path: path.join(path.dirname(result.path!), 'my copy.csv'), bytes: bytes.length },
    ]);
  });
});

describe('rejected.delete', () => {
  it('asks for the name, deletes the file and its sidecars for good, audits its SHA-256; a same-name file dropped later is new', async () => {
    const { manager, dir } = await setUp();
    const file = path.join(dir, 'contacts.csv');
    const content = csv(contacts);
    writeFileSync(file, content);
    writeFileSync(path.join(dir, 'contacts.errors.json'), '[]');
    const view = await open(manager, 'contacts.csv');
    await done(manager, view.viewId);
    expect(await until(async () => (await listed(manager)).files[0]?.scan)).toMatchObject({ rows: 4 });

    const refused = failure(await t.call(manager, 'rejected.delete', { name: 'contacts.csv', confirmName: 'contacts' }));
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'confirmName' }] });
    expect(existsSync(file)).toBe(true);

    const seen = collectEvents();
    ok(await t.call(manager, 'rejected.delete', { name: 'contacts.csv', confirmName: 'contacts.csv' }));
    expect(readdirSync(dir)).toEqual([]);
    const [record] = await auditOf(manager, 'rejected.delete');
    expect(record!.summary).toEqual({ name: 'contacts.csv', size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex'), sidecars: ['contacts.errors.json'] });
    expect(record!.actor).toBe('claire.martin');
    await until(() => seen.some((e) => e.event === 'rejected.changed'));
    expect((await listed(manager)).files).toEqual([]);
    // Its view is gone with it.
    expect(failure(await t.call(manager, 'rejected.status', { viewId: view.viewId })).code).toBe('NOT_FOUND');

    // The same name again, other content: a new file.
    writeFileSync(file, csv([['name', 'email'], ['Nouveau', 'nouveau@example.com']]));
    const again = await until(async () => (await listed(manager)).files.find((f) => f.scan));
    expect(again).toMatchObject({ name: 'contacts.csv', scan: { rows: 1, errorRows: 0 } });
    const reopened = await open(manager, 'contacts.csv');
    expect(reopened.header).toEqual(['name', 'email']);
    expect(reopened.firstRows.map((r) => r.cells)).toEqual([['Nouveau', 'nouveau@example.com']]);
  });
});

describe('rejected.validate', () => {
  it('checks the edited rows again: a fixed e-mail clears its row, a ragged row stays in error', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(
      path.join(dir, 'contacts.csv'),
      csv([
        ['name', 'email', 'birth_date', 'error'],
        ['Marie', 'marie@exemple', '1990-04-01', 'email: invalid domain'],
        ['Pierre', '', '1985-02-30', 'email: required'],
        ['Jean', 'jean@example.com'],
        ['Hina', 'hina@example.com', '02/03/1991', ''],
      ]),
    );
    const view = await open(manager, 'contacts.csv');
    await done(manager, view.viewId);
    const edits = [
      { row: 1, column: 1, value: 'marie@exemple.fr' },
      { row: 2, column: 1, value: '' },
      { row: 3, column: 0, value: 'Jean D.' },
      { row: 4, column: 1, value: 'not an address' },
    ];
    const checked = ok(await t.call(manager, 'rejected.validate', { viewId: view.viewId, edits }));
    expect(checked.rows).toEqual([
      { row: 1, cells: ['Marie', 'marie@exemple.fr', '1990-04-01', 'email: invalid domain'], errors: [] },
      {
        row: 2,
        cells: ['Pierre', '', '1985-02-30', 'email: required'],
        errors: [
          { column: 1, message: 'email is required', source: 'file' },
          { column: 2, message: "birth_date: '1985-02-30' is not a date (2026-03-02 or 02/03/2026)", source: 'file' },
        ],
      },
      { row: 3, cells: ['Jean D.', 'jean@example.com'], errors: [{ column: null, message: 'the row has 2 fields; the header names 4', source: 'file' }] },
      { row: 4, cells: ['Hina', 'not an address', '02/03/1991', ''], errors: [{ column: 1, message: "email: 'not an address' is not an e-mail address", source: 'file' }] },
    ]);
    expect(checked.errorRows).toBe(3);
    const bad = failure(await t.call(manager, 'rejected.validate', { viewId: view.viewId, edits: [{ row: 9, column: 0, value: 'x' }, { row: 1, column: 3, value: 'x' }] }));
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'edits.0.row' }, { path: 'edits.1.column', code: 'error-column' }] });
  });

  it('uses the accounts import checks for an accounts file', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'accounts-rejected.csv'), csv([['username', 'first_name', 'last_name', 'email', 'status', 'error'], ['jdoe', 'Jane', 'Doe', 'jane@', 'active', "email: 'jane@' is not an e-mail address"]]));
    const view = await open(manager, 'accounts-rejected.csv');
    expect(view.importType).toBe('accounts');
    await done(manager, view.viewId);
    const checked = ok(await t.call(manager, 'rejected.validate', { viewId: view.viewId, edits: [{ row: 1, column: 3, value: 'jane@example.com' }, { row: 1, column: 4, value: 'sleeping' }] }));
    expect(checked.rows[0]!.errors).toEqual([{ column: 4, message: "unknown status 'sleeping' (active, locked, inactive)", source: 'file' }]);
  });
});

describe('rejected.reimport', () => {
  /** Windows-1252 bytes of a text of Latin-1 letters, with € as 0x80. */
  const cp1252 = (text: string) => Buffer.from(text.replace(/€/g, '\x80'), 'latin1');

  async function reimportSetUp(name: string, content: string | Buffer) {
    const s = await setUp();
    writeFileSync(path.join(s.dir, name), content);
    const view = await open(s.manager, name);
    await done(s.manager, view.viewId);
    return { ...s, view, imports: path.join(t.dataDir, 'imports') };
  }

  it('writes the corrected rows in the same encoding and delimiter, without the error column, and archives the file', async () => {
    const original = cp1252('nom;email;ville;erreur\r\nHélène;helene@exemple;Besançon;email: domaine invalide\r\nFrançois;francois@example.com;"Orléans; 5€";\r\n');
    const { manager, dir, view, imports } = await reimportSetUp('contacts.csv', original);
    expect(view).toMatchObject({ encoding: 'windows-1252', delimiter: ';', lineEnd: 'crlf', bom: false, errorColumn: 3 });
    const seen = collectEvents();
    const result = ok(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [{ row: 1, column: 1, value: 'helene@exemple.fr' }, { row: 2, column: 0, value: 'Zoë "Fanfan"' }] }));
    expect(result).toEqual({ importPath: path.join(imports, 'contacts.csv'), archivedPath: path.join(dir, 'archive', 'contacts.csv'), rows: 2, encoding: 'windows-1252' });
    expect(readFileSync(result.importPath).equals(cp1252('nom;email;ville\r\nHélène;helene@exemple.fr;Besançon\r\n"Zoë ""Fanfan""";francois@example.com;"Orléans; 5€"\r\n'))).toBe(true);
    expect(readFileSync(result.archivedPath).equals(original)).toBe(true);
    expect(readdirSync(dir)).toEqual(['archive']);
    expect(readdirSync(imports)).toEqual(['contacts.csv']);
    const [record] = await auditOf(manager, 'rejected.reimport');
    expect(record!.summary).toMatchObject({ name: 'contacts.csv', importPath: result.importPath, archivedPath: result.archivedPath, rows: 2, edits: 2 });
    await until(() => seen.some((e) => e.event === 'rejected.changed'));
    expect((await listed(manager)).files).toEqual([]);
    expect(failure(await t.call(manager, 'rejected.status', { viewId: view.viewId })).code).toBe('NOT_FOUND');
  });

  it('writes UTF-8 when asked, keeps a byte order mark and quotes what needs quotes', async () => {
    const original = '\uFEFFname,note,error\n"Dupont, Jean","a ""quoted"" note\nline 2",note: too long\nMarie,  spaced  ,\n';
    const { manager, view, imports } = await reimportSetUp('notes.csv', original);
    expect(view).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ',', lineEnd: 'lf' });
    const result = ok(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [], encoding: 'utf-8' }));
    expect(readFileSync(path.join(imports, 'notes.csv'), 'utf8')).toBe('\uFEFFname,note\n"Dupont, Jean","a ""quoted"" note\nline 2"\nMarie,"  spaced  "\n');
    expect(result.rows).toBe(2);

    // A Windows-1252 file written as UTF-8.
    const latin = cp1252('nom;ville\r\nHélène;Besançon €\r\n');
    writeFileSync(path.join(path.dirname(result.archivedPath), '..', 'latin.csv'), latin);
    const second = await open(manager, 'latin.csv');
    await done(manager, second.viewId);
    ok(await t.call(manager, 'rejected.reimport', { viewId: second.viewId, edits: [], encoding: 'utf-8' }));
    expect(readFileSync(path.join(imports, 'latin.csv'), 'utf8')).toBe('nom;ville\r\nHélène;Besançon €\r\n');
  });

  it('refuses to overwrite without being asked, then replaces; an archive name taken gets a suffix', async () => {
    const { manager, dir, view, imports } = await reimportSetUp('orders.csv', 'order_id;qty;error\nSO1;-1;qty: must be positive\n');
    writeFileSync(path.join(dir, 'orders.errors.json'), '[]');
    mkdirSync(imports, { recursive: true });
    writeFileSync(path.join(imports, 'orders.csv'), 'already here\n');
    mkdirSync(path.join(dir, 'archive'));
    writeFileSync(path.join(dir, 'archive', 'orders.csv'), 'archived before\n');
    const edits = [{ row: 1, column: 1, value: '1' }];
    const conflict = failure(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits }));
    expect(conflict).toMatchObject({ code: 'CONFLICT', fields: [{ path: 'overwrite' }] });
    expect(readFileSync(path.join(imports, 'orders.csv'), 'utf8')).toBe('already here\n');
    expect(readdirSync(imports)).toEqual(['orders.csv']);
    const result = ok(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits, overwrite: true }));
    expect(readFileSync(path.join(imports, 'orders.csv'), 'utf8')).toBe('order_id;qty\nSO1;1\n');
    expect(readdirSync(imports)).toEqual(['orders.csv']);
    expect(result.archivedPath).toBe(path.join(dir, 'archive', 'orders-20260302T120000Z.csv'));
    expect(readdirSync(path.join(dir, 'archive')).sort()).toEqual(['orders-20260302T120000Z.csv', 'orders-20260302T120000Z.errors.json', 'orders.csv']);
    expect(readFileSync(path.join(dir, 'archive', 'orders.csv'), 'utf8')).toBe('archived before\n');
  });

  it('leaves everything as it was when a step fails', async () => {
    const { manager, dir, view } = await reimportSetUp('contacts.csv', csv(contacts));
    const content = readFileSync(path.join(dir, 'contacts.csv'));

    // The import folder cannot be created: a file is in the way.
    const blocked = path.join(makeTempDir(), 'imports');
    writeFileSync(blocked, 'a file');
    writeSetting(t.db, 'folders.imports', blocked, new Date().toISOString());
    expect(failure(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [] })).code).toBe('FILE_ERROR');
    expect(readdirSync(dir)).toEqual(['contacts.csv']);

    // Not writable (as root everything is: skipped there).
    if (process.getuid?.() !== 0) {
      const locked = makeTempDir();
      chmodSync(locked, 0o500);
      writeSetting(t.db, 'folders.imports', locked, new Date().toISOString());
      try {
        expect(failure(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [] })).code).toBe('FILE_ERROR');
        expect(readdirSync(locked)).toEqual([]);
      } finally {
        chmodSync(locked, 0o700);
      }
      expect(readdirSync(dir)).toEqual(['contacts.csv']);
    }

    // Written, then the archive cannot be made (a file named archive): the written file goes.
    const imports = makeTempDir();
    writeSetting(t.db, 'folders.imports', imports, new Date().toISOString());
    writeFileSync(path.join(dir, 'archive'), 'in the way');
    expect(failure(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [] })).code).toBe('FILE_ERROR');
    expect(readdirSync(imports)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['archive', 'contacts.csv']);
    expect(readFileSync(path.join(dir, 'contacts.csv')).equals(content)).toBe(true);
    expect(await auditOf(manager, 'rejected.reimport')).toEqual([]);

    rmSync(path.join(dir, 'archive'));
    ok(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [] }));
    expect(readdirSync(imports)).toEqual(['contacts.csv']);
  });

  it('refuses rows that cannot be written as they are, and characters the encoding cannot hold', async () => {
    const { manager, view, imports } = await reimportSetUp('ragged.csv', cp1252('nom;email\r\nHélène;h@example.com\r\nJean\r\n'));
    const ragged = failure(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits: [] }));
    expect(ragged).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'edits', code: 'rows-in-error', message: expect.stringMatching(/^row 2: /) }] });
    // Padding the short row through an edit makes it whole; a Japanese name does not fit Windows-1252.
    const edits = [{ row: 2, column: 1, value: 'jean@example.com' }, { row: 1, column: 0, value: 'ひな' }];
    const encoding = failure(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits }));
    expect(encoding).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'edits.1.value', code: 'unrepresentable' }] });
    expect(existsSync(path.join(imports, 'ragged.csv'))).toBe(false);
    ok(await t.call(manager, 'rejected.reimport', { viewId: view.viewId, edits, encoding: 'utf-8' }));
    expect(readFileSync(path.join(imports, 'ragged.csv'), 'utf8')).toBe('nom;email\r\nひな;h@example.com\r\nJean;jean@example.com\r\n');
  });
});

describe('rejected.settings.update', () => {
  it('checks the folders, creates them, restarts the watcher and audits', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'old.csv'), csv(contacts));
    expect((await until(async () => (await listed(manager)).files.length > 0 && (await listed(manager))))).toBeTruthy();
    const base = makeTempDir();
    const rejected = path.join(base, 'rejected');
    const imports = path.join(base, 'imports');
    const refuse = async (input: { rejectedFolder: string; importFolder: string }, field: string) => {
      const error = failure(await t.call(manager, 'rejected.settings.update', { ...input, polling: false }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.fields?.[0]?.path).toBe(field);
    };
    await refuse({ rejectedFolder: 'relative/path', importFolder: imports }, 'rejectedFolder');
    await refuse({ rejectedFolder: rejected, importFolder: rejected }, 'importFolder');
    await refuse({ rejectedFolder: rejected, importFolder: path.join(rejected, 'imports') }, 'importFolder');
    await refuse({ rejectedFolder: path.join(imports, 'rejected'), importFolder: imports }, 'rejectedFolder');
    expect(existsSync(rejected) || existsSync(imports)).toBe(false);

    const view = ok(await t.call(manager, 'rejected.settings.update', { rejectedFolder: rejected, importFolder: imports, polling: true }));
    expect(view).toMatchObject({ rejectedFolder: rejected, importFolder: imports, polling: true, files: [] });
    expect(statSync(rejected).isDirectory() && statSync(imports).isDirectory()).toBe(true);
    const [record] = await auditOf(manager, 'rejected.settings.update');
    expect(record!.summary).toEqual({
      before: { rejectedFolder: dir, importFolder: path.join(t.dataDir, 'imports'), polling: false },
      after: { rejectedFolder: rejected, importFolder: imports, polling: true },
      created: [rejected, imports],
    });
    writeFileSync(path.join(rejected, 'new.csv'), csv(contacts));
    const found = await until(async () => (await listed(manager)).files.find((f) => f.name === 'new.csv'));
    expect(found.name).toBe('new.csv');
  });
});

describe('encodings of a corrected file', () => {
  it('encodes text back to the bytes it was decoded from, and refuses what an encoding cannot hold', () => {
    const latin = Buffer.from(Array.from({ length: 224 }, (_, i) => 0x20 + i));
    expect(encodeText(decodeBytes(latin, 'windows-1252'), 'windows-1252').equals(latin)).toBe(true);
    const japanese = '株式会社サクラ商事;ﾊﾝｶｸ;東京都;a|b\r\n';
    const sjis = encodeText(japanese, 'shift_jis');
    expect(new TextDecoder('shift_jis').decode(sjis)).toBe(japanese);
    expect(decodeBytes(encodeText('Zoë ひな 😀', 'utf-16be'), 'utf-16be')).toBe('Zoë ひな 😀');
    expect(decodeBytes(encodeText('Zoë ひな 😀', 'utf-16le'), 'utf-16le')).toBe('Zoë ひな 😀');
    expect(unrepresentable('Zoë €', 'windows-1252')).toBeNull();
    expect(unrepresentable('ひな', 'windows-1252')).toBe('ひ');
    expect(unrepresentable('Zoë', 'shift_jis')).toBe('ë');
    expect(csvLine(['a;b', 'say "hi"', ' pad', 'line\nbreak', 'plain'], ';', '\r\n')).toBe('"a;b";"say ""hi""";" pad";"line\nbreak";plain\r\n');
  });
});
