// The live tail over real chokidar on temp folders: lines appended, multi-line entries that
// grow, partial lines, truncation, rotation (with lines written just before it), a writer that
// rotates while writing, files coming and going, a folder that appears later, polling, close(),
// unreadable files, patterns and .gz, links leading out of the folder, bad input. Entries are
// collected by id as the viewer does (an entry that grew comes again with the same id).
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogMonitor, type LogMonitorTiming } from '../../main/logs/liveTail';
import type { LogMonitor, MonitorConfig, TailEntry } from '../../main/logs/monitor';
import type { LogFileChange } from '../../shared/logs';
import { makeTempDir } from '../support/tempDir';

const PATTERNS = ['*.log', '*.log.[0-9]*', '*.gz'];
/** Short enough for the suite, long enough for slow CI disks. */
const FAST: LogMonitorTiming = { folderRecheckMs: 200, partialIdleMs: 400 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const idOf = (e: TailEntry): string => `${e.key}#${e.generation}:${e.offset}`;

function odoo(n: number | string, level = 'INFO', message = `event ${n}`): string {
  return `2026-06-19 10:00:01,123 4242 ${level} db odoo.app: ${message}\n`;
}

/** 65 MiB of whole lines: more than the live tail reads at once (64 MiB). */
function manyLines(name: string): string {
  return odoo(name).repeat(Math.ceil((65 * 1024 * 1024) / odoo(name).length));
}

interface Harness {
  monitor: LogMonitor;
  calls: { cursor: number; files: boolean }[];
  /** Resolves at the next onChange (true) or after `ms` (false). */
  nextChange(ms?: number): Promise<boolean>;
  /** Entries by id, as the viewer holds them, pulled with the harness's own cursor. */
  entries: Map<string, TailEntry>;
  changes: { key: string; change: LogFileChange }[];
  pull(): void;
  /** Pulls at each onChange until `done()` holds; fails after `ms`. */
  until(done: () => boolean, ms?: number): Promise<void>;
  messages(key?: string): string[];
}

const open: LogMonitor[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

async function start(folders: string[], overrides: Partial<MonitorConfig> = {}, timing: LogMonitorTiming = FAST, bufferSize?: number): Promise<Harness> {
  const calls: Harness['calls'] = [];
  let waiters: (() => void)[] = [];
  const config: MonitorConfig = { folders, patterns: PATTERNS, polling: false, fileOptions: () => ({}), ...overrides };
  const monitor = createLogMonitor({
    config,
    timing,
    ...(bufferSize ? { bufferSize } : {}),
    onChange: (change) => {
      calls.push(change);
      for (const wake of waiters.splice(0)) wake();
    },
  });
  open.push(monitor);
  await monitor.ready();
  let cursor = monitor.cursor();
  const h: Harness = {
    monitor,
    calls,
    nextChange: (ms = 2000) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, ms);
        const wake = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      }),
    entries: new Map(),
    changes: [],
    pull: () => {
      const batch = monitor.tail(cursor);
      expect(batch.reset).toBe(false);
      for (const entry of batch.entries) h.entries.set(idOf(entry), entry);
      h.changes.push(...batch.changes);
      cursor = batch.cursor;
    },
    until: async (done, ms = 4000) => {
      const end = Date.now() + ms;
      for (;;) {
        h.pull();
        if (done()) return;
        if (Date.now() > end) throw new Error('timed out waiting for the monitor');
        await h.nextChange(Math.min(250, Math.max(1, end - Date.now())));
      }
    },
    messages: (key) => [...h.entries.values()].filter((e) => key === undefined || e.key === key).map((e) => e.message),
  };
  return h;
}

describe('live tail', () => {
  it('shows appended lines within a second, and only what follows ready()', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1) + odoo(2) + odoo(3));
    const h = await start([dir]);
    expect(h.monitor.files().map((f) => [f.key, f.generation, f.detectedFormat, f.encoding, f.compressed])).toEqual([['0/app.log', 0, 'odoo', 'utf-8', false]]);
    expect(h.monitor.folders()).toEqual([{ path: dir, ok: true }]);
    const before = h.monitor.cursor();
    expect(h.monitor.tail(before)).toEqual({ entries: [], changes: [], cursor: before, reset: false });

    const written = performance.now();
    appendFileSync(file, odoo(4, 'ERROR') + odoo(5));
    expect(await h.nextChange(1000)).toBe(true);
    expect(performance.now() - written).toBeLessThan(1000);
    const batch = h.monitor.tail(before);
    expect(batch.entries.map((e) => [e.key, e.generation, e.line, e.level, e.message])).toEqual([
      ['0/app.log', 0, 4, 'ERROR', 'event 4'],
      ['0/app.log', 0, 5, 'INFO', 'event 5'],
    ]);
    expect(batch.entries[0]!.offset).toBe(odoo(1).length * 3);
    expect(batch.entries[0]!.file).toBe(file);
    expect(batch.cursor).toBeGreaterThan(before);
    expect(h.calls.at(-1)).toEqual({ cursor: batch.cursor, files: false });
    expect(h.monitor.tail(batch.cursor).entries).toEqual([]);
    // A cursor from before this monitor (or too old for its buffer) asks for a reload.
    expect(h.monitor.tail(0).reset).toBe(true);
    expect(h.monitor.tail(batch.cursor + 1).reset).toBe(true);
  });

  it('asks for a reload when more was appended than the buffer keeps', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const h = await start([dir], {}, FAST, 5);
    const cursor = h.monitor.cursor();
    appendFileSync(file, odoo(1) + odoo(2) + odoo(3));
    await h.until(() => h.entries.size === 3);
    expect(h.monitor.tail(cursor).reset).toBe(false);
    appendFileSync(file, [4, 5, 6, 7].map((n) => odoo(n)).join(''));
    await h.until(() => h.entries.size === 7);
    expect(h.monitor.tail(cursor)).toEqual({ entries: [], changes: [], cursor: h.monitor.cursor(), reset: true });
  });

  it('regroups a stack trace written in two appends into the same entry', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir]);
    const cursor = h.monitor.cursor();
    appendFileSync(file, odoo(2, 'ERROR', 'boom') + 'Traceback (most recent call last):\n');
    await h.until(() => h.messages().length === 1);
    const first = [...h.entries.values()][0]!;
    expect(first.lines).toBe(2);
    appendFileSync(file, '  File "x.py", line 1, in <module>\nValueError: bad\n' + odoo(3));
    await h.until(() => h.entries.size === 2 && [...h.entries.values()][0]!.lines === 4);
    const [trace, next] = [...h.entries.values()];
    expect(idOf(trace!)).toBe(idOf(first));
    expect(trace!.message).toBe('boom\nTraceback (most recent call last):\n  File "x.py", line 1, in <module>\nValueError: bad');
    expect(next!.message).toBe('event 3');
    expect(next!.line).toBe(6);
    // Asked once for both writes: the entry comes once, as it is now.
    expect(h.monitor.tail(cursor).entries.map((e) => [e.offset, e.lines])).toEqual([
      [first.offset, 4],
      [next!.offset, 1],
    ]);
  });

  it('holds a line back until its newline comes, or until the file is idle', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir], {}, { ...FAST, partialIdleMs: 1500 });
    appendFileSync(file, '2026-06-19 10:00:02,000 4242 INFO db odoo.app: hel');
    await sleep(400);
    h.pull();
    expect(h.entries.size).toBe(0);
    appendFileSync(file, 'lo\n');
    await h.until(() => h.entries.size === 1);
    expect(h.messages()).toEqual(['hello']);

    // Idle: shown as it is, then again (same id) once complete.
    appendFileSync(file, '2026-06-19 10:00:03,000 4242 INFO db odoo.app: wai');
    await h.until(() => h.entries.size === 2, 3000);
    expect(h.messages()).toEqual(['hello', 'wai']);
    appendFileSync(file, 'ted\n');
    await h.until(() => h.messages()[1] === 'waited');
    expect(h.entries.size).toBe(2);
  });

  it('starts again from 0 with a new generation when the file is truncated', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1) + odoo(2));
    const h = await start([dir]);
    appendFileSync(file, odoo(3));
    await h.until(() => h.entries.size === 1);
    truncateSync(file, 0);
    appendFileSync(file, odoo('a') + odoo('b'));
    await h.until(() => h.entries.size === 3);
    expect(h.changes).toEqual([{ key: '0/app.log', change: 'truncated' }]);
    expect([...h.entries.values()].map((e) => [e.generation, e.offset, e.line, e.message])).toEqual([
      [0, odoo(1).length * 2, 3, 'event 3'],
      [1, 0, 1, 'event a'],
      [1, odoo('a').length, 2, 'event b'],
    ]);
    expect(h.monitor.file('0/app.log')?.generation).toBe(1);
    await sleep(300);
    h.pull();
    expect(h.entries.size).toBe(3);
  });

  it('reads the end of a rotated file before the new one: no gap, no duplicate', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir]);
    // Written just before the rename: the monitor cannot have read them from app.log.
    appendFileSync(file, odoo('old-1') + odoo('old-2'));
    renameSync(file, `${file}.1`);
    writeFileSync(file, odoo('new-1') + odoo('new-2'));
    await h.until(() => h.messages().includes('event new-2'));
    await sleep(300);
    h.pull();
    const all = [...h.entries.values()];
    expect(all.map((e) => e.message).sort()).toEqual(['event new-1', 'event new-2', 'event old-1', 'event old-2']);
    const old = all.filter((e) => e.message.includes('old'));
    expect(old.map((e) => [e.key, e.generation])).toEqual([['0/app.log', 0], ['0/app.log', 0]]);
    const fresh = all.filter((e) => e.message.includes('new'));
    expect(fresh.every((e) => e.key === '0/app.log' && e.generation >= 1)).toBe(true);
    expect(fresh.map((e) => e.offset)).toEqual([0, odoo('new-1').length]);
    expect(h.changes.some((c) => c.key === '0/app.log' && (c.change === 'rotated' || c.change === 'removed'))).toBe(true);
    expect(h.changes).toContainEqual({ key: '0/app.log.1', change: 'added' });
    expect(h.calls.some((c) => c.files)).toBe(true);
    expect(h.monitor.files().map((f) => f.key)).toEqual(['0/app.log', '0/app.log.1']);

    // The renamed file carries on where app.log stopped: a line written to it later is new.
    appendFileSync(`${file}.1`, odoo('late'));
    await h.until(() => h.messages('0/app.log.1').length === 1);
    expect(h.messages('0/app.log.1')).toEqual(['event late']);
  });

  it('reads what a copytruncate rotation copied before emptying the file', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, [1, 2, 3, 4, 5, 6].map((n) => odoo(n)).join('')); // more than the 256 bytes compared
    const h = await start([dir]);
    appendFileSync(file, odoo('unread'));
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, odoo('fresh'));
    await h.until(() => h.messages().includes('event fresh') && h.messages().includes('event unread'));
    await sleep(300);
    h.pull();
    // Whichever of the copy and the truncation is seen first.
    expect([...h.entries.values()].map((e) => [e.key, e.generation, e.message]).sort()).toEqual([
      ['0/app.log', 0, 'event unread'],
      ['0/app.log', 1, 'event fresh'],
    ]);
    expect(h.changes).toContainEqual({ key: '0/app.log.1', change: 'added' });
    expect(h.changes).toContainEqual({ key: '0/app.log', change: 'truncated' });
  });

  it('delivers every line exactly once from a writer that rotates every 500 lines', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const h = await start([dir]);
    const total = 2000;
    for (let n = 0; n < total; n++) {
      if (n > 0 && n % 500 === 0) {
        renameSync(`${file}.1`, `${file}.2`);
        renameSync(file, `${file}.1`);
      }
      appendFileSync(file, odoo(String(n).padStart(4, '0')));
      if (n % 20 === 9) await sleep(2); // so that lines are unread at each rotation
      if (n === 0) writeFileSync(`${file}.1`, ''); // so that the first rename has something to move
    }
    const seen = (): number[] => [...h.entries.values()].map((e) => Number(e.message.replace('event ', '')));
    await h.until(() => new Set(seen()).size === total, 8000);
    await sleep(300);
    h.pull();
    const numbers = seen().sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: total }, (_, i) => i));
    // Lines read after their file was renamed still count as app.log's, in its generation then.
    for (const e of h.entries.values()) {
      const n = Number(e.message.replace('event ', ''));
      expect([n, e.key, e.generation]).toEqual([n, '0/app.log', Math.floor(n / 500)]);
    }
  });

  it('reports files that come and go', async () => {
    const dir = makeTempDir('vigie-mon-');
    writeFileSync(path.join(dir, 'app.log'), odoo(1));
    const h = await start([dir]);
    const added = path.join(dir, 'worker.log');
    writeFileSync(added, odoo('w1') + odoo('w2'));
    await h.until(() => h.messages('0/worker.log').length === 2);
    expect(h.changes).toContainEqual({ key: '0/worker.log', change: 'added' });
    expect(h.calls.some((c) => c.files)).toBe(true);
    expect([...h.entries.values()].map((e) => [e.line, e.offset, e.generation])).toEqual([
      [1, 0, 0],
      [2, odoo('w1').length, 0],
    ]);
    expect(h.monitor.files().map((f) => f.key)).toEqual(['0/app.log', '0/worker.log']);
    const calls = h.calls.length;
    rmSync(added);
    await h.until(() => h.changes.some((c) => c.change === 'removed'));
    expect(h.changes.at(-1)).toEqual({ key: '0/worker.log', change: 'removed' });
    expect(h.calls.slice(calls).some((c) => c.files)).toBe(true);
    expect(h.monitor.files().map((f) => f.key)).toEqual(['0/app.log']);
    expect(h.monitor.file('0/worker.log')).toBeUndefined();

    // Back again: a new generation, so that its entries do not take the ids of the old ones.
    writeFileSync(added, odoo('w3'));
    await h.until(() => h.messages('0/worker.log').includes('event w3'));
    expect(h.monitor.file('0/worker.log')?.generation).toBe(1);
  });

  it('reports a missing folder and picks it up once it exists', async () => {
    const root = makeTempDir('vigie-mon-');
    const missing = path.join(root, 'later');
    const notFolder = path.join(root, 'file.txt');
    writeFileSync(notFolder, 'x');
    const h = await start([missing, notFolder]);
    expect(h.monitor.folders()).toEqual([
      { path: missing, ok: false, problem: { code: 'FOLDER_MISSING', message: `The log folder ${missing} does not exist.` } },
      { path: notFolder, ok: false, problem: { code: 'NOT_A_FOLDER', message: `The log folder ${notFolder} is not a folder.` } },
    ]);
    expect(h.monitor.files()).toEqual([]);
    mkdirSync(missing);
    writeFileSync(path.join(missing, 'app.log'), odoo(1));
    await h.until(() => h.monitor.files().length === 1);
    expect(h.monitor.folders()[0]).toEqual({ path: missing, ok: true });
    expect(h.monitor.files()[0]!.key).toBe('0/app.log');
    expect(h.calls.some((c) => c.files)).toBe(true);
    appendFileSync(path.join(missing, 'app.log'), odoo(2));
    await h.until(() => h.messages().includes('event 2'));
  });

  it('works by polling', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    // A stat check slower than the test: what arrives comes from chokidar's polling.
    const h = await start([dir], { polling: true }, { ...FAST, statCheckMs: 60_000 });
    const written = performance.now();
    appendFileSync(file, odoo(2));
    await h.until(() => h.entries.size === 1, 1000);
    expect(performance.now() - written).toBeLessThan(1000);
    writeFileSync(path.join(dir, 'new.log'), odoo(3));
    await h.until(() => h.messages('0/new.log').length === 1, 2000);
  });

  it('says nothing once closed, and close() can be called again', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir]);
    const cursor = h.monitor.cursor();
    await h.monitor.close();
    appendFileSync(file, odoo(2));
    writeFileSync(path.join(dir, 'other.log'), odoo(3));
    expect(await h.nextChange(1300)).toBe(false);
    expect(h.monitor.tail(cursor)).toEqual({ entries: [], changes: [], cursor, reset: false });
    await expect(h.monitor.close()).resolves.toBeUndefined();
  });

  it.skipIf(process.getuid?.() === 0)('gives an unreadable file a problem, and reads it again once readable', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir]);
    chmodSync(file, 0o200); // write-only: the writer goes on, the monitor cannot read
    appendFileSync(file, odoo(2));
    await h.until(() => h.monitor.file('0/app.log')?.problem !== undefined);
    expect(h.monitor.file('0/app.log')?.problem?.code).toBe('FILE_UNREADABLE');
    chmodSync(file, 0o644);
    await h.until(() => h.monitor.file('0/app.log')?.problem === undefined && h.entries.size === 1);
    expect(h.messages()).toEqual(['event 2']);
  });

  it('lists the files the patterns name, .gz as compressed and never tailed, and no link leading out', async () => {
    const dir = makeTempDir('vigie-mon-');
    const outside = makeTempDir('vigie-mon-outside-');
    writeFileSync(path.join(outside, 'secret.log'), odoo('secret'));
    writeFileSync(path.join(dir, 'app.log'), odoo(1));
    writeFileSync(path.join(dir, 'app.log.2'), odoo(0));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a log\n');
    writeFileSync(path.join(dir, '.hidden.log'), odoo('hidden'));
    writeFileSync(path.join(dir, 'old.log.gz'), gzipSync(odoo('gz')));
    mkdirSync(path.join(dir, 'archive'));
    writeFileSync(path.join(dir, 'archive', 'deep.log'), odoo('deep'));
    symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'leak.log'));
    symlinkSync(path.join(dir, 'app.log'), path.join(dir, 'alias.log'));
    symlinkSync(path.join(dir, 'archive', 'deep.log'), path.join(dir, 'current.log'));
    const h = await start([dir]);
    expect(h.monitor.files().map((f) => [f.key, f.compressed, f.detectedFormat])).toEqual([
      ['0/app.log', false, 'odoo'],
      ['0/app.log.2', false, 'odoo'],
      ['0/current.log', false, 'odoo'],
      ['0/old.log.gz', true, null],
    ]);
    appendFileSync(path.join(outside, 'secret.log'), odoo('secret-2'));
    appendFileSync(path.join(dir, '.hidden.log'), odoo('hidden-2'));
    appendFileSync(path.join(dir, 'notes.txt'), odoo('txt'));
    writeFileSync(path.join(dir, 'old.log.gz'), gzipSync(odoo('gz') + odoo('gz-2')));
    appendFileSync(path.join(dir, 'app.log'), odoo(2));
    appendFileSync(path.join(dir, 'archive', 'deep.log'), odoo('deep-2'));
    await h.until(() => h.entries.size >= 2);
    await sleep(1200); // a stat check too
    h.pull();
    expect([...h.entries.values()].map((e) => [e.key, e.message]).sort()).toEqual([
      ['0/app.log', 'event 2'],
      ['0/current.log', 'event deep-2'],
    ]);
    expect(h.monitor.files().find((f) => f.key === '0/old.log.gz')!.size).toBeGreaterThan(30);

    // A link retargeted outside: no longer listed.
    rmSync(path.join(dir, 'current.log'));
    symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'current.log'));
    await h.until(() => !h.monitor.files().some((f) => f.key === '0/current.log'));
  });

  it('survives binary junk, invalid UTF-8 and a 50 MB line', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir]);
    appendFileSync(file, Buffer.concat([Buffer.from('junk \x00\x01\x02'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' end\n')]));
    appendFileSync(file, Buffer.alloc(50 * 1024 * 1024, 'x'));
    appendFileSync(file, '\n' + odoo('after'));
    await h.until(() => h.messages().includes('event after'), 8000);
    const all = [...h.entries.values()];
    expect(all).toHaveLength(3);
    expect(all[0]!.message).toContain('\uFFFD');
    expect(all[0]!.message).toContain('\x00');
    const long = all[1]!;
    expect(long.truncated).toBe(true);
    expect(long.message.length).toBeLessThanOrEqual(1024 * 1024);
    expect(long.message.length).toBeGreaterThan(1000);
    expect(all[2]!.offset).toBe(odoo(1).length + 16 + 50 * 1024 * 1024 + 1);
    expect(all[2]!.line).toBe(4);
    expect(h.monitor.file('0/app.log')?.problem).toBeUndefined();
  });

  it('resets the cursors when a file grows by more than a live tail reads, and goes on from its end', async () => {
    const dir = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    const h = await start([dir]);
    const cursor = h.monitor.cursor();
    appendFileSync(file, manyLines('bulk'));
    expect(await h.nextChange(3000)).toBe(true);
    const batch = h.monitor.tail(cursor);
    expect(batch.reset).toBe(true);
    expect(batch.entries).toEqual([]);
    appendFileSync(file, odoo('after'));
    await h.nextChange(2000);
    expect(h.monitor.tail(batch.cursor).entries.map((e) => [e.message, e.line])).toEqual([['event after', null]]);
    // A big file that appears is listed, not read as tail.
    writeFileSync(path.join(dir, 'copied.log'), manyLines('old'));
    await h.nextChange(2000);
    const later = h.monitor.tail(batch.cursor);
    expect(later.reset).toBe(false);
    expect(later.changes).toEqual([{ key: '0/copied.log', change: 'added' }]);
    expect(later.entries.map((e) => e.message)).toEqual(['event after']);
  });

  it('keeps generations and the tail position across reconfigure', async () => {
    const dir = makeTempDir('vigie-mon-');
    const other = makeTempDir('vigie-mon-');
    const file = path.join(dir, 'app.log');
    writeFileSync(file, odoo(1));
    writeFileSync(path.join(other, 'db.log'), odoo('db'));
    const h = await start([dir]);
    truncateSync(file, 0);
    appendFileSync(file, odoo(2));
    await h.until(() => h.entries.size === 1);
    expect(h.monitor.file('0/app.log')?.generation).toBe(1);
    const config: MonitorConfig = { folders: [other, dir], patterns: ['*.log'], polling: false, fileOptions: () => ({}) };
    await h.monitor.reconfigure(config);
    expect(h.monitor.files().map((f) => [f.key, f.generation])).toEqual([['0/db.log', 0], ['1/app.log', 1]]);
    appendFileSync(file, odoo(3));
    await h.until(() => h.messages().includes('event 3'));
    const third = [...h.entries.values()].find((e) => e.message === 'event 3')!;
    expect([third.key, third.generation, third.offset, third.line]).toEqual(['1/app.log', 1, odoo(2).length, 2]);
    expect(h.messages()).toEqual(['event 2', 'event 3']); // db.log's content was there before: not tail
  });
});
