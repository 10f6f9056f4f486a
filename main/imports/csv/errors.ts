// Where the errors of a rejected file's rows come from, besides the file's own problems
// (ragged rows, quotes; see indexer.ts):
// - an error column: the first header named `error`, `errors`, `erreur`, `erreurs`, `_error` or
//   `message` (in that order of preference; case and spaces ignored). Its cell holds the row's
//   messages, separated by ' | ' (how Vigie writes them, main/services/imports.ts) or line
//   breaks; a message is tied to the cell of the column it names (columnMatcher);
// - a sidecar file next to it: `<name>.errors.json` or `<name>.errors.csv`, where <name> is the
//   file's name with or without its extension (orders.csv -> orders.errors.json or
//   orders.csv.errors.json), see parseSidecarJson and parseSidecarCsv.
//
// Row numbers: 1-based DATA rows everywhere (row 1 is the first row after the header; without
// a header, the file's first record). Empty lines are not rows (Odoo skips them too). In a file
// with a header, data row N is the (N+1)-th non-empty record; for a file without multi-line
// cells or empty lines, that is line N+1 of the file.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { normalizeHeader } from '../../../shared/accounts';
import type { RejectedCellError, RejectedErrorGroup, RejectedErrorSource } from '../../../shared/rejected';

/** Names of an error column, by preference. */
export const ERROR_COLUMN_NAMES = ['error', 'errors', 'erreur', 'erreurs', '_error', 'message'] as const;

/** Where an error was found. `log`: a log entry naming the file (added by the service). */
export type CsvErrorSource = RejectedErrorSource;

/** An error of a cell (`column`: index in the header) or of the whole row (`column` null). */
export interface CsvRowError extends RejectedCellError {
  /** 1-based data row. */
  row: number;
}

/** Index of the error column in `header`, or null. */
export function findErrorColumn(header: readonly string[]): number | null {
  const names = header.map((h) => h.trim().toLowerCase());
  for (const wanted of ERROR_COLUMN_NAMES) {
    const index = names.indexOf(wanted);
    if (index >= 0) return index;
  }
  return null;
}

/** The messages of an error cell: split at ' | ' and line breaks. */
export function splitErrorCell(cell: string): string[] {
  return cell
    .split(/\s+\|\s+|\r?\n|\r/)
    .map((m) => m.trim())
    .filter((m) => m !== '');
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * For a header, a function naming the column a message is about, or null:
 * 1. a message starting with `<column>:` (`email: invalid`, `E-mail: …`),
 * 2. else the longest column name found in it as a whole word (`invalid email "x"`), names of
 *    one character left out; `first_name` is also looked for as `first name`.
 * Names are compared ignoring case (then, for the prefix, accents and punctuation too).
 */
export function columnMatcher(header: readonly string[], errorColumn: number | null): (message: string) => number | null {
  const exact = new Map<string, number>();
  const normal = new Map<string, number>();
  const words: { name: string; index: number }[] = [];
  header.forEach((raw, index) => {
    if (index === errorColumn) return;
    const name = raw.trim().toLowerCase();
    if (!name) return;
    if (!exact.has(name)) exact.set(name, index);
    const key = normalizeHeader(name);
    if (key && !normal.has(key)) normal.set(key, index);
    if (name.length >= 2) {
      words.push({ name, index });
      if (name.includes('_')) words.push({ name: name.replace(/_/g, ' '), index });
    }
  });
  words.sort((a, b) => b.name.length - a.name.length);
  return (message) => {
    const prefix = /^\s*([^:]{1,80}?)\s*:/.exec(message);
    if (prefix) {
      const name = prefix[1]!.trim().toLowerCase();
      const found = exact.get(name) ?? normal.get(normalizeHeader(name));
      if (found !== undefined) return found;
    }
    const lower = message.toLowerCase();
    for (const { name, index } of words) {
      for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
        const before = at > 0 ? lower[at - 1]! : ' ';
        const after = at + name.length < lower.length ? lower[at + name.length]! : ' ';
        if (!WORD.test(before) && !WORD.test(after)) return index;
      }
    }
    return null;
  };
}

/** The errors an error cell gives for its row. */
export function errorsOfCell(row: number, cell: string, matchColumn: (message: string) => number | null): CsvRowError[] {
  return splitErrorCell(cell).map((message) => ({ row, column: matchColumn(message), message, source: 'column' as const }));
}

/**
 * The shape of a message, to group the same error across rows: quoted values become '…' and
 * numbers '#' (`'x@' is not an e-mail address` and `'y@' is not…` are one group). A quote
 * only counts after a space, a bracket, ':' or '=' (l'adresse is not a quoted value).
 */
export function messageShape(message: string): string {
  return message
    .replace(/(^|[\s(:=])(['"«“])(?:(?!\2|»|”).)*?(['"»”])(?=$|[\s),.;:!?])/gu, '$1…')
    .replace(/\d+(?:[.,]\d+)*/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** Messages grouped by shape (see messageShape): RejectedErrorGroup of shared/rejected.ts. */
export type CsvErrorGroup = RejectedErrorGroup;

/** At most this many groups; further messages are counted in `otherMessages`. */
export const MAX_ERROR_GROUPS = 500;
/** Rows kept with each group (the first ones). */
export const GROUP_ROWS = 20;

/** Counts messages by source, column and shape, in order of first appearance. */
export class ErrorGroups {
  private readonly groups = new Map<string, CsvErrorGroup>();
  otherMessages = 0;

  add(row: number, message: string, source: CsvErrorSource, column: number | null, columnName?: string): void {
    const shape = messageShape(message);
    const key = `${source}\u0000${column ?? columnName ?? ''}\u0000${shape}`;
    const group = this.groups.get(key);
    if (group) {
      group.count++;
      if (group.rows.length < GROUP_ROWS && group.rows[group.rows.length - 1] !== row) group.rows.push(row);
    } else if (this.groups.size < MAX_ERROR_GROUPS) {
      this.groups.set(key, { message: shape, example: message, column, ...(columnName ? { columnName } : {}), source, count: 1, rows: [row] });
    } else this.otherMessages++;
  }

  /** Largest groups first. */
  list(): CsvErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.rows[0]! - b.rows[0]!);
  }
}

// ---- Sidecar files ----------------------------------------------------------------------

/** A sidecar larger than this is not read (its problem says so). */
export const MAX_SIDECAR_BYTES = 64 * 1024 * 1024;

export interface SidecarErrors {
  /** The sidecar's file name (next to the CSV). */
  name: string;
  /** What it held: errors by row, or Odoo's load() messages. */
  format: 'json' | 'odoo-json' | 'csv';
  /** Errors by 1-based data row, in the order of the file. */
  byRow: Map<number, CsvRowError[]>;
  count: number;
  /** What could not be read (entries without a row, a malformed file…), in English. */
  problems: string[];
}

/** The sidecar names to look for next to `csvFile`, by preference. */
export function sidecarNames(csvFile: string): string[] {
  const name = path.basename(csvFile);
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  const stems = stem !== name ? [stem, name] : [name];
  return stems.flatMap((s) => [`${s}.errors.json`, `${s}.errors.csv`]);
}

/** Is `name` the sidecar of another file among `names` (so a list does not show it as a rejected file)? */
export function isSidecarOf(name: string, names: ReadonlySet<string>): boolean {
  const match = /^(.+)\.errors\.(json|csv)$/i.exec(name);
  if (!match) return false;
  const stem = match[1]!;
  if (names.has(stem)) return true;
  for (const other of names) if (other !== name && other.startsWith(`${stem}.`) && sidecarNames(other).includes(name)) return true;
  return false;
}

/** Reads the first sidecar found next to `csvFile`, or null when there is none. */
export async function readSidecarErrors(csvFile: string, header: readonly string[], errorColumn: number | null): Promise<SidecarErrors | null> {
  const dir = path.dirname(csvFile);
  for (const name of sidecarNames(csvFile)) {
    const file = path.join(dir, name);
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      size = info.size;
    } catch {
      continue;
    }
    const result: SidecarErrors = { name, format: name.endsWith('.json') ? 'json' : 'csv', byRow: new Map(), count: 0, problems: [] };
    if (size > MAX_SIDECAR_BYTES) {
      result.problems.push(`${name} is larger than ${MAX_SIDECAR_BYTES / 1024 / 1024} MiB: not read`);
      return result;
    }
    let text: string;
    try {
      text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    } catch (error) {
      result.problems.push(`${name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return result;
    }
    const parsed = result.format === 'json' ? parseSidecarJson(text, header, errorColumn) : parseSidecarCsv(text, header, errorColumn);
    return { ...result, ...parsed, problems: parsed.problems.map((p) => `${name}: ${p}`) };
  }
  return null;
}

type Parsed = Pick<SidecarErrors, 'byRow' | 'count' | 'problems'> & { format?: SidecarErrors['format'] };

function collector(header: readonly string[], errorColumn: number | null) {
  const byRow = new Map<number, CsvRowError[]>();
  const problems: string[] = [];
  let count = 0;
  let skipped = 0;
  const match = columnMatcher(header, errorColumn);
  const exact = new Map(header.map((h, i) => [normalizeHeader(h), i] as const));
  /** A column given by name (or 1-based number); else the one the message names. */
  const columnOf = (named: unknown, message: string): Pick<CsvRowError, 'column' | 'columnName'> => {
    if (typeof named === 'number' && Number.isInteger(named) && named >= 1 && named <= header.length) return { column: named - 1 };
    if (typeof named === 'string' && named.trim() !== '') {
      const index = exact.get(normalizeHeader(named)) ?? exact.get(normalizeHeader(named.split(/[/.]/).pop() ?? ''));
      return index !== undefined ? { column: index } : { column: null, columnName: named.trim() };
    }
    return { column: match(message) };
  };
  return {
    add(row: unknown, named: unknown, message: unknown, also?: unknown) {
      const number = typeof row === 'string' && /^\s*\d+\s*$/.test(row) ? Number(row) : row;
      const text = typeof message === 'string' ? message.trim() : '';
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || text === '') {
        skipped++;
        return;
      }
      let column = columnOf(named, text);
      // Odoo also gives the field's label (field_name): the header may use it.
      if (column.column === null && typeof also === 'string') {
        const byLabel = columnOf(also, text);
        if (byLabel.column !== null) column = byLabel;
      }
      const error: CsvRowError = { row: number, ...column, message: text, source: 'sidecar' };
      const list = byRow.get(number);
      if (list) list.push(error);
      else byRow.set(number, [error]);
      count++;
    },
    problem(text: string) {
      problems.push(text);
    },
    done(): Parsed {
      if (skipped) problems.push(`${skipped} entr${skipped === 1 ? 'y' : 'ies'} without a row number or a message left out`);
      return { byRow, count, problems };
    },
  };
}

const pick = (entry: Record<string, unknown>, names: readonly string[]): unknown => {
  for (const name of names) if (entry[name] !== undefined && entry[name] !== null) return entry[name];
  return undefined;
};

const ROW_KEYS = ['row', 'row_number', 'rowNumber', 'line', 'ligne'];
const COLUMN_KEYS = ['column', 'field', 'colonne', 'champ'];
const MESSAGE_KEYS = ['message', 'error', 'erreur', 'msg'];

/**
 * A JSON sidecar: an array (or {errors: […]}) of {row | row_number | line | ligne, column |
 * field | colonne | champ, message | error | erreur}; or Odoo's load() answer ({messages: […]}
 * or the messages array), whose entries carry `rows: {from, to}`, 0-based indices of the data
 * rows Odoo was given: from+1…to+1 here (or `record`, 0-based too, when `rows` is missing).
 */
export function parseSidecarJson(text: string, header: readonly string[], errorColumn: number | null): Parsed {
  const out = collector(header, errorColumn);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    out.problem(`not valid JSON (${(error as Error).message})`);
    return out.done();
  }
  const entries = Array.isArray(data) ? data : data && typeof data === 'object' ? ((data as Record<string, unknown>).messages ?? (data as Record<string, unknown>).errors) : undefined;
  if (!Array.isArray(entries)) {
    out.problem('expected an array of errors, or an object with `messages` or `errors`');
    return out.done();
  }
  let odoo = false;
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') {
      out.add(undefined, undefined, undefined);
      continue;
    }
    const e = entry as Record<string, unknown>;
    const rows = e.rows as { from?: unknown; to?: unknown } | undefined;
    if ((rows && typeof rows === 'object') || (e.record !== undefined && pick(e, ROW_KEYS) === undefined)) {
      odoo = true;
      const from = rows && typeof rows.from === 'number' ? rows.from : typeof e.record === 'number' ? e.record : NaN;
      const to = rows && typeof rows.to === 'number' ? rows.to : from;
      if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) {
        out.add(undefined, undefined, undefined);
        continue;
      }
      // A span of rows (one record over several lines): the message on each, at most 1,000.
      for (let r = from; r <= Math.min(to, from + 999); r++) out.add(r + 1, e.field, e.message, e.field_name);
      continue;
    }
    out.add(pick(e, ROW_KEYS), pick(e, COLUMN_KEYS), pick(e, MESSAGE_KEYS));
  }
  return { ...out.done(), format: odoo ? 'odoo-json' : 'json' };
}

/**
 * A CSV sidecar: a header naming the row (row, row_number, line, ligne, rang), the column
 * (column, field, colonne, champ; optional) and the message (message, error, erreur, errors,
 * erreurs), in English or French, any delimiter of , ; tab |.
 */
export function parseSidecarCsv(text: string, header: readonly string[], errorColumn: number | null): Parsed {
  const out = collector(header, errorColumn);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [head, ...rows] = parsed.data;
  const keys = (head ?? []).map((h) => normalizeHeader(h));
  const find = (names: readonly string[]) => keys.findIndex((k) => names.includes(k));
  const rowAt = find(['row', 'rownumber', 'line', 'ligne', 'numerodeligne', 'rang']);
  const columnAt = find(['column', 'field', 'colonne', 'champ']);
  const messageAt = find(['message', 'error', 'erreur', 'errors', 'erreurs', 'msg']);
  if (rowAt < 0 || messageAt < 0) {
    out.problem('its header must name a row column (row, ligne) and a message column (message, erreur)');
    return out.done();
  }
  for (const row of rows) out.add(row[rowAt], columnAt >= 0 ? row[columnAt] : undefined, row[messageAt]);
  return out.done();
}
