// The Logs viewer's own logic, without a window: the entries it holds (time order, time-less
// entries after their predecessor, replacement of an entry that grew, the cap), and its filter
// (the address it reads and writes, an invalid regular expression).
import { describe, expect, it } from 'vitest';
import type { LogEntryView } from '../../shared/logs';
import { EntryBook } from '../../renderer/features/logs/entries';
import { EMPTY_FILTER, compileFilter, filterFromParams, filterHash, toLogFilter } from '../../renderer/features/logs/filters';

function entry(file: string, offset: number, timestamp: string | null, message = `line at ${offset}`, generation = 0, extra: Partial<LogEntryView> = {}): LogEntryView {
  return { id: `${file}#${generation}:${offset}`, file, offset, line: null, lines: 1, timestamp, level: 'INFO', logger: null, pid: null, message, ...extra };
}

const ids = (book: EntryBook) => book.list.map((e) => e.id);

describe('EntryBook', () => {
  it('merges files by time and keeps time-less entries right after their predecessor in the same file', () => {
    const book = new EntryBook();
    book.reset(
      [
        entry('0/a.log', 0, '2026-06-19T10:00:00.000Z'),
        entry('0/a.log', 50, null, 'Traceback line'),
        entry('0/a.log', 80, '2026-06-19T10:00:05.000Z'),
        entry('0/b.log', 0, '2026-06-19T10:00:02.000Z'),
        entry('0/b.log', 40, '2026-06-19T09:59:59.000Z'),
      ],
      () => 0,
    );
    expect(ids(book)).toEqual(['0/b.log#0:40', '0/a.log#0:0', '0/a.log#0:50', '0/b.log#0:0', '0/a.log#0:80']);
  });

  it('places a file without any timestamp at the fallback time, in file order', () => {
    const book = new EntryBook();
    const at = Date.parse('2026-06-19T10:00:03.000Z');
    book.reset([entry('0/raw.log', 10, null), entry('0/raw.log', 0, null), entry('0/a.log', 0, '2026-06-19T10:00:00.000Z'), entry('0/a.log', 9, '2026-06-19T10:00:09.000Z')], () => at);
    expect(ids(book)).toEqual(['0/a.log#0:0', '0/raw.log#0:0', '0/raw.log#0:10', '0/a.log#0:9']);
  });

  it('appends tail entries, says so, and replaces an entry that grew without duplicating it', () => {
    const book = new EntryBook();
    book.reset([entry('0/a.log', 0, '2026-06-19T10:00:00.000Z')], () => 0);
    const appended = book.upsert([entry('0/a.log', 30, '2026-06-19T10:00:01.000Z', 'Exception'), entry('0/a.log', 60, null, 'continued')]);
    expect(appended.kind).toBe('appended');
    expect(ids(book)).toEqual(['0/a.log#0:0', '0/a.log#0:30', '0/a.log#0:60']);
    // The time-less one took its predecessor's time.
    expect(book.list[2]!.at).toBe(Date.parse('2026-06-19T10:00:01.000Z'));

    const grown = book.upsert([entry('0/a.log', 30, '2026-06-19T10:00:01.000Z', 'Exception\n  File "x.py", line 3', 0, { lines: 2 })]);
    expect(grown.kind).toBe('changed');
    expect(book.size).toBe(3);
    expect(book.get('0/a.log#0:30')!.message).toContain('x.py');
    expect(book.list[1]!.lines).toBe(2);
  });

  it('re-sorts when the tail brings an entry older than the last one held', () => {
    const book = new EntryBook();
    book.reset([entry('0/a.log', 0, '2026-06-19T10:00:10.000Z')], () => 0);
    const result = book.upsert([entry('0/b.log', 0, '2026-06-19T10:00:05.000Z')]);
    expect(result.kind).toBe('changed');
    expect(ids(book)).toEqual(['0/b.log#0:0', '0/a.log#0:0']);
  });

  it('keeps entries of an older generation (before a rotation) before the new ones at the same time', () => {
    const book = new EntryBook();
    const t = '2026-06-19T10:00:00.000Z';
    book.reset([entry('0/a.log', 500, t, 'old', 0)], () => 0);
    book.upsert([entry('0/a.log', 0, t, 'new', 1)]);
    expect(ids(book)).toEqual(['0/a.log#0:500', '0/a.log#1:0']);
  });

  it('drops the oldest entries beyond its cap', () => {
    const book = new EntryBook(3);
    book.reset([0, 1, 2].map((i) => entry('0/a.log', i * 10, `2026-06-19T10:00:0${i}.000Z`)), () => 0);
    const result = book.upsert([entry('0/a.log', 30, '2026-06-19T10:00:03.000Z'), entry('0/a.log', 40, '2026-06-19T10:00:04.000Z')]);
    expect(result.kind).toBe('changed');
    expect(ids(book)).toEqual(['0/a.log#0:20', '0/a.log#0:30', '0/a.log#0:40']);
    expect(book.has('0/a.log#0:0')).toBe(false);
  });

  it('holds 100,000 entries and takes a newer one as an append', () => {
    const book = new EntryBook();
    const start = Date.parse('2026-06-19T00:00:00.000Z');
    const many = Array.from({ length: 100_000 }, (_, i) => entry(`0/${i % 3}.log`, i * 100, new Date(start + i * 1000).toISOString()));
    book.reset(many, () => 0);
    expect(book.size).toBe(100_000);
    const result = book.upsert([entry('0/0.log', 100_000_000, new Date(start + 200_000_000).toISOString())]);
    expect(result.kind).toBe('appended');
    expect(book.list[book.size - 1]!.offset).toBe(100_000_000);
  });
});

describe('viewer filter', () => {
  it('reads the dashboard’s address and writes back the same filter', () => {
    const filter = filterFromParams(new URLSearchParams('levels=ERROR,CRITICAL,FATAL'));
    expect(filter).toMatchObject({ levels: ['ERROR', 'CRITICAL', 'FATAL'], noLevel: false, text: '' });
    const full = { ...EMPTY_FILTER, levels: ['ERROR' as const], noLevel: true, text: 'row \\d+', regex: true, files: ['0/odoo.log', '1/a,b.log'], importErrorsOnly: true };
    const hash = filterHash(full);
    expect(hash.startsWith('#/logs?levels=ERROR,none&')).toBe(true);
    expect(filterFromParams(new URLSearchParams(hash.slice('#/logs?'.length)))).toEqual(full);
    expect(filterFromParams(new URLSearchParams('tab=search'))).toBeNull();
  });

  it('keeps entries without a level only when asked, with levels chosen', () => {
    const unleveled = { level: null, timestamp: null, file: '0/a.log', message: 'x', logger: null };
    expect(compileFilter({ ...EMPTY_FILTER, levels: ['ERROR'] }).predicate(unleveled)).toBe(false);
    expect(compileFilter({ ...EMPTY_FILTER, levels: ['ERROR'], noLevel: true }).predicate(unleveled)).toBe(true);
    expect(compileFilter(EMPTY_FILTER).predicate(unleveled)).toBe(true);
  });

  it('reports an invalid regular expression and still applies the other filters', () => {
    const compiled = compileFilter({ ...EMPTY_FILTER, text: 'timeout(', regex: true, levels: ['ERROR'] });
    expect(compiled.regexError).toMatch(/\(/);
    expect(compiled.pattern).toBeNull();
    expect(compiled.predicate({ level: 'ERROR', timestamp: null, file: 'f', message: 'anything', logger: null })).toBe(true);
    expect(compiled.predicate({ level: 'INFO', timestamp: null, file: 'f', message: 'anything', logger: null })).toBe(false);
  });

  it('turns the period typed in the admin’s zone into instants for main', () => {
    const filter = toLogFilter({ ...EMPTY_FILTER, from: '2026-06-19T10:00', to: '' });
    expect(filter.from).toBe(new Date('2026-06-19T10:00').toISOString());
    expect(filter.to).toBeUndefined();
  });
});
