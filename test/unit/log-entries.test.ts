// Log entries of whole files on real temp files: the last entries read backwards in growing
// batches (a long stack trace straddling the batches and the chunks), the same entries as a
// forward read of the whole file, merging files by time, and listing a folder's log files.
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLogFiles, mergeByTime, readEntriesForward, readLastEntries, type FileLogEntry } from '../../main/logs/entries';
import { VigieError } from '../../shared/errors';
import { makeTempDir } from '../support/tempDir';

const dir = makeTempDir('vigie-log-entries-');
let fileCount = 0;

function logFile(content: string, name = `file-${++fileCount}.log`, folder = dir): string {
  const file = path.join(folder, name);
  writeFileSync(file, content);
  return file;
}

function odoo(second: number, level: string, message: string, pid = 4242): string {
  const s = String(second % 60).padStart(2, '0');
  const m = String(Math.floor(second / 60) % 60).padStart(2, '0');
  const h = String(10 + Math.floor(second / 3600)).padStart(2, '0');
  return `2026-06-19 ${h}:${m}:${s},000 ${pid} ${level} db odoo.test: ${message}`;
}

function javaTrace(frames: number): string[] {
  const lines = ['java.lang.IllegalStateException: boom'];
  for (let i = 0; i < frames; i++) lines.push(`\tat com.example.Service.method${i}(Service.java:${i + 1})`);
  lines.push('Caused by: java.io.IOException: disk');
  lines.push('\t... 12 more');
  return lines;
}

async function collect(file: string, options: Parameters<typeof readEntriesForward>[1] = {}): Promise<FileLogEntry[]> {
  const out: FileLogEntry[] = [];
  for await (const entry of readEntriesForward(file, options)) out.push(entry);
  return out;
}

describe('readLastEntries', () => {
  it('keeps a 300-line Java stack trace at the end of a file with its header line, across batches and chunks', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(odoo(i, 'INFO', `step ${i}`));
    lines.push(odoo(5000, 'ERROR', 'request failed'), ...javaTrace(300));
    const file = logFile(`${lines.join('\n')}\n`);
    const result = await readLastEntries(file, 10, { chunkBytes: 512 });
    expect(result.format).toBe('odoo');
    expect(result.reachedStart).toBe(false);
    expect(result.entries).toHaveLength(10);
    const last = result.entries.at(-1)!;
    expect(last.level).toBe('ERROR');
    expect(last.lines).toBe(1 + 303);
    expect(last.message.split('\n')).toHaveLength(304);
    expect(last.message).toMatch(/^request failed\njava\.lang\.IllegalStateException: boom\n\tat /);
    expect(last.line).toBeNull();
    expect(last.offset).toBe(lines.slice(0, 5000).join('\n').length + 1);
    expect(result.entries.slice(0, 9).map((e) => e.message)).toEqual(Array.from({ length: 9 }, (_, i) => `step ${4991 + i}`));
    expect(result.entries.every((e) => e.file === file)).toBe(true);
  });

  it('never returns the tail of an entry whose first line was not read', async () => {
    // Entries of 40 lines each: every batch boundary falls inside a trace.
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(odoo(i, 'ERROR', `failure ${i}`), ...javaTrace(36));
    const file = logFile(`${lines.join('\r\n')}\r\n`);
    for (const count of [1, 3, 7, 20]) {
      const { entries } = await readLastEntries(file, count, { chunkBytes: 97 });
      expect(entries.map((e) => e.message.split('\n')[0])).toEqual(Array.from({ length: count }, (_, i) => `failure ${60 - count + i}`));
      expect(entries.every((e) => e.lines === 40)).toBe(true);
    }
  });

  it('reads a small file whole, with line numbers, and agrees with the forward read', async () => {
    const lines = [odoo(1, 'INFO', 'a'), odoo(2, 'WARNING', 'b'), '  continued', odoo(3, 'ERROR', 'c'), ...javaTrace(3), odoo(4, 'DEBUG', 'd')];
    const file = logFile(lines.join('\n')); // no final newline
    const backwards = await readLastEntries(file, 100);
    expect(backwards.reachedStart).toBe(true);
    expect(backwards.entries.map((e) => [e.line, e.level])).toEqual([
      [1, 'INFO'],
      [2, 'WARNING'],
      [4, 'ERROR'],
      [11, 'DEBUG'],
    ]);
    const forwards = await collect(file, { chunkBytes: 64, maxLineBytes: 64 });
    expect(forwards).toEqual(backwards.entries);
    expect((await readLastEntries(file, 2)).entries.map((e) => e.message)).toEqual([backwards.entries[2]!.message, 'd']);
  });

  it('gives nothing for an empty file and a clear error for a missing one', async () => {
    const empty = await readLastEntries(logFile(''), 10);
    expect(empty.entries).toEqual([]);
    expect(empty.reachedStart).toBe(true);
    await expect(readLastEntries(path.join(dir, 'missing.log'), 10)).rejects.toThrow(VigieError);
  });
});

describe('readEntriesForward', () => {
  it('streams a file larger than its chunk with entries straddling the chunks, numbered from 1', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) lines.push(odoo(i, i % 10 === 0 ? 'ERROR' : 'INFO', `event ${i}`), ...(i % 10 === 0 ? javaTrace(20) : []));
    const file = logFile(`${lines.join('\n')}\n`);
    const entries = await collect(file, { chunkBytes: 300, maxLineBytes: 200 });
    expect(entries).toHaveLength(200);
    expect(entries.map((e) => e.message.split('\n')[0])).toEqual(Array.from({ length: 200 }, (_, i) => `event ${i}`));
    expect(entries[0]!.line).toBe(1);
    expect(entries[1]!.line).toBe(1 + 24);
    expect(entries[0]!.lines).toBe(24);
    const whole = await readLastEntries(file, 1000);
    expect(entries).toEqual(whole.entries);
  });

  it('keeps the beginning of an overlong line and marks the entry truncated', async () => {
    const file = logFile(`${odoo(1, 'INFO', 'a')}\n${odoo(2, 'ERROR', 'x'.repeat(5000))}\n${odoo(3, 'INFO', 'c')}\n`);
    const entries = await collect(file, { chunkBytes: 1000, maxLineBytes: 1000 });
    expect(entries.map((e) => e.message.slice(0, 3))).toEqual(['a', 'xxx', 'c']);
    expect(entries[1]!.truncated).toBe(true);
    expect(entries[2]!.line).toBe(3);
  });
});

describe('mergeByTime', () => {
  const entry = (file: string, timestamp: string | null, message: string): FileLogEntry => ({ file, timestamp, level: 'INFO', logger: null, pid: null, message, line: null, offset: 0, lines: 1 });

  it('merges files by timestamp and keeps the last count', () => {
    const a = [entry('a', '2026-06-19T10:00:01.000Z', 'a1'), entry('a', '2026-06-19T10:00:03.000Z', 'a3'), entry('a', '2026-06-19T10:00:05.000Z', 'a5')];
    const b = [entry('b', '2026-06-19T12:00:02.000+02:00', 'b2'), entry('b', '2026-06-19T10:00:04.000Z', 'b4')];
    expect(mergeByTime([a, b], 10).map((e) => e.message)).toEqual(['a1', 'b2', 'a3', 'b4', 'a5']);
    expect(mergeByTime([a, b], 2).map((e) => e.message)).toEqual(['b4', 'a5']);
    expect(mergeByTime([a, b], 0)).toEqual([]);
    expect(mergeByTime([], 5)).toEqual([]);
  });

  it('keeps entries without a timestamp next to their neighbours, in file order; ties keep the order of the lists', () => {
    const a = [entry('a', null, 'a-head'), entry('a', '2026-06-19T10:00:02.000Z', 'a2'), entry('a', null, 'a2-cont'), entry('a', '2026-06-19T10:00:04.000Z', 'a4')];
    const b = [entry('b', '2026-06-19T10:00:01.000Z', 'b1'), entry('b', '2026-06-19T10:00:03.000Z', 'b3'), entry('b', '2026-06-19T10:00:04.000Z', 'b4')];
    expect(mergeByTime([a, b], 10).map((e) => e.message)).toEqual(['b1', 'a-head', 'a2', 'a2-cont', 'b3', 'a4', 'b4']);
  });
});

describe('listLogFiles', () => {
  it('lists log and rotated files newest first, ignoring other names, .gz, folders and links leading out', async () => {
    const folder = makeTempDir('vigie-log-folder-');
    const outside = makeTempDir('vigie-log-outside-');
    const secret = logFile('secret\n', 'secret.log', outside);
    const now = Date.now() / 1000;
    const names = ['odoo.log', 'odoo.log.1', 'odoo.log.2', 'odoo.log.3.gz', 'notes.txt', 'odoo.log.old'];
    names.forEach((name, i) => {
      const file = logFile(`line ${name}\n`, name, folder);
      utimesSync(file, now - i * 60, now - i * 60);
    });
    mkdirSync(path.join(folder, 'sub.log'));
    symlinkSync(secret, path.join(folder, 'escape.log'));
    symlinkSync(path.join(folder, 'odoo.log.2'), path.join(folder, 'current.log'));
    symlinkSync(path.join(folder, 'gone.log'), path.join(folder, 'dangling.log'));
    const files = await listLogFiles(folder);
    expect(files.map((f) => f.name)).toEqual(['odoo.log', 'odoo.log.1', 'odoo.log.2']);
    expect(files[0]!.path).toBe(path.join(folder, 'odoo.log'));
    expect(files[0]!.size).toBe('line odoo.log\n'.length);
    expect((await listLogFiles(folder, ['*.gz'])).map((f) => f.name)).toEqual(['odoo.log.3.gz']);
    expect((await listLogFiles(folder, ['*.txt', 'odoo.log'])).map((f) => f.name)).toEqual(['odoo.log', 'notes.txt']);
  });

  it('refuses a missing folder or a file with a clear FILE_ERROR', async () => {
    const missing = path.join(dir, 'no-such-folder');
    await expect(listLogFiles(missing)).rejects.toMatchObject({ code: 'FILE_ERROR', message: `Cannot read the log folder ${missing}: it does not exist.` });
    await expect(listLogFiles(logFile('x\n'))).rejects.toMatchObject({ code: 'FILE_ERROR' });
  });
});
