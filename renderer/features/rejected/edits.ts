// The admin's corrections to a rejected file before it is imported again: the value of each
// edited cell (a cell set back to what the file says is no longer an edit), and the steps for
// undo and redo. Pure data: the viewer's store holds one EditBook per open file.
import type { RejectedEdit } from '../../../shared/rejected';

/** row -> column -> value; each row's object is replaced when that row changes (rows redraw alone). */
export type EditMap = Readonly<Record<number, Readonly<Record<number, string>>>>;

export interface EditStep {
  row: number;
  column: number;
  before: string;
  after: string;
}

export interface EditBook {
  edits: EditMap;
  /** What the file says in each edited cell. */
  originals: EditMap;
  undo: readonly EditStep[];
  redo: readonly EditStep[];
}

export const EMPTY_BOOK: EditBook = { edits: {}, originals: {}, undo: [], redo: [] };

/** The most steps kept for undo. */
const MAX_STEPS = 500;

function put(map: EditMap, row: number, column: number, value: string | undefined): EditMap {
  const cells = { ...(map[row] ?? {}) };
  if (value === undefined) delete cells[column];
  else cells[column] = value;
  const next = { ...map };
  if (Object.keys(cells).length === 0) delete next[row];
  else next[row] = cells;
  return next;
}

function apply(book: EditBook, row: number, column: number, value: string): Pick<EditBook, 'edits' | 'originals'> {
  const original = book.originals[row]?.[column];
  if (original === undefined) return book;
  return { edits: put(book.edits, row, column, value === original ? undefined : value), originals: book.originals };
}

/** The value shown in a cell: the edit, else the file's. */
export function valueOf(book: EditBook, row: number, column: number, fileValue: string): string {
  return book.edits[row]?.[column] ?? fileValue;
}

/** Sets a cell (fileValue: what the file says there). A value that changes nothing adds no step. */
export function setCell(book: EditBook, row: number, column: number, value: string, fileValue: string): EditBook {
  const before = valueOf(book, row, column, fileValue);
  if (before === value) return book;
  const originals = book.originals[row]?.[column] === undefined ? put(book.originals, row, column, fileValue) : book.originals;
  const applied = apply({ ...book, originals }, row, column, value);
  return { ...applied, undo: [...book.undo, { row, column, before, after: value }].slice(-MAX_STEPS), redo: [] };
}

export function undo(book: EditBook): { book: EditBook; step: EditStep } | null {
  const step = book.undo[book.undo.length - 1];
  if (!step) return null;
  const applied = apply(book, step.row, step.column, step.before);
  return { book: { ...applied, undo: book.undo.slice(0, -1), redo: [...book.redo, step] }, step };
}

export function redo(book: EditBook): { book: EditBook; step: EditStep } | null {
  const step = book.redo[book.redo.length - 1];
  if (!step) return null;
  const applied = apply(book, step.row, step.column, step.after);
  return { book: { ...applied, undo: [...book.undo, step], redo: book.redo.slice(0, -1) }, step };
}

/** The edits as the channels take them, by row then column. */
export function editList(book: EditBook): RejectedEdit[] {
  const list: RejectedEdit[] = [];
  for (const row of Object.keys(book.edits).map(Number).sort((a, b) => a - b)) {
    const cells = book.edits[row]!;
    for (const column of Object.keys(cells).map(Number).sort((a, b) => a - b)) list.push({ row, column, value: cells[column]! });
  }
  return list;
}

export function editCount(book: EditBook): number {
  let n = 0;
  for (const cells of Object.values(book.edits)) n += Object.keys(cells).length;
  return n;
}
