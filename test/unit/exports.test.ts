// Exports of the accounts list, read back with a real parser for each format: the writers on
// plain rows (quoting, neutralisation of formulas, multi-line cells, fonts of the PDF), then the
// whole path through the router with a real worker thread: the rows are exactly those the list
// shows (filter, sort, columns, the admin's scope of sites), progress events, the audit record,
// a cancelled save dialog, and a folder that cannot be written (FILE_ERROR, no partial file).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import Papa from 'papaparse';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../main/exports/csv';
import { writeDocx } from '../../main/exports/docx';
import { PDF_FONT_CANDIDATES, writePdf, type PdfFont } from '../../main/exports/pdf';
import { writeXlsx } from '../../main/exports/xlsx';
import type { ChooseSavePath } from '../../main/ipc/context';
import type { Session } from '../../main/ipc/session';
import { ACCOUNT_COLUMNS, IMPORTABLE_COLUMNS, type ExportFormat } from '../../shared/accounts';
import type { ChannelInput } from '../../shared/contract';
import type { ExportResult } from '../../shared/types';
import { startBackend, type TestBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

async function pdfText(file: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    // Each text drawn is one item (a cell's line, a header, a footer part); pdf.js adds blank ones between.
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).filter((text) => text.trim() !== '').join('\n'));
  }
  await doc.destroy();
  return pages;
}

async function xlsxRows(file: string): Promise<{ rows: string[][]; sheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(String(row.getCell(c).value ?? ''));
    rows.push(values);
  });
  return { rows, sheet };
}

function csvRows(file: string): { bom: boolean; rows: string[][]; raw: string } {
  const bytes = readFileSync(file);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const raw = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(raw, { header: false, skipEmptyLines: true, delimiter: ',' });
  expect(parsed.errors).toEqual([]);
  return { bom, rows: parsed.data, raw };
}

describe('the writers, on plain rows', () => {
  const dir = makeTempDir('vigie-exports-');
  const headers = ['username', 'name', 'phone', 'address'];
  const rows = [
    ['ana', '=HYPERLINK("http://evil.example","click")', '+33 6 12 34 56 78', '12 rue de la Paix\n75002 Paris'],
    ['bo', '@SUM(A1:A9)', '-1+2', 'a "quoted", comma'],
    ['yamada', '山田 太郎', '\tTAB', 'Łódź'],
  ];

  it('CSV: BOM, CRLF, RFC 4180 quoting, every formula-like cell neutralised', async () => {
    const file = path.join(dir, 'plain.csv');
    const seen: number[] = [];
    const done = await writeCsv(file, headers, [rows.slice(0, 2), rows.slice(2)], { onRows: (n) => seen.push(n) });
    expect(done.rows).toBe(3);
    expect(seen).toEqual([2, 3]);
    const { bom, rows: read, raw } = csvRows(file);
    expect(bom).toBe(true);
    expect(raw.split('\r\n')[0]).toBe('username,name,phone,address');
    expect(raw.match(/\r\n/g)).toHaveLength(4); // one per record; the address's own line break is inside quotes
    expect(read).toEqual([
      headers,
      ['ana', `'=HYPERLINK("http://evil.example","click")`, "'+33 6 12 34 56 78", '12 rue de la Paix\n75002 Paris'],
      ['bo', "'@SUM(A1:A9)", "'-1+2", 'a "quoted", comma'],
      ['yamada', '山田 太郎', "'\tTAB", 'Łódź'],
    ]);
  });

  it('XLSX: text cells, neutralised, bold frozen header with an autofilter, sized columns', async () => {
    const file = path.join(dir, 'plain.xlsx');
    await writeXlsx(file, ['Utilisateur', 'Nom', 'Téléphone', 'Adresse'], [rows], { title: 'Vigie — accounts' });
    const { rows: read, sheet } = await xlsxRows(file);
    expect(read[0]).toEqual(['Utilisateur', 'Nom', 'Téléphone', 'Adresse']);
    expect(read[1]).toEqual(['ana', `'=HYPERLINK("http://evil.example","click")`, "'+33 6 12 34 56 78", '12 rue de la Paix\n75002 Paris']);
    expect(read[2]![1]).toBe("'@SUM(A1:A9)");
    expect(read[3]).toEqual(['yamada', '山田 太郎', "'\tTAB", 'Łódź']);
    // No cell is a formula, and none is a number (a phone keeps its form).
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).toBe(ExcelJS.ValueType.String)));
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(1).width!);
    expect(sheet.name).toBe('Vigie — accounts');
  });

  it('DOCX: title, subtitle, header row repeated on each page, neutralised cells, lines of a cell kept', async () => {
    const file = path.join(dir, 'plain.docx');
    const done = await writeDocx(file, ['Utilisateur', 'Nom', 'Téléphone', 'Adresse'], [rows, [['ctrl\u0001char', 'x', '', '']]], { title: 'Vigie — accounts', subtitle: 'Generated … · 4 accounts' });
    expect(done.rows).toBe(4);
    const text = (await mammoth.extractRawText({ path: file })).value;
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines.slice(0, 6)).toEqual(['Vigie — accounts', 'Generated … · 4 accounts', 'Utilisateur', 'Nom', 'Téléphone', 'Adresse']);
    expect(lines).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(lines).toContain("'+33 6 12 34 56 78");
    expect(lines).toContain("'@SUM(A1:A9)");
    // The lines of the address are one cell, with a line break between them.
    expect((await mammoth.convertToHtml({ path: file })).value).toContain('<p>12 rue de la Paix<br />75002 Paris</p>');
    expect(lines).toContain('山田 太郎');
    // A character XML forbids is dropped, not left to break the file.
    expect(lines).toContain('ctrlchar');
    const xml = (await import('../../main/exports/zip')).readZip(readFileSync(file));
    const document = xml.find((m) => m.name === 'word/document.xml')!;
    const content = (await import('../../main/exports/zip')).memberContent(document).toString('utf8');
    expect(content).toContain('<w:tblHeader/>');
    expect(content).toContain('w:orient="landscape"');
    expect(content.match(/<w:tr>/g)).toHaveLength(5);
  });

  it('DOCX: many rows stream through, in a valid archive', async () => {
    const file = path.join(dir, 'many.docx');
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 1000 }, (_, i) => [`user${b * 1000 + i}`, 'Name & <Co>', '', '']));
    const done = await writeDocx(file, headers, batches);
    expect(done.rows).toBe(20_000);
    const { readZip, memberContent } = await import('../../main/exports/zip');
    const members = readZip(readFileSync(file));
    // memberContent checks nothing itself: inflate, then compare with the CRC the archive states.
    const { crc32 } = await import('node:zlib');
    for (const member of members) expect(crc32(memberContent(member))).toBe(member.crc);
    const xml = memberContent(members.find((m) => m.name === 'word/document.xml')!).toString('utf8');
    expect(xml.match(/<w:tr>/g)).toHaveLength(20_001);
    expect(xml).toContain('>user19999<');
    expect(xml).toContain('>Name &amp; &lt;Co&gt;<');
  });

  it('PDF: header on every page, page numbers and row ranges, every row once', async () => {
    const file = path.join(dir, 'plain.pdf');
    const many = Array.from({ length: 120 }, (_, i) => [`user${String(i).padStart(3, '0')}`, `Name ${i}`, '+33 1 00 00 00 00', `Street ${i}`]);
    const done = await writePdf(file, ['Utilisateur', 'Nom', 'Téléphone', 'Adresse'], [many.slice(0, 50), many.slice(50)], { title: 'Vigie — accounts', subtitle: 'Generated · 120 accounts', total: 120, fonts: [] });
    expect(done).toMatchObject({ rows: 120, font: null });
    const pages = await pdfText(file);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('Vigie — accounts');
    expect(pages[0]).toContain('Generated · 120 accounts');
    pages.forEach((page, i) => {
      const items = page.split('\n');
      expect(items.slice(0, 8)).toEqual(expect.arrayContaining(['Utilisateur', 'Nom', 'Téléphone', 'Adresse']));
      expect(items).toContain(String(i + 1));
      expect(items.some((item) => /^\d+–\d+ \/ 120$/.test(item))).toBe(true);
    });
    const users = pages.flatMap((p) => p.split('\n').filter((item) => /^user\d{3}$/.test(item)));
    expect(users).toEqual(many.map((r) => r[0]));
    // A PDF is read, not computed: its cells are shown as they are.
    expect(pages.join('\n')).toContain('+33 1 00 00 00 00');
  });

  it('PDF: without a CJK font, Japanese prints as ?; long cells wrap; an embedded font is used when found', async () => {
    const helvetica = path.join(dir, 'helvetica.pdf');
    const long = 'manager.accounts;manager.rights;manager.settings;monitoring.statistics;monitoring.logs;orders.pm;orders.pb;orders.links;orders.pto;api.admin;api.users;'.repeat(3);
    await writePdf(helvetica, ['username', 'name', 'permissions'], [[['yamada', '山田 Łódź Café', long]]], { fonts: [] });
    const text = (await pdfText(helvetica)).join('\n');
    expect(text).toContain('?? ?ód? Café'); // Helvetica (WinAnsi): no kanji, no Ł nor ź
    const wrapped = text.split('\n').filter((item) => item.startsWith('manager.') || item.startsWith('monitoring.') || item.startsWith('orders.') || item.startsWith('api.'));
    expect(wrapped.length).toBeGreaterThan(1); // over several lines, nothing lost
    expect(wrapped.join('')).toBe(long);

    const fonts: PdfFont[] = [{ file: '/no/such/font.ttc', family: 'Nope' }, { file: DEJAVU }];
    if (existsSync(DEJAVU)) {
      const embedded = path.join(dir, 'dejavu.pdf');
      const done = await writePdf(embedded, ['username', 'name'], [[['yamada', '山田 Łódź Café']]], { fonts });
      expect(done.font).toBe(DEJAVU);
      const embeddedText = (await pdfText(embedded)).join('\n');
      expect(embeddedText).toContain('?? Łódź Café'); // DejaVu has Polish letters, not kanji
    }
  });

  const cjk = PDF_FONT_CANDIDATES.find((font) => font.family?.startsWith('NotoSansCJK') && existsSync(font.file));
  it.skipIf(!cjk)('PDF: with a CJK font on the machine, Japanese is printed as it is, and Latin letters it lacks from the next font', async () => {
    const file = path.join(dir, 'cjk.pdf');
    const done = await writePdf(file, ['ユーザー名', '氏名'], [[['yamada', '山田 太郎 Łódź']]]);
    expect(done.font).toBe(cjk!.file);
    // Noto Sans CJK has no Ł nor ź: those come from the next font of the chain (DejaVu here).
    if (existsSync(DEJAVU)) expect(done.fonts).toEqual([cjk!.file, DEJAVU]);
    const items = (await pdfText(file)).join('\n').split('\n');
    expect(items).toEqual(expect.arrayContaining(['ユーザー名', '氏名', 'yamada', '山田 太郎', 'Łódź']));
  });

  it('every writer fails on a folder that does not exist, and writes an empty table fine', async () => {
    for (const write of [writeCsv, writeXlsx, writeDocx, writePdf]) {
      await expect(write(path.join(dir, 'missing', 'x.out'), headers, [])).rejects.toMatchObject({ code: 'ENOENT' });
      const empty = path.join(dir, `empty-${write.name}`);
      await expect(write(empty, headers, [])).resolves.toMatchObject({ rows: 0 });
      expect(readFileSync(empty).length).toBeGreaterThan(0);
    }
  });
});

describe('accounts.export through the router and the worker', () => {
  let t: TestBackend;
  let manager: Session;
  let limited: Session;
  let lyonId: number;
  const saveDir = makeTempDir('vigie-exports-saved-');
  let nextPath: string | null = null;
  const requests: { suggestedName: string; extensions: readonly string[] }[] = [];
  const chooseSavePath: ChooseSavePath = async (request) => {
    requests.push(request);
    return nextPath;
  };
  const progress: { taskId: string; done: number; total: number }[] = [];

  async function exportAs(session: Session, input: ChannelInput<'accounts.export'>, file: string | null): Promise<ExportResult> {
    nextPath = file;
    const result = await t.call(session, 'accounts.export', input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value;
  }

  function lastAudit(): { action: string; target: string; summary: Record<string, unknown> } {
    const row = t.db.prepare('SELECT action, target, summary FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; target: string; summary: string };
    return { ...row, summary: JSON.parse(row.summary) as Record<string, unknown> };
  }

  beforeAll(async () => {
    t = startBackend({ chooseSavePath });
    t.backend.router.onEvent((event, payload) => {
      if (event === 'task.progress') progress.push(payload as { taskId: string; done: number; total: number });
    });
    manager = (await t.setUpManager()).session;
    const site = async (name: string) => {
      const created = await t.call(manager, 'sites.create', { name });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    lyonId = await site('Lyon');
    const parisId = await site('Paris');
    const create = async (input: Partial<ChannelInput<'accounts.create'>> & { username: string }) => {
      const created = await t.call(manager, 'accounts.create', { firstName: 'Test', lastName: input.username, email: `${input.username}@example.com`, password: 'a long enough password 1', ...input });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      return created.value;
    };
    await create({ username: 'alice', firstName: '=HYPERLINK("http://evil.example","x")', lastName: 'Yamada 山田', phoneMobile: '+33 6 12 34 56 78', postalAddress: '12 rue de la Paix\n75002 Paris', siteIds: [lyonId] });
    await create({ username: 'bob', lastName: '@SUM(A1)', middleName: '-1+2', siteIds: [parisId] });
    await create({ username: 'carol', lastName: 'Carol', siteIds: [lyonId, parisId], permissions: ['monitoring.logs', 'monitoring.statistics'] });
    const dave = await create({ username: 'dave', lastName: 'Dave', siteIds: [lyonId] });
    const deactivated = await t.call(manager, 'accounts.deactivate', { accountId: dave.id });
    expect(deactivated.ok).toBe(true);
    limited = (await t.accountWith(manager, 'lyon.admin', ['manager.accounts'], { adminLevel: 'limited', siteIds: [lyonId] })).session;
  });

  afterAll(() => t?.close());

  it('CSV: exactly the rows and columns the list shows, keys as headers, formulas neutralised; progress; audit', async () => {
    const file = path.join(saveDir, 'accounts');
    const input: ChannelInput<'accounts.export'> = {
      format: 'csv',
      columns: ['username', 'firstName', 'lastName', 'phoneMobile', 'postalAddress', 'sites', 'status'],
      headers: ['Identifiant', 'Prénom', 'Nom', 'Portable', 'Adresse', 'Sites', 'Statut'],
      taskId: 'csv-1',
    };
    const result = await exportAs(manager, input, file);
    // The extension is added to a name typed without one.
    expect(result).toMatchObject({ path: `${file}.csv`, format: 'csv', rows: 5 });
    expect(requests.at(-1)).toEqual({ suggestedName: expect.stringMatching(/^vigie-accounts-\d{4}-\d{2}-\d{2}\.csv$/), extensions: ['csv'] });
    expect(result.bytes).toBe(readFileSync(result.path!).length);

    const listed = await t.call(manager, 'accounts.list', { limit: 100 });
    if (!listed.ok) throw new Error(listed.error.message);
    const { bom, rows } = csvRows(result.path!);
    expect(bom).toBe(true);
    expect(rows[0]).toEqual(input.columns);
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.value.rows.map((a) => a.username));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['alice', 'bob', 'carol', 'claire.martin', 'lyon.admin']); // dave is inactive
    expect(rows[1]).toEqual(['alice', `'=HYPERLINK("http://evil.example","x")`, 'Yamada 山田', "'+33 6 12 34 56 78", '12 rue de la Paix\n75002 Paris', 'Lyon', 'active']);
    expect(rows[2]![2]).toBe("'@SUM(A1)");
    expect(rows[3]![5]).toBe('Lyon;Paris');

    const events = progress.filter((p) => p.taskId === 'csv-1');
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0]).toEqual({ taskId: 'csv-1', done: 0, total: 5 });
    expect(events.at(-1)).toEqual({ taskId: 'csv-1', done: 5, total: 5 });

    expect(lastAudit()).toMatchObject({ action: 'accounts.export', target: '5 accounts', summary: { format: 'csv', rows: 5, columns: input.columns, file: result.path } });
    // No temporary file is left beside it.
    expect(readdirSync(saveDir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('a limited administrator exports only the accounts of its sites; filters and sort apply', async () => {
    const result = await exportAs(limited, { format: 'csv', columns: ['username', 'sites'] }, path.join(saveDir, 'limited.csv'));
    expect(csvRows(result.path!).rows.slice(1)).toEqual([
      ['alice', 'Lyon'],
      ['carol', 'Lyon;Paris'],
      ['lyon.admin', 'Lyon'],
    ]);
    const filtered = await exportAs(limited, { format: 'csv', columns: ['username', 'status'], filter: { includeInactive: true }, sort: { column: 'username', direction: 'desc' } }, path.join(saveDir, 'limited-all.csv'));
    expect(csvRows(filtered.path!).rows.slice(1)).toEqual([
      ['lyon.admin', 'active'],
      ['dave', 'inactive'],
      ['carol', 'active'],
      ['alice', 'active'],
    ]);
    const searched = await exportAs(manager, { format: 'csv', columns: ['username'], filter: { query: 'yamada' } }, path.join(saveDir, 'search.csv'));
    expect(csvRows(searched.path!).rows).toEqual([['username'], ['alice']]);
  });

  it('XLSX: human headers, the same rows, text cells neutralised', async () => {
    const result = await exportAs(manager, { format: 'xlsx', columns: ['username', 'firstName', 'lastName', 'phoneMobile'], headers: ['Identifiant', 'Prénom', 'Nom', 'Portable'], filter: { siteId: lyonId } }, path.join(saveDir, 'accounts.xlsx'));
    expect(result.rows).toBe(3);
    const { rows, sheet } = await xlsxRows(result.path!);
    expect(rows).toEqual([
      ['Identifiant', 'Prénom', 'Nom', 'Portable'],
      ['alice', `'=HYPERLINK("http://evil.example","x")`, 'Yamada 山田', "'+33 6 12 34 56 78"],
      ['carol', 'Test', 'Carol', ''],
      ['lyon.admin', 'Test', 'lyon.admin', ''],
    ]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
  });

  it('DOCX: title, count, human headers, the same rows, neutralised', async () => {
    const result = await exportAs(limited, { format: 'docx', columns: ['username', 'firstName', 'lastName'], headers: ['ユーザー名', '名', '姓'] }, path.join(saveDir, 'accounts.docx'));
    const lines = (await mammoth.extractRawText({ path: result.path! })).value.split('\n').filter((l) => l.trim());
    expect(lines[0]).toBe('Vigie — accounts');
    expect(lines[1]).toMatch(/^Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · 3 accounts$/);
    expect(lines.slice(2)).toEqual(['ユーザー名', '名', '姓', 'alice', `'=HYPERLINK("http://evil.example","x")`, 'Yamada 山田', 'carol', 'Test', 'Carol', 'lyon.admin', 'Test', 'lyon.admin']);
  });

  it('PDF: human headers and the same rows', async () => {
    const result = await exportAs(manager, { format: 'pdf', columns: ['username', 'lastName', 'sites'], headers: ['User', 'Last name', 'Sites'] }, path.join(saveDir, 'accounts.pdf'));
    const items = (await pdfText(result.path!)).join('\n').split('\n');
    expect(items).toEqual(expect.arrayContaining(['Vigie — accounts', 'User', 'Last name', 'Sites', 'alice', 'bob', 'carol', 'claire.martin', 'lyon.admin', 'Lyon;Paris', '@SUM(A1)']));
    expect(items).not.toContain('dave');
    expect(items).toContain('1–5 / 5');
  });

  it('a cancelled save dialog writes nothing and says so in the audit trail', async () => {
    const before = readdirSync(saveDir).sort();
    const result = await exportAs(manager, { format: 'xlsx', columns: ['username'] }, null);
    expect(result).toEqual({ path: null, format: 'xlsx', rows: 0, bytes: 0 });
    expect(readdirSync(saveDir).sort()).toEqual(before);
    expect(lastAudit()).toMatchObject({ action: 'accounts.exportCancelled', target: 'no file written', summary: { format: 'xlsx' } });
  });

  it('a file that cannot be written is FILE_ERROR and leaves no file, partial or temporary', async () => {
    const audited = lastAudit();
    await expect(exportAs(manager, { format: 'csv', columns: ['username'] }, path.join(saveDir, 'no-such-folder', 'x.csv'))).rejects.toMatchObject({ code: 'FILE_ERROR' });
    // The rows are written, then the rename onto a folder fails: the temporary file goes.
    const folder = path.join(saveDir, 'taken.xlsx');
    mkdirSync(folder);
    const before = readdirSync(saveDir).sort();
    await expect(exportAs(manager, { format: 'xlsx', columns: ['username'] }, folder)).rejects.toMatchObject({ code: 'FILE_ERROR' });
    expect(readdirSync(saveDir).sort()).toEqual(before);
    expect(readdirSync(folder)).toEqual([]);
    // A failed export changed nothing: no record.
    expect(lastAudit()).toEqual(audited);
  });

  it('a CSV of every column imports back as it is: every row unchanged', async () => {
    const result = await exportAs(manager, { format: 'csv', columns: [...ACCOUNT_COLUMNS], filter: { includeInactive: true } }, path.join(saveDir, 'round-trip.csv'));
    const preview = await t.call(manager, 'accounts.import.preview', { fileName: 'round-trip.csv', content: readFileSync(result.path!, 'utf8') });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.mapping.filter((m) => m !== null)).toEqual(IMPORTABLE_COLUMNS);
    expect(preview.value).toMatchObject({ rows: 6, invalid: 0, create: 0, update: 0, unchanged: 6, errors: [] });
  });

  it('headers must match the columns', async () => {
    const result = await t.call(manager, 'accounts.export', { format: 'pdf', columns: ['username', 'email'], headers: ['User'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: 'headers' }] });
  });

  it.each(['csv', 'xlsx', 'docx', 'pdf'] as ExportFormat[])('%s: an export of nothing is a file with its headers', async (format) => {
    const result = await exportAs(manager, { format, columns: ['username', 'email'], filter: { query: 'nobody matches this' } }, path.join(saveDir, `nothing.${format}`));
    expect(result.rows).toBe(0);
    expect(readFileSync(result.path!).length).toBeGreaterThan(0);
  });
});
