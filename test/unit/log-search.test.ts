// Full-text search of whole log files: tiny chunk sizes put lines, UTF-8 characters and CRLF on
// chunk edges, checked against a plain reference (the whole file split into lines, each tested
// alone) on seeded random contents; then .gz, the match limit, cancelling (in-process and by
// terminating the worker thread), invalid regexes, empty and missing files, and the CLI.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/program';
import { latin1Source, requiredLiteral, searchFile, type SearchMatch, type SearchOptions } from '../../main/logs/search';
import type { LogSearchBatch, LogSearchInput, LogSearchOutput } from '../../main/workers/logSearch';
import { runWorker } from '../../main/workers/run';
import { VigieError } from '../../shared/errors';
import { makeTempDir } from '../support/tempDir';
import { seededRandom } from '../support/random';

const dir = makeTempDir('vigie-log-search-');
let fileCount = 0;

function logFile(content: string | Buffer, name = `file-${++fileCount}.log`): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function search(file: string, pattern: string, options: Partial<SearchOptions> = {}) {
  const matches: SearchMatch[] = [];
  const result = await searchFile(file, pattern, { regex: false, caseSensitive: true, ...options, onMatches: (batch) => matches.push(...batch) });
  return { matches, result };
}

/** The reference: lines split at LF (CR before LF dropped), each tested alone. */
function reference(content: Buffer, test: (line: string) => boolean): { line: number; offset: number; text: string }[] {
  const out: { line: number; offset: number; text: string }[] = [];
  let start = 0;
  for (let n = 1; start < content.length; n++) {
    let newline = content.indexOf(0x0a, start);
    if (newline < 0) newline = content.length;
    let end = newline;
    if (end > start && content[end - 1] === 0x0d) end--;
    const text = content.subarray(start, end).toString('utf8');
    if (test(text)) out.push({ line: n, offset: start, text });
    start = newline + 1;
  }
  return out;
}


const PIECES = ['ERROR', 'error', 'Erreur', 'café', '日本', '😀', 'x', ' ', '\r\n', '\n', '\n', 'abc', '\r', 'ab', 'c', '\u3000', '\u00a0', 'à'];

function randomContent(seed: number): Buffer {
  const rnd = seededRandom(seed);
  const parts: string[] = [];
  const n = 20 + Math.floor(rnd() * 200);
  for (let i = 0; i < n; i++) parts.push(PIECES[Math.floor(rnd() * PIECES.length)]!);
  const buf = Buffer.from(parts.join(''), 'utf8');
  // Now and then an invalid byte.
  if (rnd() < 0.3) buf[Math.floor(rnd() * buf.length)] = 0xff;
  return buf;
}

describe('searchFile against the reference', () => {
  const cases: { pattern: string; regex: boolean; caseSensitive: boolean; test: (line: string) => boolean }[] = [
    { pattern: 'error', regex: false, caseSensitive: true, test: (l) => l.includes('error') },
    { pattern: 'error', regex: false, caseSensitive: false, test: (l) => /error/i.test(l) },
    { pattern: 'café', regex: false, caseSensitive: true, test: (l) => l.includes('café') },
    { pattern: '日本😀', regex: false, caseSensitive: true, test: (l) => l.includes('日本😀') },
    { pattern: 'ab+c$', regex: true, caseSensitive: true, test: (l) => /ab+c$/.test(l) },
    { pattern: '^x', regex: true, caseSensitive: false, test: (l) => /^x/i.test(l) },
    { pattern: 'c\\s+a', regex: true, caseSensitive: true, test: (l) => /c\s+a/.test(l) },
    { pattern: 'x*', regex: true, caseSensitive: true, test: () => true },
    { pattern: 'e[^ ]+r', regex: true, caseSensitive: false, test: (l) => /e[^ ]+r/i.test(l) },
    { pattern: 'a.*c\\b', regex: true, caseSensitive: true, test: (l) => /a.*c\b/.test(l) },
    { pattern: 'R\\W+c', regex: true, caseSensitive: true, test: (l) => /R\W+c/.test(l) },
    { pattern: '.+日', regex: true, caseSensitive: true, test: (l) => /.+日/.test(l) },
    { pattern: 'x.b', regex: true, caseSensitive: true, test: (l) => /x.b/.test(l) },
    { pattern: 'é\\s+\\S+R', regex: true, caseSensitive: true, test: (l) => /é\s+\S+R/.test(l) },
    { pattern: 'c\\s\\S*\\s?E', regex: true, caseSensitive: true, test: (l) => /c\s\S*\s?E/.test(l) },
    // Regexes with a required literal: candidate lines found by bytes, then tried.
    { pattern: 'ERR.R', regex: true, caseSensitive: true, test: (l) => /ERR.R/.test(l) },
    { pattern: 'caf.\\s*日', regex: true, caseSensitive: true, test: (l) => /caf.\s*日/.test(l) },
    { pattern: 'abc(?:x|\\r)?$', regex: true, caseSensitive: true, test: (l) => /abc(?:x|\r)?$/.test(l) },
    { pattern: '^.{0,3}Erreur', regex: true, caseSensitive: true, test: (l) => /^.{0,3}Erreur/.test(l) },
  ];
  for (const c of cases) {
    it(`${c.regex ? 'regex' : 'literal'} ${JSON.stringify(c.pattern)}${c.caseSensitive ? '' : ' (ignore case)'}`, async () => {
      for (let seed = 1; seed <= 40; seed++) {
        const content = randomContent(seed);
        const file = logFile(content);
        const expected = reference(content, c.test);
        for (const chunkSize of [1, 3, 7, 64, 1 << 20]) {
          const { matches, result } = await search(file, c.pattern, { regex: c.regex, caseSensitive: c.caseSensitive, chunkSize });
          expect(matches.map((m) => ({ line: m.line, offset: m.offset, text: m.text })), `seed ${seed} chunk ${chunkSize}`).toEqual(expected);
          expect(result.matches).toBe(expected.length);
          expect(result.limitReached).toBe(false);
        }
      }
    });
  }
});

describe('requiredLiteral', () => {
  it('finds the longest text every match must contain, or null when none is sure', () => {
    expect(requiredLiteral('could\\s+not obtain.{6}on')).toBe('not obtain');
    expect(requiredLiteral('timeout \\(\\d+ ms\\)')).toBe('timeout (');
    expect(requiredLiteral('abcd?e')).toBe('abc');
    expect(requiredLiteral('x{2,5}yz[abc]+ERROR(?:a|b)*')).toBe('ERROR');
    expect(requiredLiteral('ab+cde')).toBe('cde');
    for (const none of ['a|bcdef', 'ab', '(abcdef)', '[abcdef]', '\\w+\\d+', 'ab.cd', 'a\\bcd']) expect(requiredLiteral(none), none).toBeNull();
  });
});

describe('latin1Source', () => {
  it('lets through the ASCII patterns that cannot miss a line when read as Latin-1', () => {
    for (const safe of ['ERROR', 'a.*b', 'e[^ ]+r', '\\bword\\d{2}', 'R\\W+c', '[a-z]+', '^x$', 'a|b', '\\.py']) expect(latin1Source(safe), safe).toBe(safe);
    expect(latin1Source('\\S+')).toBe('[^\\t-\\r ]+');
    expect(latin1Source('a\\s+b')).toBe('a(?:[\\t-\\r ]|[\\x80-\\xff]+)+b');
    for (const unsafe of ['café', 'a.b', 'a.?b', '[^a]', '\\S', '\\u00e9', '\\xe9', '\\W', '[\\s]', '.{3}']) expect(latin1Source(unsafe), unsafe).toBeNull();
  });
});

describe('searchFile', () => {
  it('finds a literal straddling a chunk boundary, with its line, offset and ranges', async () => {
    const file = logFile('first line\nan ERROR here and ERROR there\nlast\n');
    for (const chunkSize of [2, 5, 16, 1 << 20]) {
      const { matches } = await search(file, 'ERROR', { chunkSize });
      expect(matches).toEqual([{ line: 2, offset: 11, text: 'an ERROR here and ERROR there', ranges: [[3, 8], [18, 23]] }]);
    }
  });

  it('toggles case, for literals and regexes', async () => {
    const file = logFile('Error one\nERROR two\nerror three\n');
    expect((await search(file, 'error')).matches.map((m) => m.line)).toEqual([3]);
    expect((await search(file, 'error', { caseSensitive: false })).matches.map((m) => m.line)).toEqual([1, 2, 3]);
    expect((await search(file, '^E.+o', { regex: true })).matches.map((m) => m.line)).toEqual([1, 2]);
    expect((await search(file, '^e.+o', { regex: true, caseSensitive: false })).matches.map((m) => m.ranges)).toEqual([[[0, 7]], [[0, 9]], [[0, 4]]]);
  });

  it('drops the CR of CRLF lines ($ matches before it) and keeps offsets in bytes', async () => {
    const file = logFile('héllo\r\nworld\r\nend');
    const { matches } = await search(file, 'd$', { regex: true, chunkSize: 3 });
    expect(matches).toEqual([
      { line: 2, offset: 8, text: 'world', ranges: [[4, 5]] },
      { line: 3, offset: 15, text: 'end', ranges: [[2, 3]] },
    ]);
  });

  it('decodes multi-byte characters split across chunks, and invalid bytes as U+FFFD', async () => {
    const file = logFile(Buffer.concat([Buffer.from('日本語 ok\n'), Buffer.from([0xff, 0x20]), Buffer.from('ok 😀\n')]));
    for (const chunkSize of [1, 2, 4]) {
      const { matches } = await search(file, 'ok', { chunkSize });
      expect(matches.map((m) => m.text)).toEqual(['日本語 ok', '\uFFFD ok 😀']);
      expect(matches.map((m) => m.offset)).toEqual([0, 13]);
    }
  });

  it('searches .gz files (progress on the compressed bytes)', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `2026-06-19 10:00:00,000 42 ${i % 1000 === 7 ? 'ERROR' : 'INFO'} db odoo: line ${i}`);
    const file = logFile(gzipSync(`${lines.join('\n')}\n`), 'rotated.log.1.gz');
    const progress: [number, number][] = [];
    const { matches, result } = await search(file, 'ERROR', { chunkSize: 1024, onProgress: (d, t) => progress.push([d, t]) });
    expect(matches.map((m) => m.line)).toEqual([8, 1008, 2008, 3008, 4008]);
    expect(matches[0]!.text).toBe('2026-06-19 10:00:00,000 42 ERROR db odoo: line 7');
    expect(result.lines).toBe(5000);
    expect(progress.at(-1)).toEqual([result.bytes, result.bytes]);
    const bad = logFile('not gzip at all', 'bad.log.gz');
    await expect(searchFile(bad, 'x', { regex: false, caseSensitive: true })).rejects.toMatchObject({ code: 'FILE_ERROR' });
  });

  it('stops at maxMatches and streams batches', async () => {
    const file = logFile('hit\n'.repeat(1000));
    const batches: number[] = [];
    const result = await searchFile(file, 'hit', { regex: false, caseSensitive: true, maxMatches: 250, onMatches: (b) => batches.push(b.length) });
    expect(result).toMatchObject({ matches: 250, limitReached: true });
    expect(batches.reduce((a, b) => a + b, 0)).toBe(250);
    expect(batches.length).toBeGreaterThanOrEqual(3);
  });

  it('cuts a long line to 2,000 characters around the first match', async () => {
    const line = `${'a'.repeat(50_000)}NEEDLE${'b'.repeat(50_000)}`;
    const file = logFile(`${line}\n`);
    const { matches } = await search(file, 'NEEDLE', { chunkSize: 4096 });
    expect(matches).toHaveLength(1);
    const m = matches[0]!;
    expect(m.text).toHaveLength(2000);
    expect(m.text.slice(m.ranges[0]![0], m.ranges[0]![1])).toBe('NEEDLE');
    expect(m.cut).toBeGreaterThan(48_000);
  });

  it('cancels through an AbortSignal: the search stops and rejects with the signal reason', async () => {
    const file = logFile('x\n'.repeat(200_000));
    const controller = new AbortController();
    let chunks = 0;
    const promise = searchFile(file, 'x', {
      regex: false,
      caseSensitive: true,
      chunkSize: 1024,
      maxMatches: 1e9,
      onProgress: () => {
        if (++chunks === 3) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toBe(3);
  });

  it('rejects an invalid regex with INVALID_INPUT naming the problem', async () => {
    const file = logFile('a\n');
    const error = await searchFile(file, 'a(b', { regex: true, caseSensitive: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigieError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((error as Error).message).toMatch(/Invalid regular expression: .*a\(b.*Unterminated group/);
    // The same text as a literal is fine.
    expect((await search(logFile('xa(by\n'), 'a(b')).matches).toHaveLength(1);
  });

  it('handles an empty file, a missing file and a folder', async () => {
    expect(await search(logFile(''), 'x', { regex: true })).toMatchObject({ matches: [], result: { matches: 0, lines: 0 } });
    expect(await search(logFile(''), '', { regex: true })).toMatchObject({ matches: [] });
    await expect(searchFile(path.join(dir, 'missing.log'), 'x', { regex: false, caseSensitive: true })).rejects.toMatchObject({ code: 'FILE_ERROR', message: expect.stringMatching(/does not exist/) });
    await expect(searchFile(dir, 'x', { regex: false, caseSensitive: true })).rejects.toMatchObject({ code: 'FILE_ERROR' });
  });
});

describe('the log search worker thread', () => {
  const setup = { workersDir: process.env.VIGIE_WORKERS_DIR!, databaseFile: '' };

  it('searches several files, streaming batches and overall progress', async () => {
    const a = logFile('one ERROR\ntwo\n');
    const b = logFile(gzipSync('three\nfour ERROR\n'), 'worker.log.gz');
    const batches: LogSearchBatch[] = [];
    const progress: number[] = [];
    const output = await runWorker<LogSearchInput, LogSearchOutput>(
      setup,
      'logSearch',
      { files: [a, b, path.join(dir, 'gone.log')], pattern: 'error', regex: false, caseSensitive: false },
      { onPartial: (data) => batches.push(data as LogSearchBatch), onProgress: (done) => progress.push(done) },
    );
    expect(output).toMatchObject({ matches: 2, limitReached: false, errors: [{ file: path.join(dir, 'gone.log'), code: 'FILE_ERROR' }] });
    expect(batches.map((x) => [x.file, x.matches.map((m) => m.line)])).toEqual([
      [a, [1]],
      [b, [2]],
    ]);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('is terminated when cancelled, even inside a catastrophic regex', async () => {
    const file = logFile(`${'a'.repeat(40)}!\n`);
    const controller = new AbortController();
    const promise = runWorker<LogSearchInput, LogSearchOutput>(setup, 'logSearch', { files: [file], pattern: '^(a+)+$', regex: true, caseSensitive: true }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports an invalid regex as INVALID_INPUT', async () => {
    await expect(runWorker(setup, 'logSearch', { files: [logFile('a\n')], pattern: '[', regex: true, caseSensitive: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('vigie logs search', () => {
  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { VIGIE_DATA_DIR: path.join(dir, 'no-data-dir') }, cwd: dir });
    return { code, out, err };
  }

  it('searches a folder of *.log* files (gz included, no subfolders, no links out), exit 0 / 1 like grep', async () => {
    const folder = path.join(dir, 'logs');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'odoo.log'), 'a\nboom ERROR\n');
    writeFileSync(path.join(folder, 'odoo.log.1.gz'), gzipSync('ERROR old\n'));
    writeFileSync(path.join(folder, 'notes.txt'), 'ERROR not a log\n');
    writeFileSync(path.join(folder, 'sub', 'deep.log'), 'ERROR deep\n');
    const outside = logFile('ERROR outside\n', 'outside.log');
    symlinkSync(outside, path.join(folder, 'link.log'));

    const text = await cli(['logs', 'search', 'logs', 'ERROR']);
    expect(text).toEqual({ code: 0, out: ['logs/odoo.log:2: boom ERROR', 'logs/odoo.log.1.gz:1: ERROR old'], err: [] });
    const json = await cli(['logs', 'search', 'logs', 'e.r+o', '--regex', '--ignore-case', '--json', '--max', '1']);
    expect(json.code).toBe(0);
    expect(json.out.map((l) => JSON.parse(l))).toEqual([{ file: path.join(folder, 'odoo.log'), line: 2, offset: 2, text: 'boom ERROR' }]);
    expect(json.err.join('\n')).toMatch(/stopped after 1 matching/);
    expect(await cli(['logs', 'search', 'logs/odoo.log', 'nothing'])).toMatchObject({ code: 1, out: [] });
    expect((await cli(['logs', 'search', 'logs', '(', '--regex'])).code).toBe(2);
    expect(await cli(['logs', 'search', 'nowhere.log', 'x'])).toMatchObject({ code: 1, err: [expect.stringMatching(/no such file/)] });
  });
});
