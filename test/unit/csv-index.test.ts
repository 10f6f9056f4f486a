// The index of a rejected CSV file and the rows read back from it. The offsets are checked
// against a reference (papaparse over the whole decoded text, row by row with `step`) on seeded
// random files: quoted delimiters, quotes and line breaks, CRLF, empty lines, ragged rows, a
// BOM, UTF-16 LE/BE, Windows-1252 and Shift_JIS (whose second bytes may be '|'), read in tiny
// chunks so records straddle every edge. Then the worker thread (first rows before the end,
// progress, transfer, cancel, a file deleted meanwhile), every bad input, and the error sources
// (a rejected file written by the accounts import itself, sidecars).
import Papa from 'papaparse';
import { copyFileSync, mkdirSync, truncateSync, unlinkSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAccountsCsv } from '../../main/imports/accountsCsv';
import type { CsvDelimiter, CsvEncoding } from '../../main/imports/csv/detect';
import { indexCsvFile, LiveCsvIndex } from '../../main/imports/csv/background';
import { buildCsvIndex, MAX_QUOTED_BYTES, rowStart, type CsvFirstRows, type CsvIndex, type CsvProgress } from '../../main/imports/csv/indexer';
import { errorsOfRows, readRowList, readRows, rowHasErrors } from '../../main/imports/csv/rows';
import { writeRejectedFile } from '../../main/services/imports';
import { VigieError } from '../../shared/errors';
import { seededRandom } from '../support/random';
import { makeTempDir } from '../support/tempDir';

const dir = makeTempDir('vigie-csv-index-');
const setup = { workersDir: process.env.VIGIE_WORKERS_DIR!, databaseFile: '' };
let fileCount = 0;

function csvFile(content: string | Uint8Array, name = `file-${++fileCount}.csv`): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Bytes of characters no Node encoder writes: Windows-1252's 0x80-0x9F, Shift_JIS. */
const CP1252: Record<string, number> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94, 'œ': 0x9c, 'Ÿ': 0x9f };
const SJIS: Record<string, number[]> = { 名: [0x96, 0xbc], 前: [0x91, 0x4f], ポ: [0x83, 0x7c], ー: [0x81, 0x5b], ツ: [0x83, 0x63], 山: [0x8e, 0x52] };

/** The file's bytes and, for each UTF-16 unit of `text`, the byte offset where it starts. */
function encode(text: string, encoding: CsvEncoding): { bytes: Buffer; byteAt: number[] } {
  const byteAt: number[] = [];
  const parts: Buffer[] = [];
  let at = 0;
  for (const char of text) {
    let bytes: Buffer;
    if (encoding === 'utf-8') bytes = Buffer.from(char, 'utf8');
    else if (encoding === 'utf-16le') bytes = Buffer.from(char, 'utf16le');
    else if (encoding === 'utf-16be') bytes = Buffer.from(char, 'utf16le').swap16();
    else if (encoding === 'windows-1252') bytes = Buffer.from([CP1252[char] ?? char.charCodeAt(0)]);
    else bytes = Buffer.from(SJIS[char] ?? [char.charCodeAt(0)]);
    for (let i = 0; i < char.length; i++) byteAt.push(at);
    parts.push(bytes);
    at += bytes.length;
  }
  byteAt.push(at);
  return { bytes: Buffer.concat(parts), byteAt };
}

const BOM: Record<CsvEncoding, number[]> = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff], 'windows-1252': [], 'shift_jis': [] };
const EXTRA: Record<CsvEncoding, string[]> = {
  'utf-8': ['é', '東', '😀', 'ß'],
  'utf-16le': ['é', '京', '😀'],
  'utf-16be': ['ü', '東', '😀'],
  'windows-1252': ['é', 'ç', '€', '’', 'œ', 'Ÿ'],
  'shift_jis': ['名', '前', 'ポ', 'ー', 'ツ', '山'],
};

/** A random CSV text: quoted fields with delimiters, quotes and line breaks, empty lines, ragged rows. */
function randomCsv(seed: number, delimiter: CsvDelimiter, lineEnd: '\n' | '\r\n', encoding: CsvEncoding): string {
  const rand = seededRandom(seed);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const alphabet = ['a', 'b', 'Z', '0', '9', ' ', ',', ';', '\t', '|', '"', '\n', '\r\n', '-', '@', ...EXTRA[encoding]];
  const width = 1 + Math.floor(rand() * 5);
  const rows: string[] = [];
  const count = 50 + Math.floor(rand() * 250);
  for (let r = 0; r < count; r++) {
    if (rand() < 0.04) {
      rows.push('');
      continue;
    }
    const n = rand() < 0.05 ? Math.max(1, width + (rand() < 0.5 ? -1 : 1)) : width;
    const fields: string[] = [];
    for (let f = 0; f < n; f++) {
      let value = '';
      const length = Math.floor(rand() * 8);
      for (let i = 0; i < length; i++) value += pick(alphabet);
      const special = value.includes('"') || value.includes('\n') || value.includes(delimiter);
      if (special || rand() < 0.1) {
        fields.push(`"${value.replace(/"/g, '""')}"${rand() < 0.05 ? '  ' : ''}`);
      } else fields.push(value);
    }
    // A quote inside an unquoted field is an ordinary character for papaparse; in Shift_JIS,
    // after ポ, whose second byte is '|' (not a delimiter before a quote opening a field).
    if (rand() < 0.1) fields[0] = `${encoding === 'shift_jis' ? 'ポ' : 'x'}"y${fields[0]!.startsWith('"') ? '' : fields[0]}`;
    rows.push(fields.join(delimiter));
  }
  return rows.join(lineEnd) + (rand() < 0.5 ? lineEnd : '');
}

/** Papaparse over the whole text, one row at a time: where each non-empty row starts, its cells. */
function reference(text: string, delimiter: string): { starts: number[]; rows: string[][]; unclosed: boolean } {
  const starts: number[] = [];
  const rows: string[][] = [];
  let previous = 0;
  let unclosed = false;
  Papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    step(result) {
      const end = result.meta.cursor;
      const raw = text.slice(previous, end);
      if (result.errors.some((e) => e.code === 'MissingQuotes')) unclosed = true;
      if (raw !== '' && raw !== '\n' && raw !== '\r\n') {
        starts.push(previous);
        const cells = [...result.data];
        const last = cells.length - 1;
        if (cells[last]!.endsWith('\r')) cells[last] = cells[last]!.slice(0, -1);
        rows.push(cells);
      }
      previous = end;
    },
  });
  return { starts, rows, unclosed };
}

describe('offsets and rows against papaparse over the whole text', () => {
  const cases: { encoding: CsvEncoding; delimiter: CsvDelimiter; lineEnd: '\n' | '\r\n'; bom: boolean }[] = [
    { encoding: 'utf-8', delimiter: ',', lineEnd: '\n', bom: false },
    { encoding: 'utf-8', delimiter: ';', lineEnd: '\r\n', bom: true },
    { encoding: 'utf-16le', delimiter: '\t', lineEnd: '\r\n', bom: true },
    { encoding: 'utf-16be', delimiter: '|', lineEnd: '\n', bom: true },
    { encoding: 'windows-1252', delimiter: ';', lineEnd: '\r\n', bom: false },
    { encoding: 'shift_jis', delimiter: '|', lineEnd: '\r\n', bom: false },
  ];
  for (const c of cases) {
    it(`${c.encoding}${c.bom ? ' with BOM' : ''}, '${JSON.stringify(c.delimiter)}', ${JSON.stringify(c.lineEnd)}: random files in chunks of 16 bytes to 1 MiB`, async () => {
      let compared = 0;
      for (let seed = 1; compared < 8; seed++) {
        const text = randomCsv(seed * 7919 + c.encoding.length, c.delimiter, c.lineEnd, c.encoding);
        const ref = reference(text, c.delimiter);
        if (ref.unclosed) continue; // a quote never closed: the index repairs it (tested below)
        const { bytes, byteAt } = encode(text, c.encoding);
        const bom = c.bom ? BOM[c.encoding] : [];
        const file = csvFile(Buffer.concat([Buffer.from(bom), bytes]));
        const chunkBytes = [16, 100, 4096, 1024 * 1024][seed % 4]!;
        const index = await buildCsvIndex(file, { chunkBytes, choice: { encoding: c.encoding, delimiter: c.delimiter, hasHeader: false } });
        const where = `seed ${seed}, chunks of ${chunkBytes}`;
        expect(index.detection.bomBytes, where).toBe(bom.length);
        expect(index.rowCount, where).toBe(ref.rows.length);
        const starts = Array.from({ length: index.rowCount }, (_, i) => rowStart(index, i));
        expect(starts, where).toEqual(ref.starts.map((s) => bom.length + byteAt[s]!));
        expect(await readRows(file, index, 0, index.rowCount), where).toEqual(ref.rows);
        const rand = seededRandom(seed);
        for (let w = 0; w < 5; w++) {
          const from = Math.floor(rand() * index.rowCount);
          const count = 1 + Math.floor(rand() * 30);
          expect(await readRows(file, index, from, count), `${where}, window ${from}+${count}`).toEqual(ref.rows.slice(from, from + count));
        }
        const ragged = ref.rows.map((r, i) => (r.length !== index.detection.columnCount ? i + 1 : 0)).filter((r) => r > 0);
        expect([...index.raggedRows], where).toEqual(ragged);
        compared++;
      }
    });
  }

  it('detects those files by itself too (encoding with its BOM, delimiter)', async () => {
    const text = 'name;city;note\r\nLéa;Orléans;"two\r\nlines"\r\nYuki;東京;ok\r\n';
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      const file = csvFile(Buffer.concat([Buffer.from(BOM[encoding]), encode(text, encoding).bytes]));
      const index = await buildCsvIndex(file);
      expect(index.detection, encoding).toMatchObject({ encoding, delimiter: ';', hasHeader: true, header: ['name', 'city', 'note'], lineEnd: '\r\n' });
      expect(await readRows(file, index, 0, 5)).toEqual([
        ['Léa', 'Orléans', 'two\r\nlines'],
        ['Yuki', '東京', 'ok'],
      ]);
    }
  });
});

/** About `rows` rows of ~100 bytes, a quoted two-line note on 1 in 50, an error on 1 in 20. */
function bigCsv(rows: number): string {
  const lines = ['id;username;email;city;note;error'];
  for (let i = 1; i <= rows; i++) {
    const note = i % 50 === 0 ? `"first line; ""quoted""\nsecond line ${i}"` : 'plain note for this row';
    lines.push(`${i};user.${i};user.${i}@example.com;Orléans;${note};${i % 20 === 0 ? `email: 'user.${i}@' is not an e-mail address` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('the worker thread', () => {
  const bigFile = csvFile(bigCsv(150_000), 'big.csv');

  it('posts the first rows before the end, then progress, then the index (transferred), equal to an index built in-process', async () => {
    const events: string[] = [];
    let first: CsvFirstRows | undefined;
    const progress: CsvProgress[] = [];
    const index = await indexCsvFile(setup, bigFile, {
      onFirstRows: (f) => {
        first = f;
        events.push('first');
      },
      onProgress: (p) => {
        progress.push(p);
        events.push('progress');
      },
    });
    events.push('done');
    expect(events[0]).toBe('first');
    expect(first!.complete).toBe(false);
    expect(first!.rows).toHaveLength(200);
    expect(first!.header).toEqual(['id', 'username', 'email', 'city', 'note', 'error']);
    expect(first!.rows[49]![4]).toBe('first line; "quoted"\nsecond line 50');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ bytes: index.size, totalBytes: index.size, rows: 150_000 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);

    expect(index).toMatchObject({ rowCount: 150_000, complete: true, stopped: null });
    expect(index.rowStarts[0]).toBeInstanceOf(Float64Array);
    expect(index.errorRows.length).toBe(7_500);
    expect(rowHasErrors(index, 20)).toBe(true);
    expect(rowHasErrors(index, 21)).toBe(false);
    expect(index.groups).toEqual([{ message: 'email: … is not an e-mail address', example: "email: 'user.20@' is not an e-mail address", column: 2, source: 'column', count: 7_500, rows: [20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240, 260, 280, 300, 320, 340, 360, 380, 400] }]);
    expect(await readRows(bigFile, index, 0, 200)).toEqual(first!.rows);

    const local = await buildCsvIndex(bigFile);
    expect(index.rowStarts).toEqual(local.rowStarts);
    expect([...index.errorRows]).toEqual([...local.errorRows]);
    const middle = await readRows(bigFile, index, 99_998, 3);
    expect(middle.map((r) => r[0])).toEqual(['99999', '100000', '100001']);
    expect(middle[1]![4]).toBe('first line; "quoted"\nsecond line 100000');
    const errorRows = await readRowList(bigFile, index, [...index.errorRows.subarray(0, 3), 149_999, 150_000, 150_001]);
    expect(errorRows.map((r) => r.row)).toEqual([20, 40, 60, 149_999, 150_000]);
    expect(errorsOfRows(index, 19, [errorRows[0]!.cells])).toEqual([[{ row: 20, column: 2, message: "email: 'user.20@' is not an e-mail address", source: 'column' }]]);
  });

  it('lets rows be read while the file is still being indexed (live index)', async () => {
    const live = new LiveCsvIndex();
    expect(live.snapshot()).toBeNull();
    const reads: Promise<{ known: number; rows: string[][] }>[] = [];
    const index = await indexCsvFile(setup, bigFile, {
      live,
      chunkBytes: 256 * 1024,
      progressEveryMs: 0, // a progress after each read: some before the end, whatever the machine
      onProgress: (p) => {
        const sofar = live.snapshot();
        if (!sofar || p.bytes >= p.totalBytes || sofar.rowCount < 100) return;
        expect(sofar.rowCount).toBeLessThanOrEqual(p.rows);
        reads.push(readRows(bigFile, sofar, sofar.rowCount - 3, 10).then((rows) => ({ known: sofar.rowCount, rows })));
      },
    });
    expect(reads.length).toBeGreaterThan(0); // read before the end
    for (const { known, rows } of await Promise.all(reads)) {
      expect(rows).toHaveLength(3); // only rows whose end was known
      expect(rows).toEqual(await readRows(bigFile, index, known - 3, 3));
    }
    const whole = live.snapshot()!;
    expect(whole.rowCount).toBe(150_000);
    expect(Array.from(whole.errorRows)).toEqual(Array.from(index.errorRows));
    expect(await readRows(bigFile, whole, 149_990, 20)).toEqual(await readRows(bigFile, index, 149_990, 20));
  });

  it('stops after maxRows rows when asked (rows around a row near the start of a huge file)', async () => {
    const index = await buildCsvIndex(bigFile, { maxRows: 1_000, chunkBytes: 64 * 1024 });
    expect(index.complete).toBe(false);
    expect(index.stopped).toBeNull();
    expect(index.rowCount).toBeGreaterThanOrEqual(1_000);
    expect(index.rowCount).toBeLessThan(10_000);
    expect((await readRows(bigFile, index, 997, 3)).map((r) => r[0])).toEqual(['998', '999', '1000']);
    expect((await buildCsvIndex(bigFile, { maxRows: 200_000 })).complete).toBe(true);
  });

  it('stops when cancelled: the thread is terminated and the call rejects with the reason', async () => {
    const controller = new AbortController();
    let progressAfter = 0;
    let cancelled = false;
    const promise = indexCsvFile(setup, bigFile, {
      signal: controller.signal,
      onFirstRows: () => {
        cancelled = true;
        controller.abort(new Error('closed by the admin'));
      },
      onProgress: () => void (cancelled && progressAfter++),
    });
    await expect(promise).rejects.toThrow('closed by the admin');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(progressAfter).toBe(0);
  });

  it('fails clearly when the file is deleted while it is indexed, and reading it afterwards too', async () => {
    const file = path.join(dir, 'deleted.csv');
    copyFileSync(bigFile, file);
    const promise = indexCsvFile(setup, file, { onFirstRows: () => unlinkSync(file) });
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VigieError);
    expect(error).toMatchObject({ code: 'FILE_ERROR', message: 'deleted.csv was deleted while it was being read.', fields: [{ code: 'deleted' }] });

    copyFileSync(bigFile, file);
    const index = await buildCsvIndex(file);
    unlinkSync(file);
    await expect(readRows(file, index, 0, 10)).rejects.toMatchObject({ code: 'FILE_ERROR', fields: [{ code: 'deleted' }] });
  });

  it('refuses to read rows of a file that changed since it was indexed', async () => {
    const file = csvFile('a;b\n1;2\n3;4\n');
    const index = await buildCsvIndex(file);
    appendFileSync(file, '5;6\n');
    await expect(readRows(file, index, 0, 2)).rejects.toMatchObject({ code: 'FILE_ERROR', message: `${path.basename(file)} changed since it was opened: open it again.`, fields: [{ code: 'changed' }] });
    const same = csvFile('a;b\n1;2\n');
    const sameIndex = await buildCsvIndex(same);
    utimesSync(same, new Date(), new Date(Date.now() + 5000));
    await expect(readRows(same, sameIndex, 0, 1)).rejects.toMatchObject({ fields: [{ code: 'changed' }] });
  });

  it('rejects binary data in the worker with the FILE_ERROR the UI translates', async () => {
    const file = csvFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'photo.csv');
    await expect(indexCsvFile(setup, file)).rejects.toMatchObject({ code: 'FILE_ERROR', message: 'photo.csv is not a CSV file: it holds binary data.', fields: [{ code: 'binary' }] });
  });
});

describe('bad input', () => {
  it('an empty file, a byte order mark alone, blank lines: no rows, no header, no error', async () => {
    for (const content of ['', '\uFEFF', '\n\r\n\n']) {
      let first: CsvFirstRows | undefined;
      const index = await buildCsvIndex(csvFile(content), { onFirstRows: (f) => (first = f) });
      expect(index, JSON.stringify(content)).toMatchObject({ rowCount: 0, header: [], stopped: null, complete: true, problemCount: 0 });
      expect(index.errorRows.length).toBe(0);
      expect(first).toMatchObject({ rows: [], complete: true });
    }
  });

  it('a header alone: the header, no rows', async () => {
    const file = csvFile('\uFEFFname;email;error\r\n');
    const index = await buildCsvIndex(file);
    expect(index).toMatchObject({ rowCount: 0, header: ['name', 'email', 'error'], detection: { hasHeader: true, delimiter: ';', errorColumn: 2 } });
    expect(await readRows(file, index, 0, 10)).toEqual([]);
  });

  it('ragged rows: listed, among the error rows, with a message', async () => {
    const file = csvFile('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    const index = await buildCsvIndex(file);
    expect([...index.raggedRows]).toEqual([2, 3]);
    expect([...index.errorRows]).toEqual([2, 3]);
    const rows = await readRows(file, index, 0, 4);
    expect(rows[1]).toEqual(['4', '5']);
    expect(errorsOfRows(index, 0, rows)[2]).toEqual([{ row: 3, column: null, message: 'the row has 4 fields; the header names 3', source: 'file' }]);
  });

  it('a quote never closed: that row ends with its line, is reported, and the rows after it are shown', async () => {
    const file = csvFile('name;note\n1;"open\n2;y\n3;z\n');
    const index = await buildCsvIndex(file);
    expect(index.rowCount).toBe(3);
    expect(index.problems).toEqual([{ row: 1, code: 'unclosed-quote', message: 'a quote opened in this row is never closed' }]);
    expect([...index.errorRows]).toEqual([1]);
    expect(await readRows(file, index, 0, 3)).toEqual([['1', 'open'], ['2', 'y'], ['3', 'z']]);
    expect(await readRows(file, index, 1, 2)).toEqual([['2', 'y'], ['3', 'z']]);
    expect(errorsOfRows(index, 0, [['1', 'open']])[0]).toContainEqual({ row: 1, column: null, message: 'a quote opened in this row is never closed', source: 'file' });
  });

  it(`a quote that would close only after ${MAX_QUOTED_BYTES / 1024 / 1024} MiB is taken for a quote never closed`, async () => {
    const lines = ['id;note', '1;"runaway'];
    for (let i = 2; i < 30_000; i++) lines.push(`${i};plain text of row ${i}, long enough to fill a mebibyte`);
    lines.push('30000;"closing"', '30001;after');
    const file = csvFile(`${lines.join('\n')}\n`);
    const index = await buildCsvIndex(file);
    expect(index.rowCount).toBe(30_001);
    expect(index.problems[0]).toMatchObject({ row: 1, code: 'unclosed-quote' });
    expect(await readRows(file, index, 29_998, 3)).toEqual([['29999', 'plain text of row 29999, long enough to fill a mebibyte'], ['30000', 'closing'], ['30001', 'after']]);
  });

  it('a 2 GB file whose text stops (NUL bytes after it): the rows before, then a clear stop, memory bounded', async () => {
    const file = csvFile(bigCsv(2_000), 'huge.csv');
    truncateSync(file, 2 * 1024 ** 3); // sparse: no disk used
    const rss = process.memoryUsage().rss;
    let first: CsvFirstRows | undefined;
    const index = await buildCsvIndex(file, { onFirstRows: (f) => (first = f) });
    expect(index).toMatchObject({ size: 2 * 1024 ** 3, rowCount: 2_000, complete: false });
    expect(index.stopped).toMatchObject({ row: 2_001, code: 'too-long', message: 'row 2001 is longer than 8 MiB (is this a CSV file?): the rest of the file is not shown' });
    expect(first!.rows).toHaveLength(200);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect((await readRows(file, index, 1_999, 5)).map((r) => r[0])).toEqual(['2000']);
  });

  it('cuts cells of the first rows at 10,000 characters and caps the message', async () => {
    const long = 'x'.repeat(30_000);
    const file = csvFile(`a;b\n${Array.from({ length: 300 }, (_, i) => `${i};${long}`).join('\n')}\n`);
    let first: CsvFirstRows | undefined;
    const index = await buildCsvIndex(file, { onFirstRows: (f) => (first = f) });
    expect(first!.rows[0]![1]).toBe(`${'x'.repeat(10_000)}…`);
    expect(first!.rows.length).toBeLessThan(200); // about a million characters at most
    expect(first!.rows.length).toBeGreaterThanOrEqual(99);
    expect((await readRows(file, index, 0, 1))[0]![1]).toBe(long);
    expect((await readRows(file, index, 0, 1, { maxCellChars: 5 }))[0]![1]).toBe('xxxxx…');
  });

  it('a header longer than the sample: columns, error column and type from the header as read', async () => {
    const columns = [...Array.from({ length: 9_000 }, (_, i) => `column_${i}`), 'erreur'];
    const file = csvFile(`${columns.join(';')}\n${columns.map((_, i) => (i === 9_000 ? 'column_3: bad' : `v${i}`)).join(';')}\n`);
    const index = await buildCsvIndex(file);
    expect(index.header).toHaveLength(9_001);
    expect(index.detection).toMatchObject({ columnCount: 9_001, errorColumn: 9_000, delimiter: ';' });
    expect(index.raggedRows.length).toBe(0);
    expect(index.groups[0]).toMatchObject({ column: 3, count: 1 });
  });

  it('lines ending with CR alone (old Mac files)', async () => {
    const file = csvFile('a;b\r1;"x\ry"\r2;z\r');
    const index = await buildCsvIndex(file);
    expect(index.detection.lineEnd).toBe('\r');
    expect(await readRows(file, index, 0, 5)).toEqual([['1', 'x\ry'], ['2', 'z']]);
  });

  it('a missing file or a folder: FILE_ERROR in one sentence', async () => {
    await expect(buildCsvIndex(path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'FILE_ERROR', message: 'Cannot read nope.csv: it does not exist.' });
    const folder = path.join(dir, 'folder.csv');
    mkdirSync(folder);
    await expect(buildCsvIndex(folder)).rejects.toMatchObject({ code: 'FILE_ERROR', message: 'Cannot read folder.csv: it is a folder.' });
  });
});

describe('error sources', () => {
  it("a rejected file written by Vigie's own accounts import: every row in error, messages tied to their cells", async () => {
    const parsed = parseAccountsCsv(['Identifiant;Prénom;Nom;Courriel', 'lea;Léa;Martin;not-an-email', 'ok.user;Hugo;Petit;hugo@example.com', ';Emma;Roux;emma@example.com'].join('\n'));
    const rejected = parsed.rows.filter((r) => r.errors.length).map((row) => ({ row, errors: row.errors }));
    const folder = makeTempDir('vigie-csv-rejected-');
    const file = writeRejectedFile(folder, 'accounts.csv', parsed, rejected);
    const index = await buildCsvIndex(file);
    expect(index.detection).toMatchObject({ encoding: 'utf-8', bomBytes: 3, delimiter: ';', lineEnd: '\r\n', errorColumn: 4, importType: 'accounts' });
    expect(index.rowCount).toBe(2);
    expect([...index.errorRows]).toEqual([1, 2]);
    const rows = await readRows(file, index, 0, 2);
    const errors = errorsOfRows(index, 0, rows);
    expect(errors[0]).toEqual([{ row: 1, column: 3, message: rows[0]![4], source: 'column' }]);
    expect(rows[0]![4]).toMatch(/^Courriel: /);
    expect(errors[1]![0]).toMatchObject({ row: 2, column: 0, source: 'column' });
    expect(index.groups.map((g) => [g.column, g.count])).toEqual([
      [3, 1],
      [0, 1],
    ]);
  });

  it('a JSON sidecar (Odoo load() messages) next to the file: its rows join the error rows, a row past the end is reported', async () => {
    const folder = makeTempDir('vigie-csv-sidecar-');
    const file = path.join(folder, 'contacts.csv');
    writeFileSync(file, 'name,email,phone\nMarie,marie@example.com,12\nPierre,pierre@,+33 6\nJean,jean@example.com,+33 7\n');
    writeFileSync(
      path.join(folder, 'contacts.errors.json'),
      JSON.stringify({ ids: false, messages: [{ type: 'error', message: 'Invalid phone', rows: { from: 0, to: 0 }, field: 'phone' }, { type: 'error', message: 'Bad e-mail', rows: { from: 1, to: 1 }, field: 'email' }, { type: 'error', message: 'Too far', rows: { from: 9, to: 9 } }] }),
    );
    const index = await buildCsvIndex(file);
    expect(index.sidecar).toMatchObject({ name: 'contacts.errors.json', format: 'odoo-json', count: 3 });
    expect(index.sidecar!.problems).toEqual(['contacts.errors.json: 1 error names a row after the last one (3)']);
    expect([...index.errorRows]).toEqual([1, 2]);
    expect(index.counts.sidecarRows).toBe(2);
    const rows = await readRows(file, index, 0, 3);
    expect(errorsOfRows(index, 0, rows)).toEqual([[{ row: 1, column: 2, message: 'Invalid phone', source: 'sidecar' }], [{ row: 2, column: 1, message: 'Bad e-mail', source: 'sidecar' }], []]);
  });

  it('a CSV sidecar named after the whole file name, and an error column, together', async () => {
    const folder = makeTempDir('vigie-csv-sidecar-');
    const file = path.join(folder, 'orders.csv');
    writeFileSync(file, 'order;product;quantity;erreur\nS001;Chair;2;\nS002;Desk;-1;quantity: must be positive\n');
    writeFileSync(path.join(folder, 'orders.csv.errors.csv'), 'ligne;colonne;message\n1;product;unknown product\n');
    const index = await buildCsvIndex(file);
    expect(index.detection.importType).toBe('orders');
    expect([...index.errorRows]).toEqual([1, 2]);
    expect(index.counts).toMatchObject({ errorColumnRows: 1, sidecarRows: 1 });
    const rows = await readRows(file, index, 0, 2);
    expect(errorsOfRows(index, 0, rows)).toEqual([[{ row: 1, column: 1, message: 'unknown product', source: 'sidecar' }], [{ row: 2, column: 2, message: 'quantity: must be positive', source: 'column' }]]);
    expect(index.groups.map((g) => g.source).sort()).toEqual(['column', 'sidecar']);
  });
});

describe('readRows windows', () => {
  it('clamps windows to the rows of the file and reads lists of rows in runs', async () => {
    const file = csvFile(`h1,h2\n${Array.from({ length: 50 }, (_, i) => `${i + 1},v${i + 1}`).join('\n')}`);
    const index: CsvIndex = await buildCsvIndex(file);
    expect(index.rowCount).toBe(50);
    expect(await readRows(file, index, 48, 10)).toEqual([['49', 'v49'], ['50', 'v50']]);
    expect(await readRows(file, index, 50, 10)).toEqual([]);
    expect(await readRows(file, index, -5, 2)).toEqual([['1', 'v1'], ['2', 'v2']]);
    expect(await readRows(file, index, 3, 0)).toEqual([]);
    const list = await readRowList(file, index, [7, 3, 4, 50, 51, 0, 3]);
    expect(list).toEqual([
      { row: 3, cells: ['3', 'v3'] },
      { row: 4, cells: ['4', 'v4'] },
      { row: 7, cells: ['7', 'v7'] },
      { row: 50, cells: ['50', 'v50'] },
    ]);
    // A window larger than the byte cap comes back shorter, never empty.
    expect(await readRows(file, index, 0, 50, { maxBytes: 20 })).toHaveLength(3);
  });
});
