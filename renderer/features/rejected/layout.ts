// Where the grid's rows go. Every row has the same height, so the rows in sight follow from the
// scroll position alone. Browsers cap an element's height (about 33 million pixels in Chromium,
// less elsewhere): past MAX_BODY_HEIGHT the body is drawn shorter, in pages. Within a page the
// rows scroll with the scrollbar pixel for pixel (the rows drawn stay where they are: scrolling
// redraws only the rows that come into sight); from one page to the next the rows go on where
// they were and the scrollbar steps back a little (a page boundary crossed by the wheel or the
// keyboard), or the page is the one the scrollbar's position says (the thumb dragged, a jump
// farther than any wheel goes). So a file of ten million rows scrolls from its first row to its
// last all the same, the thumb where the rows are in the file.
// The rows are drawn by blocks: the rows drawn change only when the first row in sight enters
// another block of BLOCK rows (fewer redraws, the same rows repainted fewer times).
import type { RejectedRow } from '../../../shared/rejected';

export const ROW_HEIGHT = 28;
export const HEAD_HEIGHT = 34;
export const MAX_BODY_HEIGHT = 12_000_000;
/** Virtual pixels (rows × ROW_HEIGHT) per page of a body drawn shorter than its rows. */
export const PAGE_HEIGHT = 100_000;
/** A scroll farther than this in one step is a jump (the thumb dragged): the page follows the scrollbar. */
export const JUMP_SCROLL = 5_000;
export const BLOCK = 8;
const OVERSCAN = 6;

export interface Paging {
  /** The body's drawn height. */
  height: number;
  /** Pages (1: the body is as tall as its rows). */
  pages: number;
  /** Virtual pixels skipped from one page to the next. */
  jump: number;
}

/** How `count` rows are drawn in a body the browser can draw. */
export function paging(count: number): Paging {
  const total = count * ROW_HEIGHT;
  if (total <= MAX_BODY_HEIGHT) return { height: total, pages: 1, jump: 0 };
  // One page less than fits: the last page, longer, always reaches the last row (with a view
  // shorter than a page), and a page's pixels always cover more than its jump.
  const pages = Math.max(2, Math.floor(total / PAGE_HEIGHT) - 1);
  return { height: MAX_BODY_HEIGHT, pages, jump: (total - MAX_BODY_HEIGHT) / (pages - 1) };
}

/** Virtual pixels above the body's top on `page` (whole pixels: rows on whole pixels). */
export function pageOffset(paged: Paging, page: number): number {
  return Math.round(Math.min(Math.max(0, page), paged.pages - 1) * paged.jump);
}

/** The page whose rows include virtual position `y`. */
function pageAt(paged: Paging, y: number): number {
  return Math.min(paged.pages - 1, Math.max(0, Math.floor(y / PAGE_HEIGHT)));
}

/** The page the scrollbar's position says: the rows in sight then are where the thumb is in the file. */
function pageForScroll(paged: Paging, scrollTop: number): number {
  if (paged.pages === 1) return 0;
  return Math.min(paged.pages - 1, Math.max(0, Math.floor(scrollTop / (PAGE_HEIGHT - paged.jump))));
}

/** Where the view is: the body's scroll position and its page. */
export interface GridPosition {
  scrollTop: number;
  page: number;
}

/**
 * The body scrolled from `from` to `to` on `page`: the page now, and the scroll position to
 * set when it is not `to` (a page boundary crossed: the same rows, shown from the next page).
 */
export function scrolled(count: number, page: number, from: number, to: number): GridPosition {
  const paged = paging(count);
  if (paged.pages === 1) return { scrollTop: to, page: 0 };
  if (Math.abs(to - from) > JUMP_SCROLL) return { scrollTop: to, page: pageForScroll(paged, to) };
  const current = Math.min(Math.max(0, page), paged.pages - 1);
  const y = to + pageOffset(paged, current);
  const next = pageAt(paged, y);
  if (next === current) return { scrollTop: to, page: current };
  return { scrollTop: Math.min(Math.max(0, y - pageOffset(paged, next)), paged.height), page: next };
}

export interface GridLayout {
  /** The body's drawn height. */
  height: number;
  /** First and last (excluded) positions drawn. */
  start: number;
  end: number;
  /** Height above the first row drawn, in the body. */
  top: number;
  bottom: number;
  /** Virtual pixels above the body's top (0 unless the body is drawn in pages). */
  offset: number;
}

/** The body's rows area in sight is `viewport` pixels tall (under the sticky header). */
export function gridLayout(count: number, position: GridPosition, viewport: number): GridLayout {
  const paged = paging(count);
  const { height } = paged;
  const offset = pageOffset(paged, position.page);
  const maxScroll = Math.max(0, height - viewport);
  const scroll = Math.min(Math.max(0, position.scrollTop), maxScroll);
  const virtualTop = scroll + offset;
  const first = Math.min(Math.max(0, count - 1), Math.floor(virtualTop / ROW_HEIGHT));
  // By blocks: the same rows drawn while the first row in sight stays in its block.
  const block = first - (first % BLOCK);
  // Only rows within the body (a page's body starts `offset` virtual pixels down).
  const start = Math.max(0, block - OVERSCAN, Math.ceil(offset / ROW_HEIGHT));
  const end = Math.max(start, Math.min(count, block + BLOCK + Math.ceil(viewport / ROW_HEIGHT) + OVERSCAN, Math.floor((height + offset) / ROW_HEIGHT)));
  const top = start * ROW_HEIGHT - offset;
  const bottom = Math.max(0, height - top - (end - start) * ROW_HEIGHT);
  return { height, start, end, top, bottom, offset };
}

/** The position that puts position `index` in the middle of the view (or just in sight). */
export function scrollTopFor(index: number, count: number, viewport: number, current: GridPosition, how: 'center' | 'nearest'): GridPosition {
  const paged = paging(count);
  const offset = pageOffset(paged, current.page);
  const y = index * ROW_HEIGHT;
  const virtualTop = Math.min(Math.max(0, current.scrollTop), Math.max(0, paged.height - viewport)) + offset;
  let target: number;
  if (how === 'center') target = y - (viewport - ROW_HEIGHT) / 2;
  else if (y < virtualTop) target = y;
  else if (y + ROW_HEIGHT > virtualTop + viewport) target = y + ROW_HEIGHT - viewport;
  else return current;
  const maxVirtual = Math.max(0, count * ROW_HEIGHT - viewport);
  const wanted = Math.min(Math.max(0, target), maxVirtual);
  const page = pageAt(paged, wanted);
  return { scrollTop: Math.max(0, wanted - pageOffset(paged, page)), page };
}

/** Column widths from the header and the first rows: wide enough for most values, never huge. */
export function columnWidths(header: readonly string[], rows: readonly RejectedRow[], columns: number): number[] {
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) {
    const lengths = rows.map((r) => Math.min(60, (r.cells[c] ?? '').length)).sort((a, b) => a - b);
    // The 90th percentile: one very long value does not widen the whole column.
    const typical = lengths.length ? lengths[Math.floor(lengths.length * 0.9)]! : 0;
    const chars = Math.max((header[c] ?? '').length + 2, typical, 6);
    widths.push(Math.round(Math.min(340, Math.max(80, chars * 7.6 + 22))));
  }
  return widths;
}
