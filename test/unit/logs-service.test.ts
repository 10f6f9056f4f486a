// The Logs area through the router (issue 5): settings, the last entries of real files merged by
// time, live tail through the real monitor (chokidar), the lines around an entry, searches in
// real worker threads, exports, the dashboard's error count, per-file format and zone.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/contract';
import type { LogEntryView } from '../../shared/logs';
import type { Session } from '../../main/ipc/session';
import { lastEntriesOf, recentErrors } from '../../main/services/logReads';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { ManualClock } from '../support/clock';
import { makeTempDir } from '../support/tempDir';
import { failure, ok } from '../support/results';

let t: TestBackend;
afterEach(() => t?.close());

/** Resolves with the first event `name` whose payload passes `test` (rejects after `ms`). */
function nextEvent<E extends EventName>(name: E, test: (payload: EventPayload<E>) => boolean = () => true, ms = 8000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${ms} ms`));
    }, ms);
    const off = t.backend.router.onEvent((event: EventName, payload: unknown) => {
      if (event !== name || !test(payload as EventPayload<E>)) return;
      clearTimeout(timer);
      off();
      resolve(payload as EventPayload<E>);
    });
  });
}

/** Odoo server log line (UTC). */
const odoo = (at: string, level: string, logger: string, message: string, pid = 4120) => `${at.replace('T', ' ').replace('Z', '').replace('.', ',')} ${pid} ${level} vigie_prod ${logger}: ${message}\n`;
/** A log4j-like line with an explicit offset (no zone needed). */
const app = (at: string, level: string, message: string) => `${at} ${level} com.acme.Sync - ${message}\n`;

const NOW = '2026-03-02T12:00:00.000Z';

interface Setup {
  manager: Session;
  logs: string;
}

/** A backend whose default log folder (`<dataDir>/logs`) holds `files` before the first call. */
async function withLogs(files: Record<string, string | Buffer>, options: Parameters<typeof startBackend>[0] = {}): Promise<Setup> {
  t = startBackend({ clock: new ManualClock(NOW), ...options });
  const logs = path.join(t.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(logs, name), content);
  const { session } = await t.setUpManager();
  return { manager: session, logs };
}

const TWO_FILES = {
  'odoo.log': [
    odoo('2026-03-02T08:00:00.000Z', 'INFO', 'odoo.modules.loading', 'Modules loaded.'),
    odoo('2026-03-02T08:02:00.000Z', 'ERROR', 'odoo.http', 'Exception during request handling.') + 'Traceback (most recent call last):\n  File "/opt/odoo/http.py", line 1, in x\nValueError: boom\n',
    odoo('2026-03-02T08:04:00.000Z', 'WARNING', 'odoo.addons.mail', 'Mail delivery failed'),
  ].join(''),
  'sync.log': [
    app('2026-03-02T08:01:00.000+00:00', 'INFO', 'sync started'),
    app('2026-03-02T08:03:00.000+00:00', 'ERROR', 'sync failed'),
    app('2026-03-02T09:05:00.000+01:00', 'INFO', 'sync done'),
  ].join(''),
  'old.log.2.gz': gzipSync(odoo('2026-02-20T08:00:00.000Z', 'ERROR', 'odoo.http', 'an old needle')),
};

const keyOf = (overview: { files: { key: string; name: string }[] }, name: string) => overview.files.find((f) => f.name === name)!.key;

describe('permissions', () => {
  it('needs Monitoring (logs) to read, and manager.settings to change the settings', async () => {
    const { manager, logs } = await withLogs(TWO_FILES);
    const { session: stats } = await t.accountWith(manager, 'stats.only', ['monitoring.statistics']);
    for (const [channel, input] of [
      ['logs.overview', {}],
      ['logs.entries', {}],
      ['logs.tail', { cursor: 0 }],
      ['logs.context', { file: '0/odoo.log', offset: 0 }],
      ['logs.search.start', { pattern: 'x' }],
      ['logs.export', { format: 'csv' }],
      ['logs.errorCount', {}],
      ['logs.fileSettings.update', { file: '0/odoo.log', format: null, timeZone: null }],
    ] as const) {
      expect(failure(await t.call(stats, channel, input as never)).code, channel).toBe('FORBIDDEN');
    }
    const { session: reader } = await t.accountWith(manager, 'logs.reader', ['monitoring.logs']);
    const settings = { folders: [logs], patterns: ['*.log'], lastEntries: 1000, polling: false, defaultTimeZone: 'UTC' };
    expect(failure(await t.call(reader, 'logs.settings.update', settings)).code).toBe('FORBIDDEN');
    expect(ok(await t.call(reader, 'logs.entries', {})).entries).toHaveLength(6);
    ok(await t.call(manager, 'logs.settings.update', settings));
  });
});

describe('logs.overview and logs.entries', () => {
  it('lists the files with their formats and merges the last entries of both files by time', async () => {
    const { manager, logs } = await withLogs(TWO_FILES);
    const overview = ok(await t.call(manager, 'logs.overview', {}));
    expect(overview.settings).toEqual({ folders: [logs], patterns: ['*.log', '*.log.[0-9]*', '*.gz'], lastEntries: 1000, polling: false, defaultTimeZone: 'local' });
    expect(overview.folders).toEqual([{ path: logs, ok: true }]);
    const byName = Object.fromEntries(overview.files.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual(['odoo.log', 'old.log.2.gz', 'sync.log']);
    expect(byName['odoo.log']).toMatchObject({ folder: logs, compressed: false, format: 'odoo', detectedFormat: 'odoo', formatOverride: null, timeZone: 'UTC', timeZoneOverride: null, encoding: 'utf-8' });
    expect(byName['old.log.2.gz']!.compressed).toBe(true);
    expect(byName['sync.log']!.format).toBe('log4j');

    const read = ok(await t.call(manager, 'logs.entries', {}));
    expect(read.entries.map((e) => [e.timestamp, e.level])).toEqual([
      ['2026-03-02T08:00:00.000Z', 'INFO'],
      ['2026-03-02T08:01:00.000Z', 'INFO'],
      ['2026-03-02T08:02:00.000Z', 'ERROR'],
      ['2026-03-02T08:03:00.000Z', 'ERROR'],
      ['2026-03-02T08:04:00.000Z', 'WARNING'],
      ['2026-03-02T09:05:00.000+01:00', 'INFO'],
    ]);
    const odooKey = keyOf(overview, 'odoo.log');
    const traceback = read.entries[2]!;
    expect(traceback).toMatchObject({ file: odooKey, line: 2, lines: 4, logger: 'odoo.http', pid: 4120 });
    expect(traceback.id).toMatch(new RegExp(`^${odooKey.replace('/', '\\/')}#\\d+:${traceback.offset}$`));
    expect(traceback.message).toContain('ValueError: boom');
    expect(new Set(read.entries.map((e) => e.id)).size).toBe(6);
    // The compressed file is not read for last entries.
    expect(read.files.map((f) => f.key).sort()).toEqual([keyOf(overview, 'odoo.log'), keyOf(overview, 'sync.log')].sort());
    expect(read.files.find((f) => f.key === odooKey)).toMatchObject({ entries: 3, reachedStart: true });
    expect(read.cursor).toBeTypeOf('number');

    // A limit, and one file only.
    const lastTwo = ok(await t.call(manager, 'logs.entries', { limit: 2 }));
    expect(lastTwo.entries.map((e) => e.message)).toEqual(['Mail delivery failed', 'sync done']);
    const onlySync = ok(await t.call(manager, 'logs.entries', { files: [keyOf(overview, 'sync.log')] }));
    expect(onlySync.entries.map((e) => e.message)).toEqual(['sync started', 'sync failed', 'sync done']);
    // Asked for by name, a compressed file says why it gives nothing.
    const gz = ok(await t.call(manager, 'logs.entries', { files: [keyOf(overview, 'old.log.2.gz')] }));
    expect(gz.entries).toEqual([]);
    expect(gz.files[0]!.problem?.code).toBe('FILE_ERROR');
  });

  it('answers NOT_FOUND for a key the monitor does not know', async () => {
    const { manager } = await withLogs(TWO_FILES);
    for (const file of ['9/odoo.log', '0/../odoo.log', '/etc/passwd', '0/missing.log']) {
      expect(failure(await t.call(manager, 'logs.entries', { files: [file] })).code, file).toBe('NOT_FOUND');
      expect(failure(await t.call(manager, 'logs.context', { file, offset: 0 })).code, file).toBe('NOT_FOUND');
      expect(failure(await t.call(manager, 'logs.fileSettings.update', { file, format: 'raw', timeZone: null })).code, file).toBe('NOT_FOUND');
      expect(failure(await t.call(manager, 'logs.search.start', { files: [file], pattern: 'x' })).code, file).toBe('NOT_FOUND');
    }
  });

  it('marks import errors and links the rejected file the entry names', async () => {
    const { manager } = await withLogs({
      'odoo.log': [
        odoo('2026-03-02T08:00:00.000Z', 'ERROR', 'odoo.addons.base_import', 'Import of contacts-2026-03-01.csv failed: row 3: invalid email "jean.dupont@"'),
        odoo('2026-03-02T08:01:00.000Z', 'ERROR', 'odoo.addons.base_import', 'Import of partners.csv failed: row 2'),
        odoo('2026-03-02T08:02:00.000Z', 'WARNING', 'vigie.import', 'import failed: the server did not answer'),
        odoo('2026-03-02T08:03:00.000Z', 'INFO', 'odoo.http', 'GET /web/readme.txt 200'),
      ].join(''),
    });
    mkdirSync(path.join(t.dataDir, 'rejected-imports'), { recursive: true });
    writeFileSync(path.join(t.dataDir, 'rejected-imports', 'contacts-2026-03-01.csv'), 'a;b\r\n');
    const { entries } = ok(await t.call(manager, 'logs.entries', {}));
    expect(entries.map((e) => [e.importError ?? false, e.importRef ?? null])).toEqual([
      [true, { name: 'contacts-2026-03-01.csv', row: 3 }],
      [true, null], // names a .csv that is not in the folder
      [true, null], // says an import failed
      [false, null],
    ]);
  });

  it('reports a missing folder beside the folders that work', async () => {
    const { manager, logs } = await withLogs(TWO_FILES);
    const missing = path.join(makeTempDir(), 'not-there');
    ok(await t.call(manager, 'logs.settings.update', { folders: [logs, missing], patterns: ['*.log'], lastEntries: 500, polling: false, defaultTimeZone: 'UTC' }));
    const overview = ok(await t.call(manager, 'logs.overview', {}));
    expect(overview.folders[0]).toEqual({ path: logs, ok: true });
    expect(overview.folders[1]).toMatchObject({ path: missing, ok: false });
    expect(overview.folders[1]!.problem?.message).toBeTruthy();
    expect(overview.settings.lastEntries).toBe(500);
    expect(ok(await t.call(manager, 'logs.entries', {})).entries).toHaveLength(6);
  });

  it('gives a file that cannot be read its problem and still shows the others', async () => {
    const dir = makeTempDir();
    writeFileSync(path.join(dir, 'ok.log'), app('2026-03-02T08:00:00.000+00:00', 'INFO', 'still here'));
    const file = (name: string, key: string) => ({ key, path: path.join(dir, name), folder: dir, name, size: 0, modifiedAt: NOW, compressed: false, generation: 1, detectedFormat: null, encoding: null });
    const read = await lastEntriesOf([{ file: file('gone.log', '0/gone.log'), options: {} }, { file: file('ok.log', '0/ok.log'), options: {} }], 100, new Map(), 7);
    expect(read.entries.map((e) => [e.id, e.message])).toEqual([['0/ok.log#1:0', 'still here']]);
    expect(read.files[0]).toMatchObject({ key: '0/gone.log', entries: 0, problem: { code: 'FILE_ERROR' } });
    expect(read.files[0]!.problem!.message).toMatch(/does not exist/);
    expect(read.files[1]).toEqual({ key: '0/ok.log', entries: 1, reachedStart: true });
    expect(read.cursor).toBe(7);
  });
});

describe('logs.tail', () => {
  it('returns what is appended after the cursor, once the monitor says so', async () => {
    const { manager, logs } = await withLogs(TWO_FILES);
    const read = ok(await t.call(manager, 'logs.entries', {}));
    const changed = nextEvent('logs.changed', (c) => c.cursor > read.cursor);
    appendFileSync(path.join(logs, 'sync.log'), app('2026-03-02T10:00:00.000+00:00', 'ERROR', 'Import of contacts.csv failed: row 7'));
    const event = await changed;
    expect(Object.keys(event).sort()).toEqual(['cursor', 'files']); // no log content in the event
    const tail = ok(await t.call(manager, 'logs.tail', { cursor: read.cursor }));
    expect(tail.reset).toBe(false);
    expect(tail.entries.map((e) => e.message)).toEqual(['Import of contacts.csv failed: row 7']);
    const appended = tail.entries[0]!;
    expect(appended.importError).toBe(true);
    // The same id as the entry gets when the last entries are read again.
    const again = ok(await t.call(manager, 'logs.entries', {}));
    expect(again.entries.at(-1)!.id).toBe(appended.id);
    // Nothing new after the new cursor.
    expect(ok(await t.call(manager, 'logs.tail', { cursor: tail.cursor })).entries).toEqual([]);
  });
});

describe('logs.context', () => {
  it('gives the lines around an entry, with line numbers', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => app(`2026-03-02T08:${String(i % 60).padStart(2, '0')}:00.000+00:00`, 'INFO', `line ${i + 1}`));
    const { manager } = await withLogs({ 'sync.log': lines.join('') });
    const { entries } = ok(await t.call(manager, 'logs.entries', {}));
    const target = entries.find((e) => e.message === 'line 50')!;
    const context = ok(await t.call(manager, 'logs.context', { file: target.file, offset: target.offset, before: 3, after: 2 }));
    expect(context.key).toBe(target.file);
    expect(context.target).toBe(3);
    expect(context.lines.map((l) => l.line)).toEqual([47, 48, 49, 50, 51, 52]);
    expect(context.lines[3]!.text).toBe(lines[49]!.trimEnd());
    expect(context.lines[3]!.offset).toBe(target.offset);
    expect(context.lines[0]!.text).toContain('line 47');
    // At the edges of the file.
    const first = ok(await t.call(manager, 'logs.context', { file: target.file, offset: 0, before: 5, after: 1 }));
    expect(first.target).toBe(0);
    expect(first.lines.map((l) => l.line)).toEqual([1, 2]);
    const last = entries.at(-1)!;
    const end = ok(await t.call(manager, 'logs.context', { file: target.file, offset: last.offset, before: 1, after: 5 }));
    expect(end.lines.map((l) => l.line)).toEqual([99, 100]);
    expect(failure(await t.call(manager, 'logs.context', { file: target.file, offset: 1_000_000 })).code).toBe('NOT_FOUND');
  });
});

describe('logs.search', () => {
  const done = (searchId: string) => nextEvent('logs.search.progress', (p) => p.searchId === searchId && p.state !== 'running', 15_000);

  it('searches every file, .gz included, and streams the hits to the session that asked', async () => {
    const { manager } = await withLogs(TWO_FILES);
    const started = ok(await t.call(manager, 'logs.search.start', { pattern: 'needle|failed', regex: true }));
    const end = await done(started.searchId);
    expect(end).toMatchObject({ state: 'done', found: 3 });
    const status = ok(await t.call(manager, 'logs.search.results', { searchId: started.searchId }));
    expect(status.state).toBe('done');
    expect(status.hits.map((h) => [h.key.split('/')[1], h.line])).toEqual(
      expect.arrayContaining([
        ['odoo.log', 6],
        ['sync.log', 2],
        ['old.log.2.gz', 1],
      ]),
    );
    const gz = status.hits.find((h) => h.key.endsWith('old.log.2.gz'))!;
    expect(gz.text.slice(gz.ranges[0]![0], gz.ranges[0]![1])).toBe('needle');
    expect(ok(await t.call(manager, 'logs.search.results', { searchId: started.searchId, from: 2 })).hits).toHaveLength(1);

    // Another window, even of an account allowed to read logs, does not see it.
    const { session: other } = await t.accountWith(manager, 'logs.reader', ['monitoring.logs']);
    expect(failure(await t.call(other, 'logs.search.results', { searchId: started.searchId })).code).toBe('NOT_FOUND');
    expect(failure(await t.call(other, 'logs.search.cancel', { searchId: started.searchId })).code).toBe('NOT_FOUND');
  });

  it('gives the hits found so far while the search goes on', async () => {
    // hits.log is searched first and has its hits; slow.log then keeps the worker busy for ever.
    const { manager } = await withLogs({ 'hits.log': 'aaa\nbbb\naa\n', 'slow.log': `${'a'.repeat(40)}!\n` });
    const overview = ok(await t.call(manager, 'logs.overview', {}));
    const files = [keyOf(overview, 'hits.log'), keyOf(overview, 'slow.log')];
    const found = nextEvent('logs.search.progress', (p) => p.found === 2);
    const started = ok(await t.call(manager, 'logs.search.start', { files, pattern: '(a+)+$', regex: true }));
    expect(await found).toMatchObject({ searchId: started.searchId, state: 'running' });
    const status = ok(await t.call(manager, 'logs.search.results', { searchId: started.searchId }));
    expect(status.state).toBe('running');
    expect(status.hits.map((h) => [h.key, h.line, h.text])).toEqual([
      [files[0], 1, 'aaa'],
      [files[0], 3, 'aa'],
    ]);
    ok(await t.call(manager, 'logs.search.cancel', { searchId: started.searchId }));
    expect(ok(await t.call(manager, 'logs.search.results', { searchId: started.searchId })).state).toBe('cancelled');
  });

  it('forgets the oldest finished search when a window starts its eleventh', async () => {
    const { manager } = await withLogs(TWO_FILES);
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const started = ok(await t.call(manager, 'logs.search.start', { pattern: `sync ${i}` }));
      ids.push(started.searchId);
      await done(started.searchId);
    }
    expect(failure(await t.call(manager, 'logs.search.results', { searchId: ids[0]! })).code).toBe('NOT_FOUND');
    for (const id of ids.slice(1)) expect(ok(await t.call(manager, 'logs.search.results', { searchId: id })).state).toBe('done');
  }, 30_000);

  it('refuses an invalid regex before any worker starts, naming the field', async () => {
    const { manager } = await withLogs(TWO_FILES);
    const events: unknown[] = [];
    t.backend.router.onEvent((event, payload) => event === 'logs.search.progress' && events.push(payload));
    const error = failure(await t.call(manager, 'logs.search.start', { pattern: 'a(b', regex: true }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fields?.[0]?.path).toBe('pattern');
    expect(events).toEqual([]);
    // The same text as a literal is fine.
    const literal = ok(await t.call(manager, 'logs.search.start', { pattern: 'a(b' }));
    expect((await done(literal.searchId)).state).toBe('done');
  });

  it('cancels a search, and a third search of a window cancels its oldest running one', async () => {
    // A regex that backtracks for ever on this line: the search runs until it is cancelled.
    const { manager } = await withLogs({ 'slow.log': `${'a'.repeat(40)}!\n` });
    const slow = { pattern: '(a+)+$', regex: true } as const;
    const first = ok(await t.call(manager, 'logs.search.start', slow));
    const cancelled = done(first.searchId);
    ok(await t.call(manager, 'logs.search.cancel', { searchId: first.searchId }));
    expect((await cancelled).state).toBe('cancelled');
    expect(ok(await t.call(manager, 'logs.search.results', { searchId: first.searchId })).state).toBe('cancelled');

    const a = ok(await t.call(manager, 'logs.search.start', slow));
    const b = ok(await t.call(manager, 'logs.search.start', slow));
    const aEnds = done(a.searchId);
    const c = ok(await t.call(manager, 'logs.search.start', slow));
    expect((await aEnds).state).toBe('cancelled');
    expect(ok(await t.call(manager, 'logs.search.results', { searchId: b.searchId })).state).toBe('running');
    expect(ok(await t.call(manager, 'logs.search.results', { searchId: c.searchId })).state).toBe('running');
    // Closing the backend stops them.
    const bEnds = done(b.searchId);
    t.close();
    expect((await bEnds).state).toBe('cancelled');
  });
});

describe('logs.export', () => {
  it('writes the filtered entries as CSV (formulas neutralised) and JSON lines, and records it', async () => {
    const out = makeTempDir();
    const asked: { suggestedName: string; extensions: readonly string[] }[] = [];
    let target: string | null = path.join(out, 'errors');
    const first = app('2026-03-02T08:01:00.000+00:00', 'INFO', 'sync started');
    const formula = app('2026-03-02T08:03:00.000+00:00', 'ERROR', '=HYPERLINK("http://x","click"), said "the server"');
    const at2 = Buffer.byteLength(first);
    const at3 = at2 + Buffer.byteLength(formula);
    const { manager } = await withLogs(
      {
        'sync.log': [
          first,
          formula,
          app('2026-03-02T08:04:00.000+00:00', 'ERROR', 'second\nline'),
        ].join(''),
      },
      {
        chooseSavePath: async (request) => {
          asked.push(request);
          return target;
        },
      },
    );
    const filter = { levels: ['ERROR' as const] };
    const csv = ok(await t.call(manager, 'logs.export', { format: 'csv', filter }));
    expect(asked[0]).toEqual({ suggestedName: 'vigie-logs-2026-03-02.csv', extensions: ['csv'] });
    expect(csv).toMatchObject({ path: `${target}.csv`, format: 'csv', rows: 2 });
    const text = readFileSync(csv.path!, 'utf8');
    expect(csv.bytes).toBe(Buffer.byteLength(text));
    const syncFile = path.join(t.dataDir, 'logs', 'sync.log');
    expect(text).toBe(
      '\uFEFFtimestamp,level,file,line,offset,logger,pid,message\r\n' +
        `2026-03-02T08:03:00.000Z,ERROR,${syncFile},2,${at2},com.acme.Sync,,"'=HYPERLINK(""http://x"",""click""), said ""the server"""\r\n` +
        `2026-03-02T08:04:00.000Z,ERROR,${syncFile},3,${at3},com.acme.Sync,,"second\nline"\r\n`,
    );

    target = path.join(out, 'all.jsonl');
    const jsonl = ok(await t.call(manager, 'logs.export', { format: 'jsonl' }));
    const objects = readFileSync(jsonl.path!, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toHaveLength(3);
    expect(objects[1]).toEqual({ timestamp: '2026-03-02T08:03:00.000Z', level: 'ERROR', logger: 'com.acme.Sync', pid: null, message: '=HYPERLINK("http://x","click"), said "the server"', file: syncFile, line: 2, offset: at2 });

    // Cancelled dialog: no file, still recorded.
    target = null;
    expect(ok(await t.call(manager, 'logs.export', { format: 'csv' }))).toEqual({ path: null, format: 'csv', rows: 0, bytes: 0 });

    const audit = ok(await t.call(manager, 'audit.list', { action: 'logs.export' }));
    expect(audit.rows.map((r) => r.summary)).toEqual([
      expect.objectContaining({ cancelled: true, path: null }),
      expect.objectContaining({ format: 'jsonl', rows: 3, path: jsonl.path }),
      expect.objectContaining({ format: 'csv', rows: 2, path: csv.path }),
    ]);

    const bad = failure(await t.call(manager, 'logs.export', { format: 'csv', filter: { text: '(', regex: true } }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.fields?.[0]?.path).toBe('filter.text');
  });
});

describe('logs.errorCount', () => {
  it('counts ERROR, CRITICAL and FATAL entries of the last hours across files', async () => {
    const lines = (hoursAgo: number[], level: string) => hoursAgo.map((h) => odoo(new Date(Date.parse(NOW) - h * 3600_000).toISOString(), level, 'odoo.http', `${level} ${h}h ago`));
    const odooLines = [...lines([30, 25], 'ERROR'), ...lines([23.5, 10], 'ERROR'), ...lines([9], 'INFO'), ...lines([2], 'CRITICAL'), ...lines([1], 'WARNING')];
    const { manager, logs } = await withLogs({
      'odoo.log': odooLines.join(''),
      'sync.log': app('2026-03-02T11:00:00.000+00:00', 'FATAL', 'out of memory') + app('2026-02-20T11:00:00.000+00:00', 'ERROR', 'long ago'),
      'old.log.gz': gzipSync(lines([1], 'ERROR').join('')),
    });
    expect(ok(await t.call(manager, 'logs.errorCount', {}))).toEqual({ count: 4, since: '2026-03-01T12:00:00.000Z', capped: false });
    expect(ok(await t.call(manager, 'logs.errorCount', { hours: 48 })).count).toBe(6);
    // The FATAL entry of sync.log is exactly one hour old: still in.
    expect(ok(await t.call(manager, 'logs.errorCount', { hours: 1 })).count).toBe(1);
    // Time passes: yesterday's 23.5-hours-ago error leaves the window.
    t.clock.advance(3600_000);
    ok(await t.call(manager, 'auth.unlockSession', { password: MANAGER.password })); // idle for an hour
    expect(ok(await t.call(manager, 'logs.errorCount', {})).count).toBe(3);
    // A new error in the file is counted (the cache follows the file's size).
    appendFileSync(path.join(logs, 'odoo.log'), lines([0.5], 'ERROR').join(''));
    expect(ok(await t.call(manager, 'logs.errorCount', {})).count).toBe(4);
  });

  it('stops at its bound on a file of recent errors and says the count is at least that', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'odoo.log');
    const since = Date.parse(NOW) - 3600_000;
    writeFileSync(file, Array.from({ length: 30_000 }, (_, i) => odoo(new Date(since + 1000 + i).toISOString(), i % 3 === 0 ? 'ERROR' : 'INFO', 'x', 'e')).join(''));
    const read = { file: { key: '0/odoo.log', path: file, folder: dir, name: 'odoo.log', size: 0, modifiedAt: NOW, compressed: false, generation: 1, detectedFormat: null, encoding: null }, options: {} };
    expect(await recentErrors(read, since, new Map(), { maxEntries: 4000, maxBytes: 1 << 30 })).toEqual({ count: Array.from({ length: 4000 }, (_, k) => 26_000 + k).filter((i) => i % 3 === 0).length, capped: true });
    expect(await recentErrors(read, since, new Map(), { maxEntries: 1 << 20, maxBytes: 100_000 })).toMatchObject({ capped: true });
    expect(await recentErrors(read, since, new Map())).toEqual({ count: 10_000, capped: false });
  });
});

describe('settings', () => {
  it('validates folders, patterns and the zone, and records a change', async () => {
    const { manager, logs } = await withLogs(TWO_FILES);
    const base = { folders: [logs], patterns: ['*.log'], lastEntries: 1000, polling: false, defaultTimeZone: 'UTC' };
    const bad = failure(await t.call(manager, 'logs.settings.update', { ...base, folders: [logs, 'relative/logs'], patterns: ['*.log', '../*.log', '[z-a].log'], defaultTimeZone: 'Mars/Olympus' }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.fields?.map((f) => f.path).sort()).toEqual(['defaultTimeZone', 'folders.1', 'patterns.1', 'patterns.2']);

    const other = makeTempDir();
    writeFileSync(path.join(other, 'web.log'), app('2026-03-02T08:00:00.000+00:00', 'INFO', 'from the other folder'));
    const overview = ok(await t.call(manager, 'logs.settings.update', { ...base, folders: [other], patterns: ['*.log'] }));
    expect(overview.settings.folders).toEqual([other]);
    expect(overview.files.map((f) => f.name)).toEqual(['web.log']);
    expect(ok(await t.call(manager, 'logs.entries', {})).entries.map((e) => e.message)).toEqual(['from the other folder']);
    const audit = ok(await t.call(manager, 'audit.list', { action: 'logs.settings.update' }));
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.summary).toEqual({
      folders: { before: [logs], after: [other] },
      patterns: { before: ['*.log', '*.log.[0-9]*', '*.gz'], after: ['*.log'] },
      defaultTimeZone: { before: 'local', after: 'UTC' },
    });
  });

  it('applies a per-file format and zone at once, and records them', async () => {
    const { manager } = await withLogs({ 'app.log': '2026-03-02 08:00:00,000 ERROR sale.order: failed\n2026-03-02 08:01:00,000 INFO sale.order: done\n' });
    ok(await t.call(manager, 'logs.settings.update', { folders: [path.join(t.dataDir, 'logs')], patterns: ['*.log'], lastEntries: 1000, polling: false, defaultTimeZone: 'UTC' }));
    const key = ok(await t.call(manager, 'logs.overview', {})).files[0]!.key;
    const read = async () => ok(await t.call(manager, 'logs.entries', {})).entries.map((e: LogEntryView) => [e.logger, e.message, e.timestamp]);
    expect(await read()).toEqual([
      ['sale.order', 'failed', '2026-03-02T08:00:00.000Z'],
      ['sale.order', 'done', '2026-03-02T08:01:00.000Z'],
    ]);

    const view = ok(await t.call(manager, 'logs.fileSettings.update', { file: key, format: 'raw', timeZone: 'Asia/Tokyo' }));
    expect(view).toMatchObject({ key, format: 'raw', formatOverride: 'raw', detectedFormat: 'pythonLogging', timeZone: 'Asia/Tokyo', timeZoneOverride: 'Asia/Tokyo' });
    // Raw lines: no logger, the whole line as the message, the time read in Tokyo.
    expect(await read()).toEqual([
      [null, '2026-03-02 08:00:00,000 ERROR sale.order: failed', '2026-03-02T08:00:00.000+09:00'],
      [null, '2026-03-02 08:01:00,000 INFO sale.order: done', '2026-03-02T08:01:00.000+09:00'],
    ]);
    expect(failure(await t.call(manager, 'logs.fileSettings.update', { file: key, format: null, timeZone: 'Nowhere/Land' })).fields?.[0]?.path).toBe('timeZone');
    // The live tail reads the file with the new choices too.
    const { cursor } = ok(await t.call(manager, 'logs.entries', {}));
    const changed = nextEvent('logs.changed', (c) => c.cursor > cursor);
    appendFileSync(path.join(t.dataDir, 'logs', 'app.log'), '2026-03-02 08:02:00,000 INFO sale.order: later\n');
    await changed;
    // (The monitor may send the entry above again, read with the new format: same id, replaced.)
    const tailed = ok(await t.call(manager, 'logs.tail', { cursor })).entries;
    expect(tailed.at(-1)).toMatchObject({ logger: null, message: '2026-03-02 08:02:00,000 INFO sale.order: later', timestamp: '2026-03-02T08:02:00.000+09:00' });
    expect(tailed.every((e) => e.logger === null && e.timestamp!.endsWith('+09:00'))).toBe(true);

    // Back to detection and the default zone.
    ok(await t.call(manager, 'logs.fileSettings.update', { file: key, format: null, timeZone: null }));
    expect((await read())[0]).toEqual(['sale.order', 'failed', '2026-03-02T08:00:00.000Z']);
    const audit = ok(await t.call(manager, 'audit.list', { action: 'logs.fileSettings.update' }));
    expect(audit.rows.map((r) => r.summary)).toEqual([
      { before: { format: 'raw', timeZone: 'Asia/Tokyo' }, after: { format: null, timeZone: null } },
      { before: { format: null, timeZone: null }, after: { format: 'raw', timeZone: 'Asia/Tokyo' } },
    ]);
  });
});
