// Checking the rows of a rejected file again once the admin edited them (rejected.validate, and
// before rejected.reimport).
//
// Decisions (issue 6, CONTEXT6):
// - The errors the file came with (error column, sidecar, log entries) are the platform's
//   opinion of the values it saw: an edited cell drops those about that cell; the row keeps
//   the others (about other cells, or the whole row). The file's own problems are found again
//   on the edited row: its number of fields (an edit past the end of a short row pads it), and
//   a quote problem no longer applies (the cells are written back quoted properly).
// - Vigie's checks, on every cell of an edited row (source 'file'):
//   · accounts files (importType 'accounts'): the accounts import's own checks
//     (parseAccountsCsv on the header and the row), when the header is one it can read;
//   · otherwise by column name: e-mail columns hold an e-mail address, date columns an ISO
//     date (2026-03-02, with an optional time) or dd/mm/yyyy, quantity/price/amount columns a
//     number (1234, -12.5, 12,5);
//   · a cell the platform said was required must not be left empty.
//   A cell the file's errors already flag is not flagged twice (unless the admin edited it).
// - Rows the admin did not edit are not checked again (the platform judged them; a generic
//   check could reject a value the platform takes).
// - What blocks a re-import: a row with a Vigie error ('file' source) after the edits: a row
//   whose fields do not match the header cannot be written as a proper CSV, nor can an edit
//   that fails a check. The platform's own errors do not block (it judges the file again).
import { normalizeHeader } from '../../shared/accounts';
import type { RejectedCellError, RejectedEdit, RejectedRow } from '../../shared/rejected';
import { parseAccountsCsv } from '../imports/accountsCsv';
import type { CsvDetection } from '../imports/csv';
import { raggedMessage } from '../imports/csv/indexer';
import { csvLine } from './rejectedCsvWrite';

export interface CheckedFile {
  detection: Pick<CsvDetection, 'columnCount' | 'errorColumn' | 'hasHeader' | 'importType'>;
  header: readonly string[];
}

type ColumnKind = 'email' | 'date' | 'number' | null;

const NUMBER_WORDS = new Set(['quantity', 'qty', 'quantite', 'price', 'prix', 'amount', 'montant', 'total', 'cost', 'cout']);
const NUMBER_KEYS = new Set(['unitprice', 'priceunit', 'listprice', 'standardprice', 'prixunitaire', 'amounttotal', 'productuomqty', 'productqty']);

/** The words of a column name (`order_line/product_uom_qty`, `dateOrder`, `Prix unitaire`), normalised. */
function wordsOf(header: string): string[] {
  const last = header.split(/[/.]/).pop() ?? header;
  return last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .map(normalizeHeader)
    .filter((w) => w !== '');
}

/** What a column holds, from its name. */
export function columnKind(header: string): ColumnKind {
  const words = wordsOf(header);
  const key = words.join('');
  if (key === '') return null;
  if (key.includes('email') || key.includes('courriel') || key === 'mail') return 'email';
  if (words.includes('date')) return 'date';
  if (NUMBER_KEYS.has(key) || words.some((w) => NUMBER_WORDS.has(w))) return 'number';
  return null;
}

const EMAIL = /^[^@\s"<>(),;:]+@[^@\s"<>(),;:]+\.[^@\s"<>(),;:.]{2,}$/;

function validDate(value: string): boolean {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : fr ? [Number(fr[3]), Number(fr[2]), Number(fr[1])] : [NaN, NaN, NaN];
  if (!Number.isInteger(y)) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  if (iso && iso[4] !== undefined && (Number(iso[4]) > 23 || Number(iso[5]) > 59 || Number(iso[6] ?? 0) > 59)) return false;
  return true;
}

const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** Vigie's generic check of one cell (see the head of the file), or null. */
export function cellProblem(header: string, value: string): string | null {
  const cell = value.trim();
  if (cell === '') return null;
  switch (columnKind(header)) {
    case 'email':
      return EMAIL.test(cell) ? null : `${header}: '${shorten(cell)}' is not an e-mail address`;
    case 'date':
      return validDate(cell) ? null : `${header}: '${shorten(cell)}' is not a date (2026-03-02 or 02/03/2026)`;
    case 'number':
      return NUMBER.test(cell.replace(/[\s\u00a0\u202f]/g, '')) ? null : `${header}: '${shorten(cell)}' is not a number`;
    default:
      return null;
  }
}

const REQUIRED = /\b(required|requis|requise|obligatoire|mandatory|missing|manquante?|empty|vide|blank)\b/i;

/** The edits by row, then by column (the last edit of a cell wins). */
export function editsByRow(edits: readonly RejectedEdit[]): Map<number, Map<number, string>> {
  const rows = new Map<number, Map<number, string>>();
  for (const e of edits) {
    let row = rows.get(e.row);
    if (!row) rows.set(e.row, (row = new Map()));
    row.set(e.column, e.value);
  }
  return rows;
}

/** `cells` with `edits` applied (a short row padded with empty cells up to an edited column). */
export function applyEdits(cells: readonly string[], edits: ReadonlyMap<number, string> | undefined): string[] {
  const out = [...cells];
  if (!edits) return out;
  for (const [column, value] of edits) {
    while (out.length <= column) out.push('');
    out[column] = value;
  }
  return out;
}

/** The accounts import's checks of one row, by header index; null when it cannot read this header. */
function accountsProblems(file: CheckedFile, cells: readonly string[]): Map<number, string[]> | null {
  const keep = file.header.map((_, i) => i).filter((i) => i !== file.detection.errorColumn);
  let parsed;
  try {
    const text = csvLine(keep.map((i) => file.header[i]!), ',', '\n') + csvLine(keep.map((i) => cells[i] ?? ''), ',', '\n');
    parsed = parseAccountsCsv(text);
  } catch {
    return null;
  }
  const out = new Map<number, string[]>();
  for (const issue of parsed.rows[0]?.errors ?? []) {
    const at = issue.column === null ? -1 : parsed.mapping.indexOf(issue.column);
    const index = at >= 0 ? keep[at]! : -1;
    const list = out.get(index);
    if (list) list.push(issue.message);
    else out.set(index, [issue.message]);
  }
  return out;
}

/**
 * The errors of an edited row: `original` are its errors before the edits (every source),
 * `cells` its cells after them, `edited` the columns the admin changed.
 */
export function checkEditedRow(file: CheckedFile, row: number, cells: readonly string[], original: readonly RejectedCellError[], edited: ReadonlySet<number>): RejectedRow {
  const { columnCount, errorColumn, hasHeader, importType } = file.detection;
  const errors: RejectedCellError[] = [];
  for (const e of original) {
    if (e.source === 'file') continue; // found again below
    if (e.column !== null && edited.has(e.column)) continue;
    errors.push(e);
  }
  if (columnCount > 0 && cells.length !== columnCount) errors.push({ column: null, message: raggedMessage(cells.length, columnCount, hasHeader), source: 'file' });

  const flagged = new Set(errors.map((e) => e.column).filter((c): c is number => c !== null));
  const add = (column: number | null, message: string) => {
    if (column !== null && flagged.has(column) && !edited.has(column)) return;
    errors.push({ column, message, source: 'file' });
  };
  for (const column of edited) {
    const wasRequired = original.some((e) => e.column === column && e.source !== 'file' && REQUIRED.test(e.message));
    if (wasRequired && (cells[column] ?? '').trim() === '') add(column, `${file.header[column] ?? `column ${column + 1}`} is required`);
  }
  const fromAccounts = importType === 'accounts' ? accountsProblems(file, cells) : null;
  if (fromAccounts) {
    for (const [column, messages] of fromAccounts) for (const message of messages) add(column >= 0 ? column : null, message);
  } else if (hasHeader) {
    cells.forEach((value, column) => {
      if (column === errorColumn || column >= file.header.length) return;
      const problem = cellProblem(file.header[column]!, value);
      if (problem) add(column, problem);
    });
  }
  return { row, cells: [...cells], errors };
}

/** Does this row block a re-import (see the head of the file)? */
export function blocksReimport(errors: readonly RejectedCellError[]): boolean {
  return errors.some((e) => e.source === 'file');
}
