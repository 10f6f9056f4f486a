// The rows of an open file: a table whose body holds only the rows in sight (between two spacer
// rows), each row the same height, cells cut with an ellipsis, the row number kept on the left
// and the header on top while scrolling both ways. Rows and cells in error are marked; the
// cell's tooltip says why. Keyboard: arrows, Page Up/Down, Home/End (Ctrl: first/last row)
// move the active cell; Enter opens the row's detail, or in fix mode edits the cell (F2 too).
// Cells are text: nothing in them is read as markup.
// Scrolling redraws as little as it can: the scroll position (and its page, past the browser's
// height limit: see layout.ts) is kept in a ref; the rows are drawn again only when the first
// row in sight enters another block of rows, else only the spacers' heights move; each row is a
// memoized component keyed by its position, so rows still in sight are left alone, and they
// stay where they are in the body (the compositor scrolls them); the header is memoized too;
// the view's height comes from a ResizeObserver (nothing in a render path reads the layout).
// The row numbers are sticky only while the grid is scrolled sideways (each sticky cell is a
// compositor layer of its own).
import type { TFunction } from 'i18next';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { RejectedCellError, RejectedRow } from '../../../shared/rejected';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { columnLabel, errorMessageText } from './format';
import { HEAD_HEIGHT, JUMP_SCROLL, ROW_HEIGHT, columnWidths, gridLayout, scrolled, scrollTopFor, type GridLayout, type GridPosition } from './layout';
import { errorsOf, mayEditRow, useRejectedViewer } from './viewerStore';

const ROW_NUMBER_MIN = 64;
/** Characters of a value drawn in its cell (the detail panel shows all of it). */
const CELL_TEXT_MAX = 240;

function cellText(value: string): string {
  const cut = value.length > CELL_TEXT_MAX ? `${value.slice(0, CELL_TEXT_MAX)}…` : value;
  // A line break inside a quoted value would make the row taller: drawn as ↵.
  return cut.replace(/\r\n|\r|\n/g, '↵');
}

export function RejectedGrid() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const view = useRejectedViewer((s) => s.view)!;
  useRejectedViewer((s) => s.version);
  const count = useRejectedViewer((s) => (s.onlyErrors ? s.errorTotal : (s.status?.rows ?? 0)));
  const onlyErrors = useRejectedViewer((s) => s.onlyErrors);
  const fixMode = useRejectedViewer((s) => s.fixMode);
  const book = useRejectedViewer((s) => s.book);
  const checked = useRejectedViewer((s) => s.checked);
  const editing = useRejectedViewer((s) => s.editing);
  const active = useRejectedViewer((s) => s.active);
  const focusRow = useRejectedViewer((s) => s.focusRow);
  const selectedRow = useRejectedViewer((s) => s.selected?.row ?? null);
  const scrollTo = useRejectedViewer((s) => s.scrollTo);
  const indexing = useRejectedViewer((s) => s.status?.state === 'indexing');
  const store = useRejectedViewer.getState;

  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const topSpacerRef = useRef<HTMLTableRowElement>(null);
  const bottomSpacerRef = useRef<HTMLTableRowElement>(null);
  /** The scroll position last seen and its page (read by the render: scrolling alone draws nothing new). */
  const position = useRef<GridPosition>({ scrollTop: 0, page: 0 });
  /** What the last render drew, for the scroll listener. */
  const drawn = useRef({ count: 0, viewport: 0, start: 0, end: 0 });
  // The view's height (a guess until the ResizeObserver says; the overscan covers the difference).
  const [height, setHeight] = useState(480);
  const [, redraw] = useState(0);
  const viewport = Math.max(ROW_HEIGHT, height - HEAD_HEIGHT);
  const layout = gridLayout(count, position.current, viewport);

  // Columns: the header's, more if a row drawn has more fields (a ragged row).
  const rows: (RejectedRow | undefined)[] = [];
  for (let i = layout.start; i < layout.end; i++) rows.push(store().rowAt(i));
  const baseColumns = useMemo(() => Math.max(view.header.length, ...view.firstRows.map((r) => r.cells.length), 1), [view]);
  const columns = Math.max(baseColumns, ...rows.map((r) => r?.cells.length ?? 0));
  const baseWidths = useMemo(() => {
    const widths = columnWidths(view.header, view.firstRows, baseColumns);
    // The error column's header carries a tag ("not re-imported"): room for both.
    if (view.errorColumn !== null && view.errorColumn < widths.length) widths[view.errorColumn] = Math.max(widths[view.errorColumn]!, 300);
    return widths;
  }, [view, baseColumns]);
  const widths = useMemo(() => (columns > baseWidths.length ? [...baseWidths, ...Array<number>(columns - baseWidths.length).fill(120)] : baseWidths), [baseWidths, columns]);
  const rowNumberWidth = Math.max(ROW_NUMBER_MIN, String(Math.max(count, view.status.rows)).length * 9 + 34);
  const tableWidth = rowNumberWidth + widths.reduce((a, b) => a + b, 0);

  // After each render: the spacers' heights (set here and by the scroll listener, never by React).
  useLayoutEffect(() => {
    drawn.current = { count, viewport, start: layout.start, end: layout.end };
    placeSpacers(topSpacerRef.current, bottomSpacerRef.current, layout);
  });

  // The view's height, once laid out and when the window is resized (its callbacks come after
  // layout: nothing forces one).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Scrolling: the rows drawn again only when those to draw change, otherwise only the spacers
  // move. A step of the wheel or the keyboard draws them in the frame being drawn (the rows in
  // sight are never a frame late); a jump (the thumb dragged: every row new, each frame) draws
  // them in a task of its own, so that input is handled between two.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      // Scrolled sideways: the row numbers stay on the left (sticky only then: see rejected.css).
      const sideways = el.scrollLeft > 0;
      if (sideways !== el.classList.contains('rejected-grid-sideways')) el.classList.toggle('rejected-grid-sideways', sideways);
      const from = position.current;
      if (el.scrollTop === from.scrollTop) return;
      const jump = Math.abs(el.scrollTop - from.scrollTop) > JUMP_SCROLL;
      const d = drawn.current;
      const now = scrolled(d.count, from.page, from.scrollTop, el.scrollTop);
      // Another page, the same rows: the scrollbar steps back (the next scroll event changes nothing).
      if (now.scrollTop !== el.scrollTop) {
        el.scrollTop = now.scrollTop;
        now.scrollTop = el.scrollTop;
      }
      position.current = now;
      const next = gridLayout(d.count, now, d.viewport);
      if (next.start === d.start && next.end === d.end) placeSpacers(topSpacerRef.current, bottomSpacerRef.current, next);
      else if (jump) redraw((n) => n + 1);
      else flushSync(() => redraw((n) => n + 1));
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  // The windows of rows in sight (asked again as the index grows).
  useEffect(() => {
    store().need(layout.start, layout.end);
  });

  // A row asked for by the address, the summary, undo/redo: in the middle of the view.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !scrollTo) return;
    const to = scrollTopFor(scrollTo.index, count, viewport, { scrollTop: el.scrollTop, page: position.current.page }, 'center');
    el.scrollTop = to.scrollTop;
    position.current = { scrollTop: el.scrollTop, page: to.page };
    redraw((n) => n + 1);
    // The grid gets the keyboard unless the admin is typing somewhere (the "Go to row" field).
    if (document.activeElement === document.body || document.activeElement === null) tableRef.current?.focus({ preventScroll: true });
    // Only the sequence number matters: the same row asked twice scrolls twice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTo?.seq]);

  /** Keeps the active cell in sight, both ways. */
  const reveal = (index: number, column: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const to = scrollTopFor(index, count, viewport, { scrollTop: el.scrollTop, page: position.current.page }, 'nearest');
    if (to.scrollTop !== el.scrollTop) el.scrollTop = to.scrollTop;
    let left = rowNumberWidth;
    for (let c = 0; c < column; c++) left += widths[c] ?? 120;
    const right = left + (widths[column] ?? 120);
    if (left - rowNumberWidth < el.scrollLeft) el.scrollLeft = left - rowNumberWidth;
    else if (right > el.scrollLeft + el.clientWidth) el.scrollLeft = right - el.clientWidth;
    position.current = { scrollTop: el.scrollTop, page: to.page };
    redraw((n) => n + 1);
  };

  const moveTo = (index: number, column: number) => {
    if (count === 0) return;
    const i = Math.max(0, Math.min(count - 1, index));
    const c = Math.max(0, Math.min(columns - 1, column));
    store().setActive({ index: i, column: c });
    reveal(i, c);
    // With the detail open, it follows the active row (like a mail reader).
    const row = store().rowAt(i);
    if (store().panel === 'row' && row) store().select(row);
  };

  const editableCell = (row: RejectedRow | undefined, column: number) => fixMode && row !== undefined && column !== view.errorColumn && mayEditRow(store(), row);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (editing) return;
    const s = store();
    const cur = s.active ?? { index: layout.start, column: 0 };
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    // Ctrl+Z / Ctrl+Shift+Z are the fix bar's (anywhere on the page but in a field).
    const mod = event.ctrlKey || event.metaKey;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(s.active ? cur.index + 1 : cur.index, cur.column);
        break;
      case 'ArrowUp':
        moveTo(cur.index - 1, cur.column);
        break;
      case 'ArrowRight':
        moveTo(cur.index, cur.column + 1);
        break;
      case 'ArrowLeft':
        moveTo(cur.index, cur.column - 1);
        break;
      case 'PageDown':
        moveTo(cur.index + page, cur.column);
        break;
      case 'PageUp':
        moveTo(cur.index - page, cur.column);
        break;
      case 'Home':
        moveTo(mod ? 0 : cur.index, 0);
        break;
      case 'End':
        moveTo(mod ? count - 1 : cur.index, columns - 1);
        break;
      case 'Enter':
      case 'F2': {
        const row = s.rowAt(cur.index);
        if (!row) return;
        if (editableCell(row, cur.column)) s.startEdit(row.row, cur.column);
        else if (event.key === 'Enter') s.select(row);
        break;
      }
      case 'Escape':
        if (s.panel !== 'row') return;
        s.select(null);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  /** Which row and column a click landed on (one listener for the whole table). */
  const target = (event: MouseEvent) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-col]');
    const tr = cell?.closest<HTMLElement>('tr[data-index]');
    if (!cell || !tr) return null;
    const index = Number(tr.dataset.index);
    return { index, column: Number(cell.dataset.col), row: store().rowAt(index) };
  };

  const onClick = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('input')) return;
    const hit = target(event);
    if (!hit) return;
    const column = hit.column < 0 ? (store().active?.column ?? 0) : hit.column;
    store().setActive({ index: hit.index, column });
    // The row number opens the detail; a cell moves it along when it is open.
    if (hit.row && (hit.column < 0 || store().panel === 'row')) store().select(hit.row);
    tableRef.current?.focus({ preventScroll: true });
  };

  const onDoubleClick = (event: MouseEvent) => {
    const hit = target(event);
    if (!hit?.row || hit.column < 0) return;
    if (editableCell(hit.row, hit.column)) store().startEdit(hit.row.row, hit.column);
    else store().select(hit.row);
  };

  const activeId = active && active.index >= layout.start && active.index < layout.end ? cellId(active.index, active.column) : undefined;

  return (
    <div ref={scrollRef} className="rejected-grid-scroll" data-testid="rejected-grid">
      <table
        ref={tableRef}
        className={`rejected-grid${fixMode ? ' rejected-grid-fix' : ''}`}
        role="grid"
        aria-label={t('rejectedUi.viewer.gridLabel', { name: view.name })}
        aria-rowcount={count + 1}
        aria-colcount={columns + 1}
        aria-readonly={!fixMode}
        aria-activedescendant={activeId}
        tabIndex={0}
        style={{ width: tableWidth }}
        data-testid="rejected-rows"
        data-count={count}
        data-only-errors={onlyErrors}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
      >
        <GridHead t={t} rowNumberWidth={rowNumberWidth} widths={widths} header={view.header} errorColumn={view.errorColumn} />
        <tbody>
          <tr ref={topSpacerRef} className="rejected-spacer" aria-hidden="true">
            <td colSpan={columns + 1} />
          </tr>
          {rows.map((row, i) => {
            const index = layout.start + i;
            const edits = row ? book.edits[row.row] : undefined;
            return (
              <GridRow
                key={index}
                t={t}
                index={index}
                row={row}
                columns={columns}
                header={view.header}
                errorColumn={view.errorColumn}
                errors={row ? errorsOf({ checked }, row) : undefined}
                edits={edits}
                originals={row ? book.originals[row.row] : undefined}
                unchecked={row !== undefined && edits !== undefined && checked[row.row] === undefined}
                fixed={row !== undefined && checked[row.row] !== undefined && checked[row.row]!.errors.length === 0}
                editable={row !== undefined && fixMode && mayEditRow({ book, checked }, row)}
                activeColumn={active?.index === index ? active.column : -1}
                editingColumn={row && editing?.row === row.row ? editing.column : -1}
                focused={row !== undefined && row.row === focusRow}
                selected={row !== undefined && row.row === selectedRow}
                knownNumber={onlyErrors ? null : index + 1}
              />
            );
          })}
          <tr ref={bottomSpacerRef} className="rejected-spacer" aria-hidden="true">
            <td colSpan={columns + 1} />
          </tr>
        </tbody>
      </table>
      {count === 0 && (
        <div className="rejected-grid-empty" data-testid="rejected-grid-empty">
          {indexing ? t('rejectedUi.viewer.readingRows') : onlyErrors ? t('rejectedUi.viewer.noErrorRows') : t('rejectedUi.viewer.noRows')}
        </div>
      )}
      <span className="visually-hidden" aria-live="polite">
        {count > 0 ? t('rejectedUi.viewer.rowsShown', { count, n: formatNumber(count, language) }) : ''}
      </span>
    </div>
  );
}

function cellId(index: number, column: number): string {
  return `rejected-cell-${index}-${column}`;
}

/** The spacer rows above and below the rows drawn: the body keeps its full height. */
function placeSpacers(top: HTMLTableRowElement | null, bottom: HTMLTableRowElement | null, layout: GridLayout): void {
  const above = `${layout.top}px`;
  const below = `${layout.bottom}px`;
  if (top && top.style.height !== above) top.style.height = above;
  if (bottom && bottom.style.height !== below) bottom.style.height = below;
}

/** The columns' widths and the header row (drawn again only when the columns change). */
const GridHead = memo(function GridHead({ t, rowNumberWidth, widths, header, errorColumn }: { t: TFunction; rowNumberWidth: number; widths: readonly number[]; header: readonly string[]; errorColumn: number | null }) {
  return (
    <>
      <colgroup>
        <col style={{ width: rowNumberWidth }} />
        {widths.map((w, c) => (
          <col key={c} style={{ width: w }} />
        ))}
      </colgroup>
      <thead>
        <tr aria-rowindex={1} style={{ height: HEAD_HEIGHT }}>
          <th scope="col" className="rejected-rownum rejected-corner">
            {t('rejectedUi.viewer.row')}
          </th>
          {widths.map((_, c) => {
            const label = columnLabel(t, header, c);
            const isErrors = c === errorColumn;
            return (
              <th key={c} scope="col" title={isErrors ? `${label} — ${t('rejectedUi.viewer.errorColumnHint')}` : label} className={isErrors ? 'rejected-col-errors' : undefined} data-col={c}>
                <span className="rejected-head-text">{label}</span>
                {isErrors && <span className="rejected-head-tag">{t('rejectedUi.viewer.errorColumnTag')}</span>}
              </th>
            );
          })}
        </tr>
      </thead>
    </>
  );
});

interface RowProps {
  t: TFunction;
  index: number;
  row: RejectedRow | undefined;
  columns: number;
  header: readonly string[];
  errorColumn: number | null;
  errors: readonly RejectedCellError[] | undefined;
  edits: Readonly<Record<number, string>> | undefined;
  originals: Readonly<Record<number, string>> | undefined;
  /** Edited since the last "Check again". */
  unchecked: boolean;
  /** Checked again with the edits: no error left. */
  fixed: boolean;
  editable: boolean;
  activeColumn: number;
  editingColumn: number;
  focused: boolean;
  selected: boolean;
  /** The row's number when known before its data (all rows shown). */
  knownNumber: number | null;
}

const GridRow = memo(function GridRow({ t, index, row, columns, header, errorColumn, errors, edits, originals, unchecked, fixed, editable, activeColumn, editingColumn, focused, selected, knownNumber }: RowProps) {
  if (!row) {
    return (
      <tr className="rejected-row rejected-row-loading" aria-rowindex={index + 2} data-index={index} aria-busy="true">
        <th scope="row" className="rejected-rownum" data-col={-1}>
          {knownNumber ?? '…'}
        </th>
        <td colSpan={columns} className="rejected-loading-cell">
          <span className="rejected-skeleton" />
        </td>
      </tr>
    );
  }
  // Errors by cell; those about the whole row (or a column the header lacks) on the row number.
  let byCell: Map<number, string[]> | null = null;
  const rowLevel: string[] = [];
  for (const e of errors ?? []) {
    const text = errorMessageText(t, e);
    if (e.column !== null && e.column < columns) {
      byCell ??= new Map();
      const list = byCell.get(e.column) ?? [];
      list.push(text);
      byCell.set(e.column, list);
    } else rowLevel.push(e.columnName ? `${e.columnName}: ${text}` : text);
  }
  const inError = (errors?.length ?? 0) > 0;
  const className = `rejected-row${inError ? ' rejected-row-error' : ''}${focused ? ' rejected-row-focus' : ''}${selected ? ' rejected-row-selected' : ''}${unchecked ? ' rejected-row-unchecked' : ''}${fixed ? ' rejected-row-fixed' : ''}`;
  const rowTitle = rowLevel.length ? rowLevel.join('\n') : inError ? t('rejectedUi.viewer.rowHasErrors', { count: errors!.length }) : undefined;
  return (
    <tr className={className} aria-rowindex={index + 2} aria-selected={selected} aria-current={focused ? 'true' : undefined} data-index={index} data-row={row.row} data-errors={inError} data-testid="rejected-row">
      <th scope="row" className="rejected-rownum" data-col={-1} title={rowTitle}>
        {inError && <span className="rejected-row-mark" aria-hidden="true" />}
        {row.row}
      </th>
      {Array.from({ length: columns }, (_, c) => {
        const fileValue = row.cells[c];
        const edited = edits?.[c];
        const value = edited ?? fileValue ?? '';
        const messages = byCell?.get(c);
        const isEditing = editingColumn === c;
        let title: string | undefined = messages?.join('\n');
        if (edited !== undefined) {
          const was = t('rejectedUi.fix.editedWas', { value: originals?.[c] ?? fileValue ?? '' });
          title = title ? `${title}\n${was}` : was;
        } else if (!title && value.length > 24) title = value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
        let cls = 'rejected-cell';
        if (messages) cls += ' rejected-cell-error';
        if (edited !== undefined) cls += ' rejected-cell-edited';
        if (c === errorColumn) cls += ' rejected-cell-errors';
        if (activeColumn === c) cls += ' rejected-cell-active';
        if (editable && c !== errorColumn) cls += ' rejected-cell-editable';
        if (fileValue === undefined && edited === undefined) cls += ' rejected-cell-missing';
        return (
          <td key={c} id={activeColumn === c ? cellId(index, c) : undefined} className={cls} title={isEditing ? undefined : title} data-col={c} data-testid="rejected-cell" aria-invalid={messages ? true : undefined}>
            {isEditing ? <CellEditor row={row} column={c} value={value} label={columnLabel(t, header, c)} /> : cellText(value)}
          </td>
        );
      })}
    </tr>
  );
});

/** The input of the cell being edited: Enter or Tab keeps the value, Escape leaves it as it was. */
function CellEditor({ row, column, value, label }: { row: RejectedRow; column: number; value: string; label: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  const finish = (keep: boolean, move: 0 | 1 | -1 = 0) => {
    if (done.current) return;
    done.current = true;
    const s = useRejectedViewer.getState();
    if (keep && ref.current) s.setCell(row, column, ref.current.value);
    s.stopEdit();
    // Back to the grid, on the next cell for Tab.
    const table = document.querySelector<HTMLElement>('[data-testid="rejected-rows"]');
    table?.focus({ preventScroll: true });
    if (move && s.active) s.setActive({ index: s.active.index, column: Math.max(0, column + move) });
  };

  return (
    <input
      ref={ref}
      className="rejected-cell-input"
      defaultValue={value}
      aria-label={t('rejectedUi.fix.cellLabel', { column: label, row: row.row })}
      data-testid="rejected-cell-input"
      spellCheck={false}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(false);
        } else if (e.key === 'Tab') {
          e.preventDefault();
          finish(true, e.shiftKey ? -1 : 1);
        }
      }}
      onBlur={() => finish(true)}
    />
  );
}
