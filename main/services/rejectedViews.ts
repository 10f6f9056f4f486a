// Open rejected files ("views"): the index of each built in a csvIndex worker thread, its rows
// read back by byte range on demand, its errors from every source. Kept per backend.
//
// Decisions:
// - A view belongs to the session (window) that opened it: another session asking for it is
//   told NOT_FOUND, as if it did not exist (rows are data).
// - At most MAX_VIEWS_PER_SESSION per session: opening one more closes the oldest (a viewer that
//   forgot to close does not pile up indexes). A view not used for IDLE_MS is closed.
// - Rows are never held in main: only the index (byte offsets of the rows, rows in error). The
//   first rows (at most FIRST_ROWS, cells cut) are kept while the index is being built, so the
//   grid can show them, and dropped once it is done (kept when indexing failed: whatever part
//   can be shown).
// - 'rejected.progress' events carry no content (every signed-in window receives them): at most
//   one every PROGRESS_EVERY_MS while indexing, and always one at the end.
// - Errors of a row: the index's sources (error column, sidecar, the file's own problems) and
//   the log entries naming the file (added once found, in the background: setLogErrors).
import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import type { Problem, RejectedCellError, RejectedErrorGroup, RejectedIndexState, RejectedRow, RejectedRowsPage, RejectedView, RejectedViewStatus } from '../../shared/rejected';
import type { WorkerSetup } from '../ipc/context';
import { errorsOfRows, indexCsvFile, lineEndName, MAX_CELL_CHARS, readRowList, readRows, readSidecarErrors, type CsvDetection, type CsvIndex, type SidecarErrors } from '../imports/csv';
import { columnMatcher, ErrorGroups, errorsOfCell } from '../imports/csv/errors';
import { raggedMessage } from '../imports/csv/indexer';

export const MAX_VIEWS_PER_SESSION = 3;
export const IDLE_MS = 10 * 60_000;
export const PROGRESS_EVERY_MS = 100;
/** Problems listed in a status (all are counted in the index). */
export const STATUS_PROBLEMS = 100;

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface OpenRequest {
  sessionId: string;
  name: string;
  /** The folder joined with the name (what scans are cached by). */
  key: string;
  /** The file to read (the real path, checked inside the folder). */
  file: string;
  size: number;
  mtimeMs: number;
}

export interface View {
  readonly id: string;
  readonly sessionId: string;
  readonly name: string;
  readonly key: string;
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly openedAt: number;
  lastUsed: number;
  detection: CsvDetection | null;
  header: string[];
  /** The first rows, while the index is built (see the head of the file). */
  firstRows: string[][] | null;
  /** The sidecar's errors for the first rows (the index has its own once done). */
  sidecar: SidecarErrors | null;
  index: CsvIndex | null;
  state: RejectedIndexState;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  problem?: Problem;
  /** Errors of log entries naming the file, by row (null until searched). */
  logErrors: Map<number, RejectedCellError[]> | null;
  logGroups: ErrorGroups;
  /** Rows in error of every source (the index's and the logs'), ascending; null until indexed. */
  errorRows: Uint32Array | null;
  controller: AbortController;
  lastEmit: number;
  pendingEmit: ReturnType<typeof setTimeout> | null;
  /** Resolves when the worker is gone. */
  done: Promise<void>;
}

export interface RejectedViews {
  open(workers: WorkerSetup, request: OpenRequest): Promise<RejectedView>;
  /** The session's view (NOT_FOUND for another session's); marks it used. */
  get(sessionId: string, viewId: string): View;
  status(sessionId: string, viewId: string): RejectedViewStatus;
  rows(sessionId: string, viewId: string, from: number, count: number, onlyErrors: boolean): Promise<RejectedRowsPage>;
  errors(sessionId: string, viewId: string): { groups: RejectedErrorGroup[]; errorRows: number };
  /** Errors of log entries naming the file (found in the background after open). */
  setLogErrors(viewId: string, errors: readonly (RejectedCellError & { row: number })[]): void;
  close(sessionId: string, viewId: string): void;
  /** Rows in error of every source (index and logs), ascending; null until indexed. */
  errorRowList(view: View): Uint32Array | null;
  /** The errors of an indexed row of `view` from every source. */
  rowErrors(view: View, index: CsvIndex, row: number, cells: readonly string[]): RejectedCellError[];
  /** Closes every view of the folder's file `key` (deleted or archived), whoever opened it. */
  closeFile(key: string): void;
  closeAll(): Promise<void>;
}

/** The monotonic time (not the backend's clock, which tests move by hand). */
const now = () => performance.now();

/** Rows of the file with no data row: empty, or only a header. */
export function contentProblem(name: string, rows: number, hasHeader: boolean): Problem | undefined {
  if (rows > 0) return undefined;
  return hasHeader ? { code: 'header-only', message: `${name} has a header but no rows.` } : { code: 'empty', message: `${name} is empty: it has no rows.` };
}

/** The errors of first rows before the index is done: error column, sidecar, field count (quote problems come with the index). */
function firstRowErrors(view: View, from: number, rows: readonly string[][]): RejectedCellError[][] {
  const detection = view.detection!;
  const { errorColumn, columnCount, hasHeader } = detection;
  const match = errorColumn === null ? null : columnMatcher(view.header, errorColumn);
  return rows.map((cells, i) => {
    const row = from + i + 1;
    const errors: RejectedCellError[] = [];
    if (match && cells[errorColumn!]) errors.push(...errorsOfCell(row, cells[errorColumn!]!, match).map(strip));
    for (const e of view.sidecar?.byRow.get(row) ?? []) errors.push(strip(e));
    if (columnCount > 0 && cells.length !== columnCount) errors.push({ column: null, message: raggedMessage(cells.length, columnCount, hasHeader), source: 'file' });
    return errors;
  });
}

/** A row error without its row number (RejectedRow carries it). */
function strip(error: RejectedCellError & { row?: number }): RejectedCellError {
  return { column: error.column, ...(error.columnName ? { columnName: error.columnName } : {}), message: error.message, source: error.source };
}

/** Sorted union of two ascending lists. */
function mergeRows(a: Uint32Array, b: readonly number[]): Uint32Array {
  if (b.length === 0) return a;
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    const next = Math.min(x, y);
    if (x === next) i++;
    if (y === next) j++;
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  return out.slice(0, n);
}

export function createRejectedViews(options: { emit: Emit; onIndexed?: (view: View, index: CsvIndex) => void }): RejectedViews {
  const views = new Map<string, View>();
  let closed = false;

  const progressOf = (v: View): EventPayload<'rejected.progress'> => ({ viewId: v.id, state: v.state, bytesDone: v.bytesDone, bytesTotal: v.bytesTotal, rows: v.rows });

  function emitNow(v: View) {
    if (v.pendingEmit) clearTimeout(v.pendingEmit);
    v.pendingEmit = null;
    v.lastEmit = now();
    options.emit('rejected.progress', progressOf(v));
  }

  /** While indexing: at most one event every PROGRESS_EVERY_MS, the latest state always sent. */
  function emitThrottled(v: View) {
    if (v.pendingEmit) return;
    const wait = v.lastEmit + PROGRESS_EVERY_MS - now();
    if (wait <= 0) emitNow(v);
    else v.pendingEmit = setTimeout(() => v.state === 'indexing' && emitNow(v), wait);
  }

  function drop(v: View) {
    if (v.state === 'indexing') {
      v.state = 'cancelled';
      emitNow(v);
    }
    // Stops the index worker, and the search of the logs for the file.
    v.controller.abort();
    if (v.pendingEmit) clearTimeout(v.pendingEmit);
    v.pendingEmit = null;
    views.delete(v.id);
  }

  function sweep() {
    const t = now();
    for (const v of [...views.values()]) if (t - v.lastUsed > IDLE_MS) drop(v);
  }
  /** Started with the first view (a runtime that never opens a file starts nothing). */
  let sweeper: ReturnType<typeof setInterval> | null = null;

  function own(sessionId: string, viewId: string): View {
    sweep();
    const v = views.get(viewId);
    if (!v || v.sessionId !== sessionId) throw new VigieError('NOT_FOUND', `no open file ${viewId} in this window`);
    v.lastUsed = now();
    return v;
  }

  function errorRowsOf(v: View): Uint32Array | null {
    if (!v.index) return null;
    if (!v.errorRows) v.errorRows = mergeRows(v.index.errorRows, v.logErrors ? [...v.logErrors.keys()].filter((r) => r >= 1 && r <= v.index!.rowCount).sort((a, b) => a - b) : []);
    return v.errorRows;
  }

  function withLogErrors(v: View, row: number, errors: RejectedCellError[]): RejectedCellError[] {
    const fromLogs = v.logErrors?.get(row);
    return fromLogs ? [...errors, ...fromLogs] : errors;
  }

  /** Rows of an indexed view, with their errors. */
  async function indexedRows(v: View, index: CsvIndex, from: number, count: number, onlyErrors: boolean): Promise<RejectedRow[]> {
    if (onlyErrors) {
      const list = errorRowsOf(v)!;
      const wanted = Array.from(list.subarray(Math.min(from, list.length), Math.min(from + count, list.length)));
      const read = await readRowList(v.file, index, wanted, { maxCellChars: MAX_CELL_CHARS });
      return read.map((r) => ({ row: r.row, cells: r.cells, errors: withLogErrors(v, r.row, errorsOfRows(index, r.row - 1, [r.cells])[0]!.map(strip)) }));
    }
    const cells = await readRows(v.file, index, from, count, { maxCellChars: MAX_CELL_CHARS });
    const errors = errorsOfRows(index, from, cells);
    return cells.map((c, i) => ({ row: from + i + 1, cells: c, errors: withLogErrors(v, from + i + 1, errors[i]!.map(strip)) }));
  }

  /** Rows among the first rows (indexing, or failed after them). */
  function firstRowsPage(v: View, from: number, count: number, onlyErrors: boolean): { rows: RejectedRow[]; total: number } {
    const first = v.firstRows ?? [];
    const errors = v.detection ? firstRowErrors(v, 0, first) : first.map(() => []);
    const all = first.map((cells, i) => ({ row: i + 1, cells, errors: withLogErrors(v, i + 1, errors[i]!) }));
    if (onlyErrors) {
      const inError = all.filter((r) => r.errors.length > 0);
      return { rows: inError.slice(from, from + count), total: inError.length };
    }
    return { rows: all.slice(from, from + count), total: v.state === 'indexing' ? Math.max(v.rows, first.length) : first.length };
  }

  function statusOf(v: View): RejectedViewStatus {
    const index = v.index;
    const errorRows = index ? errorRowsOf(v)!.length : v.firstRows && v.detection ? firstRowErrors(v, 0, v.firstRows).filter((e) => e.length > 0).length : 0;
    return {
      viewId: v.id,
      state: v.state,
      bytesDone: v.bytesDone,
      bytesTotal: v.bytesTotal,
      rows: index ? index.rowCount : v.rows,
      errorRows,
      problems: index ? index.problems.slice(0, STATUS_PROBLEMS).map((p) => ({ row: p.row, code: p.code, message: p.message })) : [],
      ...(index?.stopped ? { stopped: index.stopped.message } : {}),
      ...(v.problem ? { problem: v.problem } : {}),
    };
  }

  return {
    async open(workers, request) {
      if (closed) throw new VigieError('UNAVAILABLE', 'the rejected-imports area is closing');
      if (!sweeper) {
        sweeper = setInterval(sweep, 60_000);
        sweeper.unref?.();
      }
      sweep();
      const own = [...views.values()].filter((v) => v.sessionId === request.sessionId).sort((a, b) => a.openedAt - b.openedAt);
      for (const old of own.slice(0, Math.max(0, own.length - MAX_VIEWS_PER_SESSION + 1))) drop(old);

      const v: View = {
        id: randomUUID(),
        sessionId: request.sessionId,
        name: request.name,
        key: request.key,
        file: request.file,
        size: request.size,
        mtimeMs: request.mtimeMs,
        openedAt: now(),
        lastUsed: now(),
        detection: null,
        header: [],
        firstRows: null,
        sidecar: null,
        index: null,
        state: 'indexing',
        bytesDone: 0,
        bytesTotal: request.size,
        rows: 0,
        logErrors: null,
        logGroups: new ErrorGroups(),
        errorRows: null,
        controller: new AbortController(),
        lastEmit: 0,
        pendingEmit: null,
        done: Promise.resolve(),
      };
      views.set(v.id, v);

      let firstRowsSeen!: () => void;
      const firstRows = new Promise<void>((resolve) => (firstRowsSeen = resolve));
      const indexing = indexCsvFile(workers, request.file, {
        signal: v.controller.signal,
        onFirstRows: (first) => {
          if (v.state !== 'indexing') return;
          v.detection = first.detection;
          v.header = first.header;
          v.firstRows = first.rows;
          v.rows = Math.max(v.rows, first.rows.length);
          firstRowsSeen();
        },
        onProgress: (p) => {
          if (v.state !== 'indexing') return;
          v.bytesDone = p.bytes;
          v.bytesTotal = p.totalBytes;
          v.rows = p.rows;
          emitThrottled(v);
        },
      });
      v.done = indexing.then(
        (index) => {
          if (v.state !== 'indexing') return;
          v.index = index;
          v.detection = index.detection;
          v.header = index.header;
          v.sidecar = index.sidecar;
          v.firstRows = null;
          v.errorRows = null;
          v.state = 'done';
          v.rows = index.rowCount;
          v.bytesTotal = index.size;
          v.bytesDone = index.stopped ? v.bytesDone : index.size;
          const empty = contentProblem(v.name, index.rowCount, index.detection.hasHeader);
          if (empty) v.problem = empty;
          emitNow(v);
          options.onIndexed?.(v, index);
        },
        (error: unknown) => {
          if (v.state !== 'indexing') return;
          if (v.controller.signal.aborted) v.state = 'cancelled';
          else {
            v.state = 'failed';
            v.problem = error instanceof VigieError ? { code: error.fields?.[0]?.code ?? error.code, message: error.message } : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
          }
          emitNow(v);
        },
      );

      // The first rows, or the end (a small file's index follows its first rows at once).
      const outcome = await Promise.race([firstRows.then(() => 'first' as const), indexing.then(() => 'done' as const, (error: unknown) => ({ error }))]);
      if (typeof outcome === 'object') {
        // Nothing to show (binary data, unreadable): the open fails with the reason.
        views.delete(v.id);
        if (v.pendingEmit) clearTimeout(v.pendingEmit);
        throw outcome.error instanceof VigieError ? outcome.error : new VigieError('FILE_ERROR', `Cannot read ${request.name}: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}.`);
      }
      if (!v.index) {
        // The whole file was in the first read: its index is a moment away; else the sidecar's
        // errors of the first rows are read here (the index reads it again for all rows).
        await Promise.race([v.done, new Promise<void>((resolve) => setTimeout(resolve, 50))]);
        if (!v.index) {
          const sidecar = await readSidecarErrors(request.file, v.header, v.detection!.errorColumn).catch(() => null);
          if (!v.index) v.sidecar = sidecar;
        }
      }
      const detection = v.detection!;
      const firstPage = v.index ? await indexedRows(v, v.index, 0, Math.min(v.index.rowCount, 200), false) : firstRowsPage(v, 0, 200, false).rows;
      return {
        viewId: v.id,
        name: v.name,
        size: v.size,
        modifiedAt: new Date(v.mtimeMs).toISOString(),
        encoding: detection.encoding,
        bom: detection.bomBytes > 0,
        delimiter: detection.delimiter,
        lineEnd: lineEndName(detection.lineEnd),
        hasHeader: detection.hasHeader,
        header: v.header,
        errorColumn: detection.errorColumn,
        importType: detection.importType,
        firstRows: firstPage,
        status: statusOf(v),
      };
    },

    get: own,

    status(sessionId, viewId) {
      return statusOf(own(sessionId, viewId));
    },

    async rows(sessionId, viewId, from, count, onlyErrors) {
      const v = own(sessionId, viewId);
      if (v.index) {
        const rows = await indexedRows(v, v.index, from, count, onlyErrors);
        return { rows, total: onlyErrors ? errorRowsOf(v)!.length : v.index.rowCount, state: v.state };
      }
      return { ...firstRowsPage(v, from, count, onlyErrors), state: v.state };
    },

    errors(sessionId, viewId) {
      const v = own(sessionId, viewId);
      if (v.index) {
        const groups = [...v.index.groups, ...v.logGroups.list()].sort((a, b) => b.count - a.count || a.rows[0]! - b.rows[0]!);
        return { groups, errorRows: errorRowsOf(v)!.length };
      }
      const groups = new ErrorGroups();
      const first = v.firstRows ?? [];
      const errors = v.detection ? firstRowErrors(v, 0, first) : [];
      let errorRows = 0;
      errors.forEach((list, i) => {
        if (list.length) errorRows++;
        for (const e of list) groups.add(i + 1, e.message, e.source, e.column, e.columnName);
      });
      return { groups: [...groups.list(), ...v.logGroups.list()], errorRows };
    },

    setLogErrors(viewId, errors) {
      const v = views.get(viewId);
      if (!v) return;
      const byRow = new Map<number, RejectedCellError[]>();
      const groups = new ErrorGroups();
      for (const e of errors) {
        const list = byRow.get(e.row);
        const error = strip(e);
        if (list) list.push(error);
        else byRow.set(e.row, [error]);
        groups.add(e.row, e.message, 'log', e.column, e.columnName);
      }
      v.logErrors = byRow;
      v.logGroups = groups;
      v.errorRows = null;
    },

    close(sessionId, viewId) {
      drop(own(sessionId, viewId));
    },

    errorRowList: errorRowsOf,

    rowErrors(v, index, row, cells) {
      return withLogErrors(v, row, errorsOfRows(index, row - 1, [cells])[0]!.map(strip));
    },

    closeFile(key) {
      for (const v of [...views.values()]) if (v.key === key) drop(v);
    },

    async closeAll() {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      const all = [...views.values()];
      for (const v of all) drop(v);
      await Promise.all(all.map((v) => v.done.catch(() => undefined)));
    },
  };
}
