// The rejected-imports folder as the Logs area opens it (rejected.list / rejected.show): only
// plain files of the folder, never a path out of it; encodings, delimiters, bad files.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors';
import type { Session } from '../../main/ipc/session';
import { showRejectedFile } from '../../main/services/rejectedFiles';
import { startBackend, type TestBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

let t: TestBackend;
afterEach(() => t?.close());

function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function failure<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value).slice(0, 300)}`);
  return result.error;
}

async function setUp(): Promise<{ manager: Session; dir: string }> {
  t = startBackend();
  const { session } = await t.setUpManager();
  const dir = path.join(t.dataDir, 'rejected-imports');
  mkdirSync(dir, { recursive: true });
  return { manager: session, dir };
}

const csv = (rows: string[][], delimiter = ';') => `\uFEFF${rows.map((r) => r.join(delimiter)).join('\r\n')}\r\n`;
const contacts = [
  ['name', 'email', 'error'],
  ['Marie', 'marie@exemple', 'email: invalid domain'],
  ['Pierre', '', 'email: required'],
  ['Jean', 'jean.dupont@', 'email: invalid email'],
  ['Hina', 'hina@example.com', 'company: unknown'],
];

describe('rejected.list', () => {
  it('lists the plain files of the folder, newest first, without hidden files or links leading out', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'a.csv'), csv(contacts));
    writeFileSync(path.join(dir, '.a.csv.1234.tmp'), 'half written');
    mkdirSync(path.join(dir, 'sub'));
    const outside = path.join(makeTempDir(), 'secret.csv');
    writeFileSync(outside, 'password;x\r\n');
    symlinkSync(outside, path.join(dir, 'out.csv'));
    symlinkSync(path.join(dir, 'a.csv'), path.join(dir, 'link-in.csv'));
    const list = ok(await t.call(manager, 'rejected.list', {}));
    expect(list.map((f) => f.name).sort()).toEqual(['a.csv', 'link-in.csv']);
    expect(list[0]!.size).toBe(Buffer.byteLength(csv(contacts)));
    expect(Date.parse(list[0]!.modifiedAt)).not.toBeNaN();
  });

  it('needs the Monitoring (logs) permission', async () => {
    const { manager } = await setUp();
    const { session } = await t.accountWith(manager, 'stats.only', ['monitoring.statistics']);
    expect(failure(await t.call(session, 'rejected.list', {})).code).toBe('FORBIDDEN');
    expect(failure(await t.call(session, 'rejected.show', { name: 'a.csv' })).code).toBe('FORBIDDEN');
  });
});

describe('rejected.show', () => {
  it('shows the header and the rows around the row asked, semicolons and a BOM', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'contacts.csv'), csv(contacts));
    const shown = ok(await t.call(manager, 'rejected.show', { name: 'contacts.csv', row: 3, around: 1 }));
    expect(shown.delimiter).toBe(';');
    expect(shown.encoding).toBe('utf-8');
    expect(shown.header).toEqual(['name', 'email', 'error']);
    expect(shown.rows).toEqual([
      { row: 2, cells: ['Pierre', '', 'email: required'] },
      { row: 3, cells: ['Jean', 'jean.dupont@', 'email: invalid email'] },
      { row: 4, cells: ['Hina', 'hina@example.com', 'company: unknown'] },
    ]);
    expect(shown.focus).toBe(3);
    expect(shown.partial).toBe(false);

    const firstRows = ok(await t.call(manager, 'rejected.show', { name: 'contacts.csv', around: 2 }));
    expect(firstRows.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(firstRows.focus).toBeNull();
    expect(firstRows.partial).toBe(true);

    // A row the file does not have: the last rows, no focus.
    const beyond = ok(await t.call(manager, 'rejected.show', { name: 'contacts.csv', row: 9, around: 5 }));
    expect(beyond.rows.map((r) => r.row)).toEqual([4]);
    expect(beyond.focus).toBeNull();
    expect(beyond.rowsRead).toBe(4);
  });

  it('refuses names that are not plain files of the folder', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'ok.csv'), csv(contacts));
    writeFileSync(path.join(t.dataDir, 'x'), 'outside;the;folder\r\n');
    const outside = path.join(makeTempDir(), 'secret.csv');
    writeFileSync(outside, 'password;x\r\n');
    symlinkSync(outside, path.join(dir, 'escape.csv'));
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'inner.csv'), csv(contacts));
    writeFileSync(path.join(dir, '.hidden.csv'), csv(contacts));
    for (const name of ['../x', '..', '.', 'sub/inner.csv', 'sub', '.hidden.csv', 'escape.csv', 'missing.csv', `${dir}/ok.csv`, 'ok.csv\0', '..\\x']) {
      expect(failure(await t.call(manager, 'rejected.show', { name })).code, name).toBe('NOT_FOUND');
    }
    expect(ok(await t.call(manager, 'rejected.show', { name: 'ok.csv' })).rows).toHaveLength(4);
  });

  it('decodes a Latin-1 file and finds tab, pipe and comma delimiters (quoted delimiters kept in their cell)', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'latin1.csv'), Buffer.from('nom;ville;erreur\r\nHélène;Besançon;e-mail requis\r\nFrançois;Orléans;numéro invalide\r\n', 'latin1'));
    const latin1 = ok(await t.call(manager, 'rejected.show', { name: 'latin1.csv', row: 1 }));
    expect(latin1.encoding).toBe('latin1');
    expect(latin1.rows[0]!.cells).toEqual(['Hélène', 'Besançon', 'e-mail requis']);
    expect(latin1.rows[1]!.cells[1]).toBe('Orléans');

    writeFileSync(path.join(dir, 'tabs.tsv'), 'a\tb\tc\n1\t2, 3\t4\n');
    expect(ok(await t.call(manager, 'rejected.show', { name: 'tabs.tsv' }))).toMatchObject({ delimiter: '\t', header: ['a', 'b', 'c'], rows: [{ row: 1, cells: ['1', '2, 3', '4'] }] });
    writeFileSync(path.join(dir, 'pipes.csv'), 'a|b\n1|x;y\n');
    expect(ok(await t.call(manager, 'rejected.show', { name: 'pipes.csv' }))).toMatchObject({ delimiter: '|', rows: [{ row: 1, cells: ['1', 'x;y'] }] });
    writeFileSync(path.join(dir, 'commas.csv'), 'name,note\n"Dupont; Jean","a ""quoted"", note"\n');
    expect(ok(await t.call(manager, 'rejected.show', { name: 'commas.csv' }))).toMatchObject({ delimiter: ',', rows: [{ row: 1, cells: ['Dupont; Jean', 'a "quoted", note'] }] });
  });

  it('answers clearly for an empty file, a binary file and a quote left open', async () => {
    const { manager, dir } = await setUp();
    writeFileSync(path.join(dir, 'empty.csv'), '');
    expect(ok(await t.call(manager, 'rejected.show', { name: 'empty.csv', row: 2 }))).toMatchObject({ header: [], rows: [], focus: null, rowsRead: 0, partial: false });
    writeFileSync(path.join(dir, 'blank.csv'), '\uFEFF\r\n\r\n');
    expect(ok(await t.call(manager, 'rejected.show', { name: 'blank.csv' }))).toMatchObject({ header: [], rows: [] });

    writeFileSync(path.join(dir, 'image.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const binary = failure(await t.call(manager, 'rejected.show', { name: 'image.csv' }));
    expect(binary.code).toBe('FILE_ERROR');
    expect(binary.message).toMatch(/binary/);

    writeFileSync(path.join(dir, 'open.csv'), 'a;b\r\n1;2\r\n3;"never closed\r\n5;6\r\n7;8\r\n');
    const before = ok(await t.call(manager, 'rejected.show', { name: 'open.csv', row: 1, around: 1 }));
    expect(before.rows).toEqual([{ row: 1, cells: ['1', '2'] }]);
    expect(before.partial).toBe(true);
    const at = failure(await t.call(manager, 'rejected.show', { name: 'open.csv', row: 3 }));
    expect(at.code).toBe('FILE_ERROR');
    expect(at.message).toMatch(/row 2 opens a quote/);

    writeFileSync(path.join(dir, 'open-header.csv'), '"a;b\r\n1;2\r\n');
    expect(failure(await t.call(manager, 'rejected.show', { name: 'open-header.csv' })).code).toBe('FILE_ERROR');
  });
});

describe('showRejectedFile reading', () => {
  it('reads only as far as the rows shown, and at most the byte cap', async () => {
    const dir = makeTempDir();
    const rows = ['id,name,error', ...Array.from({ length: 200_000 }, (_, i) => `${i + 1},name ${i + 1},bad`)];
    writeFileSync(path.join(dir, 'big.csv'), `${rows.join('\n')}\n`);
    const near = await showRejectedFile(dir, 'big.csv', { row: 10, around: 3 });
    expect(near.rows.map((r) => r.row)).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(near.rowsRead).toBe(13);
    expect(near.partial).toBe(true);

    const capped = await showRejectedFile(dir, 'big.csv', { row: 150_000, around: 2, maxReadBytes: 1024 * 1024 });
    expect(capped.rows).toEqual([]);
    expect(capped.focus).toBeNull();
    expect(capped.partial).toBe(true);
    expect(capped.rowsRead).toBeGreaterThan(40_000);
    expect(capped.rowsRead).toBeLessThan(100_000);

    const end = await showRejectedFile(dir, 'big.csv', { row: 200_000, around: 1 });
    expect(end.rows.map((r) => r.cells[0])).toEqual(['199999', '200000']);
    expect(end.focus).toBe(200_000);
    expect(end.partial).toBe(false);
  });

  it('cuts cells longer than the display limit', async () => {
    const dir = makeTempDir();
    writeFileSync(path.join(dir, 'long.csv'), `a,b\n${'x'.repeat(50_000)},y\n`);
    const shown = await showRejectedFile(dir, 'long.csv', { around: 5 });
    expect(shown.rows[0]!.cells[0]).toHaveLength(10_001);
    expect(shown.rows[0]!.cells[1]).toBe('y');
  });
});
