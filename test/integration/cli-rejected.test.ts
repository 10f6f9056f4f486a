// `vigie rejected list` and `vigie rejected show`, run as an admin would: the real bundled CLI
// (out/cli/vigie.cjs) in a child process, on real folders of rejected files (one written by the
// accounts import itself), without any data directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccountsCsv } from '../../main/imports/accountsCsv';
import { writeRejectedFile } from '../../main/services/imports';
import { makeTempDir, removeTempDirs } from '../support/tempDir';

afterAll(removeTempDirs);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = path.join(root, 'out/cli/vigie.cjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** No data directory anywhere: these commands must not need one. */
function vigie(args: string[]): Run {
  const { VIGIE_DATA_DIR: _ignored, VIGIE_DEBUG: _debug, ...inherited } = process.env;
  const env = { ...inherited, XDG_CONFIG_HOME: makeTempDir('vigie-cli-nodata-'), APPDATA: makeTempDir('vigie-cli-nodata-') };
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK_TRACE = /\n\s+at .+:\d+/;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli', '--quiet'], { cwd: root, stdio: 'inherit' });
}, 60_000);

/** A rejected-imports folder: a file of the accounts import, Latin-1, UTF-16, a sidecar, noise. */
function rejectedFolder(withBinary: boolean): string {
  const folder = makeTempDir('vigie-cli-rejected-');
  const parsed = parseAccountsCsv(['Identifiant;Prénom;Nom;Courriel', 'lea;Léa;Martin;not-an-email', 'hugo;Hugo;Petit;hugo@example.com', 'emma;Emma;Roux;emma@'].join('\r\n'));
  writeRejectedFile(folder, 'accounts-2026-06-19.csv', parsed, parsed.rows.filter((r) => r.errors.length).map((row) => ({ row, errors: row.errors })));
  // Windows-1252: é is E9, € is 80.
  writeFileSync(path.join(folder, 'products.csv'), Buffer.concat([Buffer.from('default_code;name;list_price\r\nCH-1;Chaise pli', 'latin1'), Buffer.from([0xe9]), Buffer.from(';12,50 ', 'latin1'), Buffer.from([0x80]), Buffer.from('\r\n', 'latin1')]));
  writeFileSync(path.join(folder, 'contacts.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tcompany\tcity\r\nYuki Sato\tSato KK\t東京\r\nAnna\t\tParis\r\n', 'utf16le')]));
  writeFileSync(path.join(folder, 'contacts.errors.csv'), 'row,column,message\n2,company,required for a contact of a company\n');
  writeFileSync(path.join(folder, '.hidden.csv'), 'a,b\n');
  mkdirSync(path.join(folder, 'archive'));
  symlinkSync('/etc/hostname', path.join(folder, 'outside.csv'));
  if (withBinary) writeFileSync(path.join(folder, 'scan.csv'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0, 1, 2]));
  return folder;
}

describe('vigie rejected list', () => {
  it('lists each rejected file as one JSON object per line, sidecars and noise left out', () => {
    const run = vigie(['rejected', 'list', rejectedFolder(false), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(files.map((f) => f.name)).toEqual(['accounts-2026-06-19.csv', 'contacts.csv', 'products.csv']);
    expect(files[0]).toMatchObject({ rows: 2, errors: 2, delimiter: ';', encoding: 'utf-8', importType: 'accounts', header: true });
    expect(files[1]).toMatchObject({ rows: 2, errors: 1, delimiter: '\t', encoding: 'utf-16le', importType: 'contacts' });
    expect(files[2]).toMatchObject({ rows: 1, errors: 0, delimiter: ';', encoding: 'windows-1252', importType: 'products' });
    for (const f of files) {
      expect(typeof f.size).toBe('number');
      expect(f.modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('prints a table without --json; a file it cannot read gets its reason and exit 1', () => {
    const folder = rejectedFolder(true);
    const run = vigie(['rejected', 'list', folder]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SIZE\s+MODIFIED \(UTC\)\s+ROWS\s+ERRORS\s+DELIMITER\s+ENCODING\s+TYPE$/);
    expect(lines.find((l) => l.startsWith('contacts.csv'))).toMatch(/\s2\s+1\s+tab\s+utf-16le \(BOM\)\s+contacts$/);
    expect(lines.find((l) => l.startsWith('scan.csv'))).toMatch(/\s-\s+-\s+-\s+-\s+-$/);
    expect(run.stderr).toBe('vigie: scan.csv is a PDF document, not a CSV file: save it as CSV (comma or semicolon separated) first.\n');
    const json = vigie(['rejected', 'list', folder, '--json']);
    expect(json.code).toBe(1);
    const scan = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((f) => f.name === 'scan.csv');
    expect(scan).toMatchObject({ rows: null, errors: null, encoding: null, problem: 'scan.csv is a PDF document, not a CSV file: save it as CSV (comma or semicolon separated) first.' });
  });

  it('says so for an empty folder (exit 0), a missing one or a file (exit 1), without a stack trace', () => {
    expect(vigie(['rejected', 'list', makeTempDir('vigie-cli-empty-')])).toMatchObject({ code: 0, stdout: '' });
    const missing = vigie(['rejected', 'list', '/no/such/folder']);
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'vigie: /no/such/folder: no such file or folder\n' });
    const file = path.join(rejectedFolder(false), 'products.csv');
    expect(vigie(['rejected', 'list', file])).toMatchObject({ code: 1, stderr: `vigie: ${file} is not a folder (vigie rejected show reads one file)\n` });
    expect(missing.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('vigie rejected show', () => {
  it('prints one JSON document: header, rows as arrays of strings, encoding, delimiter, the errors found', () => {
    const folder = rejectedFolder(false);
    const run = vigie(['rejected', 'show', path.join(folder, 'accounts-2026-06-19.csv'), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      file: 'accounts-2026-06-19.csv',
      encoding: 'utf-8',
      bom: true,
      delimiter: ';',
      lineEnd: 'crlf',
      header: ['Identifiant', 'Prénom', 'Nom', 'Courriel', 'error'],
      importType: 'accounts',
      rowCount: 2,
      errorRows: 2,
      from: 1,
      problems: [],
      sidecar: null,
    });
    const rows = doc.rows as string[][];
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['lea', 'Léa', 'Martin', 'not-an-email'],
      ['emma', 'Emma', 'Roux', 'emma@'],
    ]);
    expect(doc.errors).toEqual([
      { row: 1, column: 'Courriel', columnIndex: 3, message: rows[0]![4], source: 'column' },
      { row: 2, column: 'Courriel', columnIndex: 3, message: rows[1]![4], source: 'column' },
    ]);
    expect(doc.groups).toEqual([expect.objectContaining({ column: 3, count: 2, rows: [1, 2], source: 'column' })]);
  });

  it('reads UTF-16 with a sidecar, and Windows-1252, by detection or by choice', () => {
    const folder = rejectedFolder(false);
    const contacts = JSON.parse(vigie(['rejected', 'show', path.join(folder, 'contacts.csv'), '--json']).stdout) as Record<string, unknown>;
    expect(contacts).toMatchObject({ encoding: 'utf-16le', bom: true, delimiter: '\t', rows: [['Yuki Sato', 'Sato KK', '東京'], ['Anna', '', 'Paris']], sidecar: { name: 'contacts.errors.csv', format: 'csv', count: 1, problems: [] } });
    expect(contacts.errors).toEqual([{ row: 2, column: 'company', columnIndex: 1, message: 'required for a contact of a company', source: 'sidecar' }]);
    const products = JSON.parse(vigie(['rejected', 'show', path.join(folder, 'products.csv'), '--json']).stdout) as Record<string, unknown>;
    expect(products).toMatchObject({ encoding: 'windows-1252', rows: [['CH-1', 'Chaise plié', '12,50 €']] });
    // Chosen by the admin: the comma splits '12,50' (and the header has one column).
    const forced = JSON.parse(vigie(['rejected', 'show', path.join(folder, 'products.csv'), '--json', '--delimiter', 'comma', '--encoding', 'latin1', '--no-header']).stdout) as Record<string, unknown>;
    expect(forced).toMatchObject({ delimiter: ',', encoding: 'windows-1252', header: null, rowCount: 2, rows: [['default_code;name;list_price'], ['CH-1;Chaise plié;12', '50 €']] });
  });

  it('shows a window with --from and --limit, and a table of rows and errors in text', () => {
    const folder = makeTempDir('vigie-cli-rejected-');
    const file = path.join(folder, 'orders.csv');
    writeFileSync(file, `order,product,quantity,error\n${Array.from({ length: 120 }, (_, i) => `S${i + 1},"Desk\nwith drawer",${i + 1},${i % 40 === 5 ? 'quantity: too many' : ''}`).join('\n')}\n`);
    const window = JSON.parse(vigie(['rejected', 'show', file, '--json', '--from', '5', '--limit', '3']).stdout) as Record<string, unknown>;
    expect(window).toMatchObject({ from: 5, rowCount: 120, errorRows: 3, rows: [['S5', 'Desk\nwith drawer', '5', ''], ['S6', 'Desk\nwith drawer', '6', 'quantity: too many'], ['S7', 'Desk\nwith drawer', '7', '']] });
    expect(window.errors).toEqual([{ row: 6, column: 'quantity', columnIndex: 2, message: 'quantity: too many', source: 'column' }]);

    const text = vigie(['rejected', 'show', file]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('orders.csv: 120 rows, 3 with errors; utf-8, comma-separated, LF; header; looks like an import of orders');
    expect(lines[2]).toMatch(/^ROW\s+order\s+product\s+quantity\s+error$/);
    expect(lines[3]).toMatch(/^1\s+S1\s+Desk↵with drawer\s+1$/);
    expect(text.stdout).toContain('… 70 more rows (--from, --limit, --json)');
    expect(text.stdout).toContain('Errors:\n  row 6: quantity: too many (column)\n  row 46: quantity: too many (column)\n');
  });

  it('refuses wrong options (exit 2) and reports unreadable files in one line (exit 1)', () => {
    const folder = rejectedFolder(true);
    for (const args of [['--encoding', 'ebcdic'], ['--delimiter', ':'], ['--limit', 'x'], ['--from', '0'], ['--header', '--no-header']]) {
      const run = vigie(['rejected', 'show', path.join(folder, 'products.csv'), ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^vigie: .+\n\nUsage: vigie rejected show/);
    }
    expect(vigie(['rejected', 'show', path.join(folder, 'scan.csv'), '--json'])).toMatchObject({ code: 1, stdout: '', stderr: 'vigie: scan.csv is a PDF document, not a CSV file: save it as CSV (comma or semicolon separated) first.\n' });
    expect(vigie(['rejected', 'show', path.join(folder, 'nope.csv')])).toMatchObject({ code: 1, stderr: `vigie: ${path.join(folder, 'nope.csv')}: no such file or folder\n` });
    expect(vigie(['rejected', 'show', folder]).code).toBe(1);
    expect(vigie(['rejected']).code).toBe(2);
    const help = vigie(['--help']);
    expect(help.stdout).toContain('rejected list');
    expect(help.stdout).toContain('rejected show');
  });
});
