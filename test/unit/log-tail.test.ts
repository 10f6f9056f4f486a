// Reading the end of log files backwards in chunks: tiny chunk sizes put every boundary case on
// a chunk edge (a line, a UTF-8 character, a CRLF split in two), checked against the plain
// reference (the whole file split into lines) on seeded random contents; then long lines,
// invalid UTF-8 and Latin-1, files that are missing or folders, reading forward as the file
// grows, and rotation/truncation detection.
import { appendFileSync, chmodSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRotation, fileIdentity, readLastLines, readLinesFrom } from '../../main/logs/tailReader';
import { VigieError } from '../../shared/errors';
import { makeTempDir } from '../support/tempDir';
import { seededRandom } from '../support/random';

const dir = makeTempDir('vigie-log-tail-');
let fileCount = 0;

function logFile(content: string | Buffer): string {
  const file = path.join(dir, `file-${++fileCount}.log`);
  writeFileSync(file, content);
  return file;
}

/** The reference: the whole file split at LF, a CR ending a line dropped, no empty line after a final LF. */
function referenceLines(content: Buffer): { text: string; offset: number }[] {
  const lines: { text: string; offset: number }[] = [];
  let start = 0;
  while (start < content.length) {
    let newline = content.indexOf(0x0a, start);
    if (newline < 0) newline = content.length;
    let end = newline;
    if (end > start && content[end - 1] === 0x0d) end--;
    lines.push({ text: content.subarray(start, end).toString('utf8'), offset: start });
    start = newline + 1;
  }
  return lines;
}


const TOKENS = ['a', 'bc', 'ERROR ', 'é', '日本', '😀', '\r\n', '\n', '\n', '\r', ' ', '\n\n', 'x'.repeat(20), '\t'];

async function expectTail(content: Buffer, count: number, chunkBytes: number): Promise<void> {
  const file = logFile(content);
  const all = referenceLines(content);
  const expected = all.slice(Math.max(0, all.length - count));
  const tail = await readLastLines(file, count, { chunkBytes });
  const fromStart = expected.length === all.length;
  expect(tail.lines.map((l) => l.text)).toEqual(expected.map((l) => l.text));
  expect(tail.lines.map((l) => l.offset)).toEqual(expected.map((l) => l.offset));
  expect(tail.lines.map((l) => l.line)).toEqual(expected.map((_, i) => (fromStart ? i + 1 : null)));
  expect(tail.size).toBe(content.length);
  expect(tail.startOffset).toBe(expected[0]?.offset ?? content.length);
  expect(tail.encoding).toBe('utf-8');
  expect(tail.lines.every((l) => !l.truncated)).toBe(true);
}

describe('readLastLines at chunk boundaries', () => {
  const CASES: [string, string][] = [
    ['empty file', ''],
    ['only newlines', '\n\n\n\n'],
    ['one newline', '\n'],
    ['no final newline', 'first line\nsecond line\nlast without newline'],
    ['final newline', 'first line\nsecond line\n'],
    ['CRLF', 'one\r\ntwo\r\nthree\r\n'],
    ['CRLF cut between CR and LF at the end of the file', 'one\r\ntwo\r'],
    ['lone CR kept in the line', 'progress 10%\rprogress 20%\ndone\n'],
    ['multi-byte characters', 'café crème\n日本語のログ\nemoji 😀😀 here\nend é'],
    ['long lines', `${'a'.repeat(100)}\n${'é'.repeat(50)}\n${'😀'.repeat(30)}\n`],
  ];
  for (const [name, content] of CASES) {
    it(`${name}, every chunk size and count`, async () => {
      const bytes = Buffer.from(content, 'utf8');
      for (const chunkBytes of [1, 2, 3, 4, 5, 7, 16, 64, 65536]) {
        for (const count of [0, 1, 2, 3, 1000]) await expectTail(bytes, count, chunkBytes);
      }
    });
  }

  it('a CRLF split between CR and LF across two chunks', async () => {
    // 'abcdef\r' is 7 bytes: with 7-byte chunks read from the end, the LF is alone in the last one.
    const bytes = Buffer.from('abcdef\r\nghijklm\r\n');
    for (const chunkBytes of [1, 7, 8, 9, 10]) await expectTail(bytes, 10, chunkBytes);
  });

  it('matches the whole-file reference on random contents for many chunk sizes', async () => {
    const random = seededRandom(20260619);
    for (let round = 0; round < 60; round++) {
      const parts: string[] = [];
      const tokens = Math.floor(random() * 200);
      for (let i = 0; i < tokens; i++) parts.push(TOKENS[Math.floor(random() * TOKENS.length)]!);
      const bytes = Buffer.from(parts.join(''), 'utf8');
      const chunkBytes = 1 + Math.floor(random() * 70);
      const count = Math.floor(random() * 40);
      await expectTail(bytes, count, chunkBytes);
    }
  });
});

describe('readLastLines on bad input', () => {
  it('cuts a 5 MB single line to its first maxLineBytes, flagged', async () => {
    const line = `2026-06-19 10:00:01,123 1 ERROR db odoo: ${'é'.repeat(2.5 * 1024 * 1024)}`;
    const file = logFile(`before\n${line}\nafter\n`);
    const heapBefore = process.memoryUsage().arrayBuffers;
    const tail = await readLastLines(file, 3, { maxLineBytes: 1024 * 1024 });
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(4 * 1024 * 1024); // the 5 MB line is never held whole
    expect(tail.lines.map((l) => l.truncated)).toEqual([false, true, false]);
    expect(tail.lines[0]!.text).toBe('before');
    expect(tail.lines[2]!.text).toBe('after');
    const cut = tail.lines[1]!;
    expect(cut.offset).toBe(7);
    expect(cut.line).toBe(2);
    expect(cut.text.startsWith('2026-06-19 10:00:01,123 1 ERROR db odoo: éé')).toBe(true);
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(cut.text)).toBeGreaterThan(1024 * 1024 - 4);
    expect(cut.text).not.toContain('\uFFFD'); // cut on a character boundary
  });

  it('cuts long lines the same with tiny chunks', async () => {
    const bytes = Buffer.from(`short\n${'é'.repeat(40)}\nend`);
    const file = logFile(bytes);
    for (const chunkBytes of [1, 3, 7, 16]) {
      const tail = await readLastLines(file, 5, { chunkBytes, maxLineBytes: 11 });
      expect(tail.lines.map((l) => [l.text, l.truncated, l.offset])).toEqual([
        ['short', false, 0],
        ['ééééé', true, 6],
        ['end', false, 87],
      ]);
    }
  });

  it('shows invalid UTF-8 bytes as U+FFFD in a UTF-8 file', async () => {
    const file = logFile(Buffer.concat([Buffer.from('café ok\nbroken '), Buffer.from([0xff, 0x80, 0x41]), Buffer.from('\n')]));
    const tail = await readLastLines(file, 10, { chunkBytes: 5 });
    expect(tail.encoding).toBe('utf-8');
    expect(tail.lines.map((l) => l.text)).toEqual(['café ok', 'broken \uFFFD\uFFFDA']);
  });

  it('keeps NUL and control bytes of binary data, decoded as UTF-8', async () => {
    const file = logFile(Buffer.from([0x00, 0x01, 0x9b, 0x0a, 0x7f, 0x00, 0x41]));
    const tail = await readLastLines(file, 10);
    expect(tail.encoding).toBe('utf-8');
    expect(tail.lines.map((l) => l.text)).toEqual(['\u0000\u0001\uFFFD', '\u007f\u0000A']);
  });

  it('does not take bytes full of C1 controls for Latin-1', async () => {
    const file = logFile(Buffer.from([0x41, 0x85, 0x90, 0x9b, 0xe9, 0x0a]));
    const tail = await readLastLines(file, 10);
    expect(tail.encoding).toBe('utf-8');
    expect(tail.lines.map((l) => l.text)).toEqual(['A\uFFFD\uFFFD\uFFFD\uFFFD']);
  });

  it('detects a Latin-1 file', async () => {
    const file = logFile(Buffer.concat([Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('\nna'), Buffer.from([0xef]), Buffer.from('ve\n')]));
    const tail = await readLastLines(file, 10, { chunkBytes: 3 });
    expect(tail.encoding).toBe('latin1');
    expect(tail.lines.map((l) => l.text)).toEqual(['café', 'naïve']);
  });

  it('throws FILE_ERROR for a missing file and for a folder', async () => {
    const missing = readLastLines(path.join(dir, 'nope.log'), 10);
    await expect(missing).rejects.toBeInstanceOf(VigieError);
    await expect(missing).rejects.toMatchObject({ code: 'FILE_ERROR', message: expect.stringContaining('does not exist') });
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    await expect(readLastLines(folder, 10)).rejects.toMatchObject({ code: 'FILE_ERROR', message: expect.stringContaining('folder') });
    await expect(readLinesFrom(folder, 0, 100)).rejects.toMatchObject({ code: 'FILE_ERROR' });
  });

  // root reads whatever the mode says.
  it.skipIf(process.getuid?.() === 0)('throws FILE_ERROR for a file that cannot be read', async () => {
    const file = logFile('secret\n');
    chmodSync(file, 0o000);
    await expect(readLastLines(file, 10)).rejects.toMatchObject({ code: 'FILE_ERROR', message: expect.stringContaining('permission denied') });
  });
});

describe('readLinesFrom, as the file grows', () => {
  it('returns complete lines only, then the rest once its newline arrives', async () => {
    const file = logFile('one\ntwo\n');
    const tail = await readLastLines(file, 1000);
    expect(tail.lines.map((l) => l.text)).toEqual(['one', 'two']);

    appendFileSync(file, 'three\r\nfour\nfi');
    const grown = await readLinesFrom(file, tail.size, 1024 * 1024, { encoding: tail.encoding });
    expect(grown.lines.map((l) => [l.text, l.offset, l.line])).toEqual([
      ['three', 8, null],
      ['four', 15, null],
    ]);
    expect(grown.nextOffset).toBe(20);

    const still = await readLinesFrom(file, grown.nextOffset, 1024 * 1024);
    expect(still.lines).toEqual([]);
    expect(still.nextOffset).toBe(20);

    appendFileSync(file, 've 日本\n');
    const completed = await readLinesFrom(file, still.nextOffset, 1024 * 1024);
    expect(completed.lines.map((l) => l.text)).toEqual(['five 日本']);
    expect(completed.nextOffset).toBe(completed.size);
  });

  it('stops at maxBytes on a line boundary, and moves on through a line longer than maxBytes', async () => {
    const file = logFile('aaaa\nbbbb\ncccccccccccccccc\n');
    const first = await readLinesFrom(file, 0, 12);
    expect(first.lines.map((l) => [l.text, l.line])).toEqual([
      ['aaaa', 1],
      ['bbbb', 2],
    ]);
    const long = await readLinesFrom(file, first.nextOffset, 8);
    expect(long.lines.map((l) => [l.text, l.truncated])).toEqual([['cccccccc', true]]);
    const rest = await readLinesFrom(file, long.nextOffset, 100);
    expect(rest.lines.map((l) => l.text)).toEqual(['cccccccc']);
  });

  it('reports a size below the offset when the file was truncated', async () => {
    const file = logFile('one\ntwo\n');
    truncateSync(file, 0);
    const after = await readLinesFrom(file, 8, 100);
    expect(after).toMatchObject({ lines: [], nextOffset: 8, size: 0 });
  });
});

describe('detectRotation', () => {
  it('tells growth, truncation, rewriting in place and rotation apart', async () => {
    const file = logFile('2026-06-19 first line\n');
    const before = await fileIdentity(file);
    expect(detectRotation(before, await fileIdentity(file))).toBe('unchanged');

    appendFileSync(file, 'second line\n');
    expect(detectRotation(before, await fileIdentity(file))).toBe('grown');

    const grown = await fileIdentity(file);
    truncateSync(file, 5);
    expect(detectRotation(grown, await fileIdentity(file))).toBe('truncated');

    writeFileSync(file, '2026-06-20 other start, longer than before\n'); // same inode, new head
    expect(detectRotation(grown, await fileIdentity(file))).toBe('truncated');

    const current = await fileIdentity(file);
    renameSync(file, `${file}.1`);
    writeFileSync(file, '2026-06-20 other start, longer than before\n');
    expect(detectRotation(current, await fileIdentity(file))).toBe('rotated');
  });
});
