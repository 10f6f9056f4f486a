// Reading a CSV of accounts: the text, its columns and each cell, before any database is
// looked at. Pure (no I/O, no database), so it runs in the import worker thread and in tests
// on plain text. The service (main/services/imports.ts) then checks what needs the database:
// sites, grants, scope, existing accounts.
import { decodeBytes } from './csv/detect';
import Papa from 'papaparse';
import { columnForHeader, LIST_SEPARATOR, normalizeHeader, type ImportableColumn, type UserType } from '../../shared/accounts';
import { emailSchema, IMPORT_MAX_BYTES, middleNameSchema, permissionSchema, personNameSchema, phoneSchema, postalAddressSchema, usernameSchema } from '../../shared/contract';
import { VigieError, type FieldError } from '../../shared/errors';
import { ALL_PERMISSIONS, type Permission } from '../../shared/permissions';
import type { AccountStatus, AdminLevel, ImportCellError } from '../../shared/types';
import type { z } from 'zod';

/** A problem found in a row: with a machine-readable `code` next to the English message. */
export interface ImportIssue extends ImportCellError {
  code: string;
}

/** The values a row gives, for the columns the file maps (a key is absent when not given). */
export interface ImportValues {
  username?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  email?: string;
  phoneWork?: string;
  phoneMobile?: string;
  phoneLandline?: string;
  phoneFax?: string;
  postalAddress?: string;
  userType?: UserType;
  adminLevel?: AdminLevel;
  status?: AccountStatus;
  permissions?: Permission[];
  /** Site names as written, split on ';' only: a name may hold a comma (the service resolves them). */
  sites?: string[];
}

export interface ImportRow {
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  /**
   * The cells as read, one per header (missing trailing cells are empty), as a JSON array:
   * only the preview's first rows and the rejected ones need them (`cellsOf`), and one string a
   * row crosses from the worker thread about four times faster than its cells one by one.
   */
  cellsJson: string;
  values: ImportValues;
  /** Problems of its cells (empty: the row may go on to the database checks). */
  errors: ImportIssue[];
}

/** The cells of a row as read. */
export function cellsOf(row: Pick<ImportRow, 'cellsJson'>): string[] {
  return JSON.parse(row.cellsJson) as string[];
}

/** Why a header feeds no column. */
export type IgnoredReason = 'password' | 'not-importable' | 'unknown' | 'duplicate' | 'error-column' | 'unmapped';

export interface ParsedImport {
  headers: string[];
  mapping: (ImportableColumn | null)[];
  ignored: { index: number; header: string; reason: IgnoredReason }[];
  /** The delimiter found (',', ';' or tab): the rejected rows are written with it. */
  delimiter: string;
  /** Data rows, empty ones left out. */
  rows: ImportRow[];
}

/** Header names of a column an import never takes (passwords are never imported). */
const PASSWORD_HEADERS = new Set(['password', 'passwd', 'pwd', 'motdepasse', 'mdp', 'passwordhash', 'hash']);
/** The column the rejected-rows file adds; a rejected file imported again ignores it. */
export const ERROR_COLUMN = 'error';
/** Headers of columns the console keeps to itself (two-factor, parent, dates): skipped silently. */
const CONSOLE_COLUMNS = new Set(['twofactor', '2fa', 'doubleauthentification', 'parent', 'createdby', 'creepar', 'lastsignin', 'lastsigninat', 'lastlogin', 'derniereconnexion', 'createdat', 'created', 'creele', 'datedecreation', 'id']);

/** User types, administrator levels and statuses as a file may write them (key, English, French). */
const USER_TYPE_WORDS: ReadonlyMap<string, UserType> = word({
  business: ['business', 'entreprise', 'metier', 'affaires', 'professionnel'],
  employee: ['employee', 'employe', 'employes', 'salarie', 'staff'],
  readonly: ['readonly', 'lectureseule', 'lecture', 'consultation', 'reader'],
});
const ADMIN_LEVEL_WORDS: ReadonlyMap<string, AdminLevel> = word({
  none: ['none', 'aucun', 'aucune', 'no', 'non', 'nonadministrateur', 'notadministrator'],
  limited: ['limited', 'limite', 'limitee', 'restricted', 'restreint', 'partial', 'partiel'],
  full: ['full', 'complet', 'complete', 'total', 'totale', 'all', 'tous'],
});
const STATUS_WORDS: ReadonlyMap<string, AccountStatus> = word({
  active: ['active', 'actif', 'enabled'],
  locked: ['locked', 'verrouille', 'verrouillee', 'bloque', 'bloquee', 'blocked'],
  inactive: ['inactive', 'inactif', 'deactivated', 'desactive', 'desactivee', 'disabled'],
});
const PERMISSION_KEYS: ReadonlySet<string> = new Set(ALL_PERMISSIONS);
const PERMISSION_WORDS: ReadonlyMap<string, Permission> = new Map(ALL_PERMISSIONS.map((p) => [normalizeHeader(p), p]));

function word<K extends string>(table: Record<K, string[]>): ReadonlyMap<string, K> {
  const out = new Map<string, K>();
  for (const [key, words] of Object.entries(table) as [K, string[]][]) for (const w of words) out.set(w, key);
  return out;
}

/** English names of the columns, for messages (the UI shows its own labels next to `column`). */
const COLUMN_LABELS: Record<ImportableColumn, string> = {
  username: 'username',
  firstName: 'first name',
  middleName: 'middle name',
  lastName: 'last name',
  email: 'e-mail',
  phoneWork: 'work phone',
  phoneMobile: 'mobile phone',
  phoneLandline: 'landline',
  phoneFax: 'fax',
  postalAddress: 'postal address',
  userType: 'user type',
  adminLevel: 'administrator level',
  status: 'status',
  permissions: 'permissions',
  sites: 'sites',
};

function invalid(path: string, code: string, message: string, more: FieldError[] = []): VigieError {
  return new VigieError('INVALID_INPUT', message, [{ path, code, message }, ...more]);
}

/**
 * Text of a CSV file from its bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
 * "Unicode text"), else Windows-1252 (older Excel in French or English). Too large a file is
 * refused before it is decoded.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.byteLength > IMPORT_MAX_BYTES) throw tooLarge(bytes.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not TextDecoder('windows-1252'): Node 20's decodes Latin-1 (€ ’ œ become control characters).
    return decodeBytes(bytes, 'windows-1252');
  }
}

function tooLarge(bytes: number): VigieError {
  return invalid('content', 'too-large', `the file is too large (${Math.ceil(bytes / 1024)} KiB; at most ${IMPORT_MAX_BYTES / 1024 / 1024} MiB)`);
}

/** A spreadsheet's neutralised cell ('=…, '+33…) read back as it was written (see neutralizeFormula). */
function unneutralize(cell: string): string {
  return cell.length > 1 && cell.charCodeAt(0) === 39 /* ' */ && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** The text of a file that is not CSV: NUL bytes, or more than a few undecodable characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++;
  }
  return odd > Math.max(8, sample.length / 100);
}

/**
 * The delimiter of the file: the one of ';', ',' and tab found most often, outside quotes, on
 * its first non-empty line (the header, which defines the columns). Papaparse's own guess
 * looks at every row and is thrown off by empty lines and by lists written in cells.
 */
function delimiterOf(text: string): string {
  const counts: Record<string, number> = { '\t': 0, ';': 0, ',': 0 };
  let quoted = false;
  let seen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') {
      if (seen) break;
    } else if (!quoted && c in counts) counts[c]!++;
    if (c.trim() !== '') seen = true;
  }
  let best = ',';
  for (const d of ['\t', ';', ',']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

/** The column each header feeds: the explicit mapping, else the header's name (fr/en). */
function mapHeaders(headers: readonly string[], explicit: readonly (ImportableColumn | null)[] | undefined): Pick<ParsedImport, 'mapping' | 'ignored'> {
  const mapping: (ImportableColumn | null)[] = [];
  const ignored: ParsedImport['ignored'] = [];
  if (explicit) {
    if (explicit.length !== headers.length) throw invalid('mapping', 'length', `the mapping names ${explicit.length} columns but the file has ${headers.length}`);
    const seen = new Map<ImportableColumn, number>();
    explicit.forEach((column, index) => {
      if (column === null) {
        mapping.push(null);
        ignored.push({ index, header: headers[index]!, reason: 'unmapped' });
        return;
      }
      const first = seen.get(column);
      if (first !== undefined) throw invalid(`mapping.${index}`, 'duplicate', `columns ${first + 1} and ${index + 1} both feed ${COLUMN_LABELS[column]}`);
      if (PASSWORD_HEADERS.has(normalizeHeader(headers[index]!))) throw invalid(`mapping.${index}`, 'password', 'passwords are never imported: leave that column out');
      seen.set(column, index);
      mapping.push(column);
    });
  } else {
    const seen = new Set<ImportableColumn>();
    headers.forEach((header, index) => {
      const key = normalizeHeader(header);
      const column = PASSWORD_HEADERS.has(key) ? undefined : columnForHeader(header);
      if (column && !seen.has(column)) {
        seen.add(column);
        mapping.push(column);
        return;
      }
      mapping.push(null);
      const reason: IgnoredReason = PASSWORD_HEADERS.has(key)
        ? 'password'
        : column
          ? 'duplicate'
          : key === ERROR_COLUMN
            ? 'error-column'
            : CONSOLE_COLUMNS.has(key)
              ? 'not-importable'
              : 'unknown';
      ignored.push({ index, header, reason });
    });
    if (!mapping.some((c) => c !== null)) {
      throw invalid('content', 'no-header', 'no column of the first line is recognised: it must name the columns (username, first name, last name, e-mail…, in French or English)');
    }
  }
  if (!mapping.includes('username')) throw invalid('mapping', 'username-required', 'no column gives the username: map one column to it');
  return { mapping, ignored };
}

const SCHEMAS: Partial<Record<ImportableColumn, z.ZodType<string>>> = {
  username: usernameSchema,
  firstName: personNameSchema,
  middleName: middleNameSchema,
  lastName: personNameSchema,
  email: emailSchema,
  phoneWork: phoneSchema,
  phoneMobile: phoneSchema,
  phoneLandline: phoneSchema,
  phoneFax: phoneSchema,
  postalAddress: postalAddressSchema,
};

/** The first problem zod finds with a text cell, in words an administrator reads. */
function textProblem(column: ImportableColumn, schema: z.ZodType<string>, value: string): { code: string; message: string } | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const label = COLUMN_LABELS[column];
  if (issue.code === 'too_small') return value === '' ? { code: 'required', message: `${label} is required` } : { code: 'too-short', message: `${label} is too short (at least ${String(issue.minimum)} characters)` };
  if (issue.code === 'too_big') return { code: 'too-long', message: `${label} is too long (at most ${String(issue.maximum)} characters)` };
  if (column === 'email') return { code: 'invalid-email', message: `'${shorten(value)}' is not an e-mail address` };
  return { code: 'invalid-format', message: `${label}: ${issue.message}` };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Items of a list cell: separated by ';' (what exports write) or, for permissions, ','. */
function listItems(cell: string, alsoComma: boolean): string[] {
  return cell
    .split(alsoComma ? /[;,]/ : LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** What one cell gives: a value (undefined: not given), or what is wrong with it. */
type CellOutcome = { value: ImportValues[ImportableColumn] } | { code: string; message: string };

const NOT_GIVEN: CellOutcome = { value: undefined };

/** Reads one mapped cell (trimmed). */
function readCell(column: ImportableColumn, cell: string): CellOutcome {
  switch (column) {
    case 'userType':
    case 'adminLevel':
    case 'status': {
      // Empty: not given (the account keeps its value; a new one gets the default).
      if (cell === '') return NOT_GIVEN;
      const table: ReadonlyMap<string, string> = column === 'userType' ? USER_TYPE_WORDS : column === 'adminLevel' ? ADMIN_LEVEL_WORDS : STATUS_WORDS;
      const found = table.get(cell) ?? table.get(normalizeHeader(cell));
      if (found !== undefined) return { value: found as UserType | AdminLevel | AccountStatus };
      const known = column === 'userType' ? 'business, employee, readonly' : column === 'adminLevel' ? 'none, limited, full' : 'active, locked, inactive';
      const code = column === 'userType' ? 'unknown-user-type' : column === 'adminLevel' ? 'unknown-admin-level' : 'unknown-status';
      return { code, message: `unknown ${COLUMN_LABELS[column]} '${shorten(cell)}' (${known})` };
    }
    case 'permissions': {
      const permissions = new Set<Permission>();
      const unknown: string[] = [];
      for (const item of listItems(cell, true)) {
        const permission = PERMISSION_KEYS.has(item) ? (item as Permission) : PERMISSION_WORDS.get(normalizeHeader(item));
        if (permission && permissionSchema.safeParse(permission).success) permissions.add(permission);
        else unknown.push(item);
      }
      if (unknown.length) return { code: 'unknown-permission', message: `unknown permission${unknown.length > 1 ? 's' : ''}: ${unknown.map(shorten).join(', ')}` };
      return { value: ALL_PERMISSIONS.filter((p) => permissions.has(p)) };
    }
    case 'sites': {
      const names = [...new Map(listItems(cell, false).map((n) => [n.toLowerCase(), n] as const)).values()];
      const long = names.find((n) => n.length > 100);
      return long ? { code: 'too-long', message: `site name too long: '${shorten(long)}'` } : { value: names };
    }
    default: {
      const found = textProblem(column, SCHEMAS[column]!, cell);
      return found ?? { value: cell };
    }
  }
}

/** Columns whose few distinct cells repeat on every row: each is read once per file. */
const REPEATING: ReadonlySet<ImportableColumn> = new Set(['userType', 'adminLevel', 'status', 'permissions', 'sites']);

/**
 * Reads the text of a CSV of accounts: finds the delimiter (, ; or tab), maps the header to
 * columns, and reads every cell of every non-empty row, with its errors (line and column).
 * Usernames repeated in the file are errors on the later rows. A text that is not a CSV with
 * a header throws INVALID_INPUT.
 */
export function parseAccountsCsv(content: string, explicitMapping?: readonly (ImportableColumn | null)[]): ParsedImport {
  // The contract bounds characters; bytes are what the limit means.
  if (content.length * 3 > IMPORT_MAX_BYTES && Buffer.byteLength(content, 'utf8') > IMPORT_MAX_BYTES) throw tooLarge(Buffer.byteLength(content, 'utf8'));
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (looksBinary(text)) throw invalid('content', 'not-text', 'this file is not a CSV text file (it holds binary data)');
  // One kind of line break, so that a line number is a count of '\n' (quoted ones included).
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw invalid('content', 'empty', 'the file is empty');

  const delimiter = delimiterOf(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false, newline: '\n' });
  const records = parsed.data;
  // Errors papaparse cannot recover from, by record index (a quote left open…).
  const quoteErrors = new Map<number, string>();
  for (const error of parsed.errors) if (error.type === 'Quotes' && error.row !== undefined) quoteErrors.set(error.row, error.message);

  // The header is the first non-empty record.
  let line = 1;
  let index = 0;
  const linesOf = (record: string[]) => {
    let n = 1;
    for (const cell of record) if (cell.includes('\n')) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
    return n;
  };
  const blank = (record: string[]) => record.every((cell) => cell.trim() === '');
  while (index < records.length && blank(records[index]!)) line += linesOf(records[index++]!);
  if (index >= records.length) throw invalid('content', 'empty', 'the file is empty');
  const headerRecord = records[index]!;
  if (quoteErrors.has(index)) throw invalid('content', 'not-csv', `the first line is not a CSV header (${quoteErrors.get(index)})`);
  const headers = headerRecord.map((h) => h.trim());
  // A trailing delimiter on the header line gives an empty last header: not a column.
  while (headers.length > 1 && headers[headers.length - 1] === '') headers.pop();
  const { mapping, ignored } = mapHeaders(headers, explicitMapping);
  line += linesOf(headerRecord);
  index++;

  const rows: ImportRow[] = [];
  const usernames = new Map<string, number>();
  const memo = new Map<string, CellOutcome>();
  for (; index < records.length; index++) {
    const record = records[index]!;
    const rowLine = line;
    line += linesOf(record);
    if (blank(record)) continue;
    const cells = headers.map((_, i) => unneutralize(record[i] ?? ''));
    const errors: ImportIssue[] = [];
    const values: ImportValues = {};
    const quote = quoteErrors.get(index);
    if (quote) errors.push({ line: rowLine, column: null, code: 'bad-quotes', message: `the row is not valid CSV (${quote.toLowerCase()})` });
    const extra = record.slice(headers.length).filter((cell) => cell.trim() !== '');
    if (extra.length) errors.push({ line: rowLine, column: null, code: 'too-many-values', message: `the row has ${headers.length + extra.length} values but the header names ${headers.length} columns` });
    for (let i = 0; i < mapping.length; i++) {
      const column = mapping[i];
      if (!column) continue;
      const cell = cells[i]!.trim();
      let outcome: CellOutcome | undefined;
      if (REPEATING.has(column)) {
        const key = `${column}\u0000${cell}`;
        outcome = memo.get(key);
        if (!outcome) memo.set(key, (outcome = readCell(column, cell)));
      } else outcome = readCell(column, cell);
      if ('code' in outcome) errors.push({ line: rowLine, column, code: outcome.code, message: outcome.message });
      else if (outcome.value !== undefined) {
        // Lists are shared by the rows of the memo: each row gets its own copy.
        (values as Record<string, unknown>)[column] = Array.isArray(outcome.value) ? [...outcome.value] : outcome.value;
      }
    }
    if (values.username !== undefined) {
      const key = values.username.toLowerCase();
      const first = usernames.get(key);
      if (first === undefined) usernames.set(key, rowLine);
      else errors.push({ line: rowLine, column: 'username', code: 'duplicate-username', message: `username '${shorten(values.username)}' already appears on line ${first}` });
    }
    rows.push({ line: rowLine, cellsJson: JSON.stringify(cells), values, errors });
  }
  return { headers, mapping, ignored, delimiter, rows };
}
