// Where the grid's rows go. Every row has the same height, so the rows in sight follow from the
// scroll position alone. Browsers cap an element's height (about 33 million pixels in Chromium,
// less elsewhere): past MAX_BODY_HEIGHT the body is drawn shorter and the scroll position is
// scaled, so a file of ten million rows scrolls from its first row to its last all the same.
import type { RejectedRow } from '../../../shared/rejected';

export const ROW_HEIGHT = 28;
export const HEAD_HEIGHT = 34;
export const MAX_BODY_HEIGHT = 12_000_000;
const OVERSCAN = 10;

export interface GridLayout {
  /** The body's drawn height. */
  height: number;
  /** First and last (excluded) positions drawn. */
  start: number;
  end: number;
  /** Height above the first row drawn, in the body. */
  top: number;
  bottom: number;
  /** Virtual pixels per scrolled pixel (1 unless the body is scaled). */
  ratio: number;
}

/** The body's rows area in sight is `viewport` pixels tall (under the sticky header). */
export function gridLayout(count: number, scrollTop: number, viewport: number): GridLayout {
  const total = count * ROW_HEIGHT;
  const height = Math.min(total, MAX_BODY_HEIGHT);
  const maxScroll = Math.max(0, height - viewport);
  const maxVirtual = Math.max(0, total - viewport);
  const ratio = maxScroll > 0 ? maxVirtual / maxScroll : 1;
  const scroll = Math.min(Math.max(0, scrollTop), maxScroll);
  const virtualTop = scroll * ratio;
  const first = Math.min(Math.max(0, count - 1), Math.floor(virtualTop / ROW_HEIGHT));
  const offset = virtualTop - first * ROW_HEIGHT;
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(count, first + Math.ceil(viewport / ROW_HEIGHT) + 1 + OVERSCAN);
  const top = Math.max(0, scroll - offset - (first - start) * ROW_HEIGHT);
  const bottom = Math.max(0, height - top - (end - start) * ROW_HEIGHT);
  return { height, start, end, top, bottom, ratio };
}

/** The scroll position that puts position `index` in the middle of the view (or just in sight). */
export function scrollTopFor(index: number, count: number, viewport: number, currentTop: number, how: 'center' | 'nearest'): number {
  const { ratio, height } = gridLayout(count, currentTop, viewport);
  const y = index * ROW_HEIGHT;
  const virtualTop = Math.min(Math.max(0, currentTop), Math.max(0, height - viewport)) * ratio;
  let target: number;
  if (how === 'center') target = y - (viewport - ROW_HEIGHT) / 2;
  else if (y < virtualTop) target = y;
  else if (y + ROW_HEIGHT > virtualTop + viewport) target = y + ROW_HEIGHT - viewport;
  else return currentTop;
  const maxVirtual = Math.max(0, count * ROW_HEIGHT - viewport);
  return Math.min(Math.max(0, target), maxVirtual) / ratio;
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
