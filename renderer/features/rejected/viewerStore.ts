// One open rejected file (#/rejected?file=<name>&row=<n>): what rejected.open said at once (the
// facts, the first rows), the index's progress ('rejected.progress'), the rows by windows as the
// admin scrolls (all rows, or only those in error), the errors summary, the row shown in the
// detail panel, and the fix mode: the edits with undo/redo and what "Check again" found.
// One file at a time: opening another closes the first (rejected.close frees it in main).
import { create } from 'zustand';
import type { EventPayload } from '../../../shared/contract';
import type { RejectedErrorGroup, RejectedRow, RejectedView, RejectedViewStatus } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import { EMPTY_BOOK, editList, redo as redoStep, setCell as setBookCell, undo as undoStep, valueOf, type EditBook } from './edits';
import { useRejectedList } from './listStore';
import { RowWindows, WINDOW } from './rowWindows';

export type SidePanel = 'summary' | 'row' | null;

/** An active cell of the grid: a position in the rows shown, and a column. */
export interface CellRef {
  index: number;
  column: number;
}

interface ViewerState {
  name: string | null;
  opening: boolean;
  openError: ClientError | null;
  view: RejectedView | null;
  status: RejectedViewStatus | null;
  onlyErrors: boolean;
  /** Rows in error known so far (from the pages and the status). */
  errorTotal: number;
  /** Bumped when rows arrive: the grid draws again. */
  version: number;
  /** Reading rows failed (the file was deleted or changed while open…). */
  rowsError: ClientError | null;
  groups: RejectedErrorGroup[] | null;
  groupsError: ClientError | null;
  panel: SidePanel;
  /** The row in the detail panel. */
  selected: RejectedRow | null;
  /** The row the address or a click in the summary named: highlighted. */
  focusRow: number | null;
  /** That row is beyond the file's end. */
  focusMissing: boolean;
  /** Asks the grid to bring a position into sight (seq changes each time). */
  scrollTo: { index: number; seq: number } | null;
  active: CellRef | null;
  fixMode: boolean;
  book: EditBook;
  /** The cell being edited (row number, column). */
  editing: { row: number; column: number } | null;
  /** Rows checked again with the edits: their errors now. */
  checked: Readonly<Record<number, RejectedRow>>;
  /** Rows of the file still in error once the edits were applied (the last check). */
  stillInError: number | null;
  checking: boolean;
  checkError: ClientError | null;
  /** The file on disk since it was opened: still there, changed (another version), or gone. */
  fileState: 'same' | 'changed' | 'gone';

  open(name: string, row: number | null): Promise<void>;
  close(): void;
  reopen(): void;
  onProgress(event: EventPayload<'rejected.progress'>): void;
  setOnlyErrors(only: boolean): void;
  /** Rows [from, to) of the current view are in sight. */
  need(from: number, to: number): void;
  rowAt(index: number): RejectedRow | undefined;
  count(): number;
  retryRows(): void;
  setPanel(panel: SidePanel): void;
  select(row: RejectedRow | null): void;
  setActive(cell: CellRef | null): void;
  /** Shows a row by its number (from the summary, the address, "Go to row"). */
  jumpToRow(row: number): void;
  setFixMode(on: boolean): void;
  startEdit(row: number, column: number): void;
  stopEdit(): void;
  setCell(row: RejectedRow, column: number, value: string): void;
  undo(): void;
  redo(): void;
  check(): Promise<void>;
  /** Forgets the edits (after a re-import). */
  clearEdits(): void;
  loadGroups(): Promise<void>;
  /** The folder changed ('rejected.changed'): is the open file still the one on disk? */
  checkFile(): Promise<void>;
}

let windows: { all: RowWindows; errors: RowWindows } | null = null;
let generation = 0;
let statusTimer: ReturnType<typeof setTimeout> | null = null;
let scrollSeq = 0;
/** Bumped when rows read before may read differently (the index finished, log errors came). */
let epoch = 0;
let logCheck: ReturnType<typeof setTimeout> | null = null;
/** Log entries naming the file are searched after it opens: their errors are looked for this long after. */
const LOG_ERRORS_AFTER_MS = 1500;
/** The status is asked again at most this often while indexing (errors found so far, problems). */
const STATUS_EVERY_MS = 600;
/** Windows of rows in error kept (16,000 rows: the rows in error of most files, all held). */
const ERROR_WINDOWS = 80;

const INITIAL = {
  name: null,
  opening: false,
  openError: null,
  view: null,
  status: null,
  onlyErrors: false,
  errorTotal: 0,
  version: 0,
  rowsError: null,
  groups: null,
  groupsError: null,
  panel: null,
  selected: null,
  focusRow: null,
  focusMissing: false,
  scrollTo: null,
  active: null,
  fixMode: false,
  book: EMPTY_BOOK,
  editing: null,
  checked: {},
  stillInError: null,
  checking: false,
  checkError: null,
  fileState: 'same',
} satisfies Partial<ViewerState>;

function dropWindows(): void {
  windows?.all.close();
  windows?.errors.close();
  windows = null;
  if (statusTimer) clearTimeout(statusTimer);
  statusTimer = null;
  if (logCheck) clearTimeout(logCheck);
  logCheck = null;
}

/** Forgets the open file (sign-out: main closes the views of a session that ended). */
export function resetRejectedViewer(): void {
  generation++;
  dropWindows();
  useRejectedViewer.setState({ ...INITIAL });
}

/** The errors of a row as shown: after "Check again" if the row was checked, else as the file gives them. */
export function errorsOf(state: Pick<ViewerState, 'checked'>, row: RejectedRow): RejectedRow['errors'] {
  return state.checked[row.row]?.errors ?? row.errors;
}

/** Rows with an error may be fixed (and rows already edited, whose errors may be gone). */
export function mayEditRow(state: Pick<ViewerState, 'book' | 'checked'>, row: RejectedRow): boolean {
  return row.errors.length > 0 || state.book.edits[row.row] !== undefined || (state.checked[row.row]?.errors.length ?? 0) > 0;
}

export const useRejectedViewer = create<ViewerState>()((set, get) => {
  const bump = () => set({ version: get().version + 1 });

  function makeWindows(viewId: string, mine: number) {
    const fetcher = (onlyErrors: boolean) => async (from: number, count: number) => {
      const result = await api.rejected.rows({ viewId, from, count, onlyErrors });
      if (mine !== generation) return null;
      if (!result.ok) {
        set({ rowsError: result.error });
        return null;
      }
      const page = result.value;
      if (onlyErrors) {
        if (page.total !== get().errorTotal) set({ errorTotal: page.total });
      } else if (get().status && page.total > get().status!.rows) set({ status: { ...get().status!, rows: page.total } });
      return { rows: page.rows, total: page.total };
    };
    return {
      all: new RowWindows(fetcher(false), bump, () => epoch),
      // More of the rows in error are kept: "Go to row" and undo/redo find them among those held.
      errors: new RowWindows(fetcher(true), bump, () => epoch, ERROR_WINDOWS),
    };
  }

  async function refreshStatus(): Promise<void> {
    const { view } = get();
    if (!view) return;
    const mine = generation;
    const result = await api.rejected.status({ viewId: view.viewId });
    if (mine !== generation || !result.ok) return;
    const status = result.value;
    // Progress events may have said more rows meanwhile: keep the larger count.
    const rows = Math.max(status.rows, get().status?.rows ?? 0);
    set({ status: { ...status, rows }, errorTotal: Math.max(status.errorRows, status.state === 'done' ? 0 : get().errorTotal) });
    placeFocus();
    bump();
  }

  function scheduleStatus(): void {
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      void refreshStatus();
    }, STATUS_EVERY_MS);
  }

  /** The row named by the address, once the index reached it. */
  function placeFocus(): void {
    const { focusRow, status, scrollTo, onlyErrors } = get();
    if (focusRow === null || !status || scrollTo !== null || onlyErrors) return;
    if (focusRow <= status.rows) {
      set({ scrollTo: { index: focusRow - 1, seq: ++scrollSeq }, active: { index: focusRow - 1, column: 0 }, focusMissing: false });
    } else if (status.state !== 'indexing') set({ focusMissing: true });
  }

  /** Errors from log entries naming the file arrive a moment after it opens: then the rows are read again. */
  function checkLogErrorsLater(): void {
    if (logCheck) clearTimeout(logCheck);
    const mine = generation;
    logCheck = setTimeout(() => {
      logCheck = null;
      const before = (get().groups ?? []).filter((g) => g.source === 'log').length;
      void get()
        .loadGroups()
        .then(() => {
          if (mine !== generation) return;
          const after = (get().groups ?? []).filter((g) => g.source === 'log').length;
          if (after !== before) {
            epoch++;
            void refreshStatus();
          }
        });
    }, LOG_ERRORS_AFTER_MS);
  }

  /** Brings a row into sight in the current view when it is held there (undo, redo). */
  function reveal(row: number, column: number): void {
    const { onlyErrors } = get();
    if (!windows) return;
    if (!onlyErrors) {
      set({ scrollTo: { index: row - 1, seq: ++scrollSeq }, active: { index: row - 1, column } });
      return;
    }
    for (const [index, held] of windows.errors.all()) {
      if (held.row === row) {
        set({ scrollTo: { index, seq: ++scrollSeq }, active: { index, column } });
        return;
      }
    }
  }

  return {
    ...INITIAL,

    async open(name, row) {
      const previous = get().view?.viewId;
      const mine = ++generation;
      dropWindows();
      set({ ...INITIAL, name, opening: true, focusRow: row });
      if (previous) void api.rejected.close({ viewId: previous });
      const result = await api.rejected.open({ name });
      if (mine !== generation) {
        if (result.ok) void api.rejected.close({ viewId: result.value.viewId });
        return;
      }
      if (!result.ok) {
        set({ opening: false, openError: result.error });
        return;
      }
      const view = result.value;
      windows = makeWindows(view.viewId, mine);
      windows.all.seed(view.firstRows);
      const errorRows = view.firstRows.filter((r) => r.errors.length > 0);
      const named = row !== null ? view.firstRows.find((r) => r.row === row) : undefined;
      // The first rows in error are known at once too (the rest of the file is still being read).
      if (view.status.state === 'done' || errorRows.length >= WINDOW) windows.errors.seed(errorRows);
      set({
        opening: false,
        view,
        status: { ...view.status, rows: Math.max(view.status.rows, view.firstRows.length) },
        errorTotal: Math.max(view.status.errorRows, errorRows.length),
        // A row named by the address (a log entry's import error): its detail; else, with
        // errors, their summary is what the admin wants first.
        ...(named ? { panel: 'row' as const, selected: named } : { panel: view.status.errorRows > 0 || errorRows.length > 0 ? ('summary' as const) : null }),
      });
      placeFocus();
      void get().loadGroups();
      if (view.status.state === 'indexing') scheduleStatus();
      else checkLogErrorsLater();
    },

    close() {
      const viewId = get().view?.viewId;
      generation++;
      dropWindows();
      set({ ...INITIAL });
      if (viewId) void api.rejected.close({ viewId });
    },

    reopen() {
      const { name, focusRow } = get();
      if (name) void get().open(name, focusRow);
    },

    onProgress(event) {
      const { view, status } = get();
      if (!view || !status || event.viewId !== view.viewId) return;
      set({ status: { ...status, state: event.state, bytesDone: event.bytesDone, bytesTotal: event.bytesTotal, rows: Math.max(status.rows, event.rows) } });
      placeFocus();
      if (event.state === 'indexing') scheduleStatus();
      else {
        if (statusTimer) clearTimeout(statusTimer);
        statusTimer = null;
        // The rows read while indexing lack what the index adds (quote problems…): read again.
        epoch++;
        void refreshStatus();
        void get().loadGroups();
        checkLogErrorsLater();
      }
      bump();
    },

    setOnlyErrors(only) {
      if (only === get().onlyErrors) return;
      set({ onlyErrors: only, active: null, editing: null, scrollTo: { index: 0, seq: ++scrollSeq } });
    },

    need(from, to) {
      if (!windows) return;
      (get().onlyErrors ? windows.errors : windows.all).need(from, to);
    },

    rowAt(index) {
      if (!windows) return undefined;
      return (get().onlyErrors ? windows.errors : windows.all).row(index);
    },

    count() {
      const { onlyErrors, errorTotal, status } = get();
      return onlyErrors ? errorTotal : (status?.rows ?? 0);
    },

    retryRows() {
      set({ rowsError: null });
      windows?.all.retry();
      windows?.errors.retry();
    },

    setPanel(panel) {
      set({ panel });
    },

    select(row) {
      set({ selected: row, panel: row ? 'row' : get().panel === 'row' ? null : get().panel });
    },

    setActive(cell) {
      set({ active: cell });
    },

    jumpToRow(row) {
      const { onlyErrors, status } = get();
      if (onlyErrors && windows) {
        for (const [index, held] of windows.errors.all()) {
          if (held.row === row) {
            set({ focusRow: row, focusMissing: false, scrollTo: { index, seq: ++scrollSeq }, active: { index, column: get().active?.column ?? 0 } });
            return;
          }
        }
        // Not among the rows in error held here: show it among all rows.
        set({ onlyErrors: false, editing: null });
      }
      if (status && row > status.rows) {
        set({ focusRow: row, focusMissing: status.state !== 'indexing', scrollTo: null });
        return;
      }
      set({ focusRow: row, focusMissing: false, scrollTo: { index: row - 1, seq: ++scrollSeq }, active: { index: row - 1, column: get().active?.column ?? 0 } });
    },

    setFixMode(on) {
      // Fixing is about the rows in error: they are shown alone (the filter can be turned off).
      set({ fixMode: on, editing: null, ...(on && !get().onlyErrors && get().errorTotal > 0 ? { onlyErrors: true, active: null, scrollTo: { index: 0, seq: ++scrollSeq } } : {}) });
    },

    startEdit(row, column) {
      if (!get().fixMode) return;
      set({ editing: { row, column } });
    },

    stopEdit() {
      if (get().editing) set({ editing: null });
    },

    setCell(row, column, value) {
      const book = setBookCell(get().book, row.row, column, value, row.cells[column] ?? '');
      if (book === get().book) return;
      const { [row.row]: _stale, ...checked } = get().checked;
      set({ book, checked, stillInError: null });
    },

    undo() {
      const done = undoStep(get().book);
      if (!done) return;
      const { [done.step.row]: _stale, ...checked } = get().checked;
      set({ book: done.book, checked, stillInError: null, editing: null });
      reveal(done.step.row, done.step.column);
    },

    redo() {
      const done = redoStep(get().book);
      if (!done) return;
      const { [done.step.row]: _stale, ...checked } = get().checked;
      set({ book: done.book, checked, stillInError: null, editing: null });
      reveal(done.step.row, done.step.column);
    },

    async check() {
      const { view, book } = get();
      if (!view) return;
      const mine = generation;
      set({ checking: true, checkError: null });
      const edits = editList(book);
      const result = await api.rejected.validate({ viewId: view.viewId, edits });
      if (mine !== generation) return;
      if (!result.ok) {
        set({ checking: false, checkError: result.error });
        return;
      }
      // Edits made while the check ran are not in its answer: those rows stay unchecked.
      const now = get().book;
      const checked: Record<number, RejectedRow> = { ...get().checked };
      for (const row of result.value.rows) {
        const sent = edits.filter((e) => e.row === row.row);
        const same = sent.every((e) => valueOf(now, e.row, e.column, '\u0000') === e.value) && Object.keys(now.edits[row.row] ?? {}).length === sent.length;
        if (same) checked[row.row] = row;
      }
      set({ checking: false, checked, stillInError: result.value.errorRows });
      const selected = get().selected;
      if (selected && checked[selected.row]) set({ selected: { ...selected } });
    },

    clearEdits() {
      set({ book: EMPTY_BOOK, checked: {}, stillInError: null, editing: null, fixMode: false });
    },

    async checkFile() {
      const { view } = get();
      if (!view) return;
      const mine = generation;
      const result = await api.rejected.list();
      if (mine !== generation || !result.ok) return;
      useRejectedList.getState().setFolder(result.value);
      const file = result.value.files.find((f) => f.name === view.name);
      const fileState = !file ? 'gone' : file.size !== view.size || file.modifiedAt !== view.modifiedAt ? 'changed' : 'same';
      if (fileState !== get().fileState) set({ fileState });
    },

    async loadGroups() {
      const { view } = get();
      if (!view) return;
      const mine = generation;
      const result = await api.rejected.errors({ viewId: view.viewId });
      if (mine !== generation) return;
      if (result.ok) set({ groups: result.value.groups, groupsError: null, errorTotal: Math.max(get().errorTotal, result.value.errorRows) });
      else set({ groupsError: result.error });
    },
  };
});
