// The Rejected imports viewer's pure parts: the edits with undo/redo, where the grid's rows go
// (in pages past the browser's height limit), the windows of rows asked as the admin scrolls, and
// the list's sort and search.
import { describe, expect, it } from 'vitest';
import type { RejectedFileSummary, RejectedRow } from '../../shared/rejected';
import { EMPTY_BOOK, editCount, editList, redo, setCell, undo, valueOf } from '../../renderer/features/rejected/edits';
import { MAX_BODY_HEIGHT, ROW_HEIGHT, gridLayout, pageOffset, paging, scrolled, scrollTopFor } from '../../renderer/features/rejected/layout';
import { shownFiles } from '../../renderer/features/rejected/listSort';
import { RowWindows, WINDOW } from '../../renderer/features/rejected/rowWindows';

describe('edits', () => {
  it('keeps the value of each edited cell, undoes and redoes in order, and forgets a cell set back to the file’s value', () => {
    let book = setCell(EMPTY_BOOK, 4, 2, '2', 'deux');
    book = setCell(book, 4, 2, '3', 'deux');
    book = setCell(book, 2, 1, 'a@example.fr', 'a@example');
    expect(editList(book)).toEqual([
      { row: 2, column: 1, value: 'a@example.fr' },
      { row: 4, column: 2, value: '3' },
    ]);
    expect(editCount(book)).toBe(2);

    const once = undo(book)!;
    expect(once.step).toEqual({ row: 2, column: 1, before: 'a@example', after: 'a@example.fr' });
    expect(editList(once.book)).toEqual([{ row: 4, column: 2, value: '3' }]);
    const twice = undo(once.book)!;
    expect(valueOf(twice.book, 4, 2, 'deux')).toBe('2');
    const thrice = undo(twice.book)!;
    expect(editCount(thrice.book)).toBe(0);
    expect(undo(thrice.book)).toBeNull();

    const again = redo(redo(thrice.book)!.book)!;
    expect(valueOf(again.book, 4, 2, 'deux')).toBe('3');
    // A new edit after an undo drops what could be redone.
    const fresh = setCell(again.book, 1, 0, 'x', 'y');
    expect(fresh.redo).toEqual([]);
    // Typing the file's value back is no edit (but can be undone).
    const back = setCell(fresh, 4, 2, 'deux', 'deux');
    expect(editList(back)).toEqual([{ row: 1, column: 0, value: 'x' }]);
    expect(valueOf(undo(back)!.book, 4, 2, 'deux')).toBe('3');
  });

  it('adds no step for a value that changes nothing', () => {
    expect(setCell(EMPTY_BOOK, 1, 0, 'same', 'same')).toBe(EMPTY_BOOK);
  });
});

describe('grid layout', () => {
  const at = (scrollTop: number, page = 0) => ({ scrollTop, page });

  it('draws the rows in sight and a few more, by blocks, with the spacers filling the rest exactly', () => {
    const layout = gridLayout(1000, at(280), 560);
    expect(layout.offset).toBe(0);
    expect(layout.start).toBeLessThanOrEqual(10 - 4);
    expect(layout.end).toBeGreaterThan(30);
    expect(layout.end).toBeLessThan(50);
    expect(layout.top + (layout.end - layout.start) * ROW_HEIGHT + layout.bottom).toBe(1000 * ROW_HEIGHT);
    const far = gridLayout(1000, at(14_000), 560);
    expect(far.top).toBe(far.start * ROW_HEIGHT);
    expect(far.start).toBeLessThanOrEqual(500 - 4);
    expect(far.start).toBeGreaterThanOrEqual(500 - 20);
    expect(far.end).toBeGreaterThanOrEqual(500 + 20 + 4);
    // Within a block, scrolling draws the same rows (only the spacers would move, and they do not: the rows stay put).
    for (let y = 14_000; y < 14_000 + ROW_HEIGHT * 4; y += 7) {
      const same = gridLayout(1000, at(y), 560);
      expect([same.start, same.end, same.top]).toEqual([far.start, far.end, far.top]);
    }
    // The first row in sight and those below it are always drawn.
    for (let y = 0; y < 20_000; y += 13) {
      const l = gridLayout(1000, at(y), 560);
      expect(l.start * ROW_HEIGHT).toBeLessThanOrEqual(y);
      expect(l.end * ROW_HEIGHT).toBeGreaterThanOrEqual(Math.min(1000 * ROW_HEIGHT, y + 560));
    }
  });

  it('draws ten million rows in a body the browser can draw, in pages, first row to last', () => {
    const count = 10_000_000;
    const viewport = 600;
    const paged = paging(count);
    expect(paged.height).toBe(MAX_BODY_HEIGHT);
    expect(paged.pages).toBeGreaterThan(1);
    const top = gridLayout(count, at(0), viewport);
    expect(top.start).toBe(0);
    expect(top.top).toBe(0);
    // The last page at the bottom of the body: the last row ends exactly there.
    const end = gridLayout(count, at(MAX_BODY_HEIGHT - viewport, paged.pages - 1), viewport);
    expect(end.end).toBe(count);
    expect(end.top + (end.end - end.start) * ROW_HEIGHT).toBe(MAX_BODY_HEIGHT);
    expect(end.bottom).toBe(0);
    // The thumb dragged to the middle: the rows in the middle of the file.
    const dragged = scrolled(count, paged.pages - 1, MAX_BODY_HEIGHT - viewport, (MAX_BODY_HEIGHT - viewport) / 2);
    const middle = gridLayout(count, dragged, viewport);
    expect(Math.abs(middle.start - count / 2) / count).toBeLessThan(0.01);
    expect(middle.top).toBeGreaterThanOrEqual(0);
    expect(middle.top + (middle.end - middle.start) * ROW_HEIGHT + middle.bottom).toBe(MAX_BODY_HEIGHT);
    // Going to a row and back: the row is in sight.
    for (const row of [0, 1, 3_571, 3_572, 7_654_321, count - 1]) {
      const there = scrollTopFor(row, count, viewport, at(0), 'center');
      expect(there.scrollTop).toBeGreaterThanOrEqual(0);
      expect(there.scrollTop).toBeLessThanOrEqual(MAX_BODY_HEIGHT - viewport);
      const l = gridLayout(count, there, viewport);
      expect(l.start).toBeLessThanOrEqual(row);
      expect(l.end).toBeGreaterThan(row);
      const y = row * ROW_HEIGHT - l.offset - there.scrollTop;
      expect(y).toBeGreaterThanOrEqual(Math.min(0, row * ROW_HEIGHT - (viewport - ROW_HEIGHT) / 2));
      expect(y + ROW_HEIGHT).toBeLessThanOrEqual(viewport);
    }
  });

  it('scrolls pixel for pixel within a page, and on across pages without a jump in the rows', () => {
    const count = 1_000_000;
    const viewport = 500;
    const paged = paging(count);
    let position = at(0);
    let virtualTop = 0;
    // The wheel down through several pages, then back up: each step moves the rows by the step.
    for (const step of [...Array<number>(800).fill(300), ...Array<number>(800).fill(-300)]) {
      const next = scrolled(count, position.page, position.scrollTop, Math.max(0, position.scrollTop + step));
      expect(next.scrollTop).toBeGreaterThanOrEqual(0);
      expect(next.scrollTop).toBeLessThanOrEqual(paged.height - viewport);
      const nextTop = next.scrollTop + pageOffset(paged, next.page);
      expect(nextTop - virtualTop).toBe(step);
      // The rows drawn sit on whole pixels, inside the body.
      const l = gridLayout(count, next, viewport);
      expect(Number.isInteger(l.top)).toBe(true);
      expect(l.top).toBeGreaterThanOrEqual(0);
      expect(l.bottom).toBeGreaterThanOrEqual(0);
      position = next;
      virtualTop = nextTop;
    }
    expect(virtualTop).toBe(0);
    expect(position.page).toBe(0);
  });

  it('scrolls only as much as needed to bring a row into sight', () => {
    expect(scrollTopFor(5, 1000, 560, at(0), 'nearest')).toEqual(at(0));
    expect(scrollTopFor(40, 1000, 560, at(0), 'nearest')).toEqual(at(41 * ROW_HEIGHT - 560));
    expect(scrollTopFor(2, 1000, 560, at(1000), 'nearest')).toEqual(at(2 * ROW_HEIGHT));
  });
});

function rowsFrom(from: number, count: number, total: number): RejectedRow[] {
  return Array.from({ length: Math.max(0, Math.min(count, total - from)) }, (_, i) => ({ row: from + i + 1, cells: [`r${from + i + 1}`], errors: [] }));
}

describe('row windows', () => {
  it('asks each window once, two at a time, skips those scrolled past, and asks again after the epoch changes', async () => {
    const asked: number[] = [];
    const pending: (() => void)[] = [];
    let epoch = 0;
    let changes = 0;
    const windows = new RowWindows(
      (from, count) =>
        new Promise((resolve) => {
          asked.push(from);
          pending.push(() => resolve({ rows: rowsFrom(from, count, 1_000_000), total: 1_000_000 }));
        }),
      () => changes++,
      () => epoch,
    );
    windows.need(0, 40);
    windows.need(0, 40);
    expect(asked).toEqual([0]);
    // The scrollbar dragged down through many windows: two asked, the others only if still in sight.
    windows.need(10_000, 10_040);
    windows.need(500_000, 500_040);
    windows.need(900_000, 900_040);
    expect(asked).toEqual([0, 10_000]);
    pending.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    expect(asked).toEqual([0, 10_000, 900_000]);
    expect(windows.row(5)?.row).toBe(6);
    for (const done of pending.splice(0)) done();
    await new Promise((r) => setTimeout(r, 0));
    expect(windows.row(900_000)?.cells).toEqual(['r900001']);
    expect(windows.row(500_000)).toBeUndefined();
    expect(changes).toBe(3);
    windows.need(0, 40);
    expect(asked).toHaveLength(3);
    epoch++;
    windows.need(0, 40);
    expect(asked).toEqual([0, 10_000, 900_000, 0]);
  });

  it('does not ask again a window that failed until told to retry', async () => {
    let calls = 0;
    const windows = new RowWindows(
      async () => {
        calls++;
        return null;
      },
      () => undefined,
      () => 0,
    );
    windows.need(0, WINDOW);
    await new Promise((r) => setTimeout(r, 0));
    windows.need(0, WINDOW);
    expect(calls).toBe(1);
    windows.retry();
    windows.need(0, WINDOW);
    expect(calls).toBe(2);
  });
});

describe('the list of files', () => {
  const file = (name: string, size: number, at: string, errorRows: number | null): RejectedFileSummary => ({
    name,
    size,
    modifiedAt: at,
    scan: errorRows === null ? null : { rows: 10, errorRows, delimiter: ';', encoding: 'utf-8', hasHeader: true, importType: 'orders' },
  });
  const files = [file('orders-10.csv', 300, '2026-03-02T10:00:00Z', 4), file('orders-9.csv', 100, '2026-03-03T10:00:00Z', null), file('Contacts.csv', 200, '2026-03-01T10:00:00Z', 0)];

  it('sorts by any column, files not read yet last, and searches names whatever the case', () => {
    expect(shownFiles(files, { column: 'name', direction: 'asc' }, '').map((f) => f.name)).toEqual(['Contacts.csv', 'orders-9.csv', 'orders-10.csv']);
    expect(shownFiles(files, { column: 'modifiedAt', direction: 'desc' }, '').map((f) => f.name)).toEqual(['orders-9.csv', 'orders-10.csv', 'Contacts.csv']);
    expect(shownFiles(files, { column: 'errorRows', direction: 'desc' }, '').map((f) => f.name)).toEqual(['orders-10.csv', 'Contacts.csv', 'orders-9.csv']);
    expect(shownFiles(files, { column: 'errorRows', direction: 'asc' }, '').map((f) => f.name)).toEqual(['Contacts.csv', 'orders-10.csv', 'orders-9.csv']);
    expect(shownFiles(files, { column: 'size', direction: 'asc' }, 'ORDERS').map((f) => f.name)).toEqual(['orders-9.csv', 'orders-10.csv']);
  });
});
