// The Rejected imports area (issue 6): CSV files the platform refused, dropped into a watched
// folder; their rows and errors, read through an index built in a worker; download, delete,
// fix and re-import.

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'shift_jis';
export type CsvDelimiter = ',' | ';' | '\t' | '|';
export type ImportType = 'accounts' | 'contacts' | 'orders' | 'products';
/** Where an error was found: the file's error column, a sidecar `<name>.errors.json|csv`, the file itself (bad quote, ragged row), a log entry naming the file. */
export type RejectedErrorSource = 'column' | 'sidecar' | 'file' | 'log';

export interface Problem {
  code: string;
  message: string;
}

/** What indexing a file found (kept while its size and modification time stay the same). */
export interface RejectedFileScan {
  rows: number;
  /** Rows with at least one error, whatever the source. */
  errorRows: number;
  delimiter: CsvDelimiter;
  encoding: CsvEncoding;
  hasHeader: boolean;
  importType: ImportType | null;
}

export interface RejectedFileSummary {
  /** The file's name inside the rejected-imports folder. */
  name: string;
  size: number;
  modifiedAt: string;
  /** Null until the file was indexed (in the background; a 'rejected.changed' event says when). */
  scan: RejectedFileScan | null;
  /** Why the file cannot be read (binary, unreadable…). */
  problem?: Problem;
}

export interface RejectedFolderView {
  rejectedFolder: string;
  /** Where corrected files are written. */
  importFolder: string;
  polling: boolean;
  /** The rejected folder is missing or unreadable. */
  problem?: Problem;
  importFolderProblem?: Problem;
  files: RejectedFileSummary[];
}

export interface RejectedCellError {
  /** Index of the cell (header column) the error is about, or null: the whole row. */
  column: number | null;
  /** The column as the source named it, when the header has no such column. */
  columnName?: string;
  message: string;
  source: RejectedErrorSource;
}

export interface RejectedRow {
  /** 1-based data row (the header is not a data row). */
  row: number;
  cells: string[];
  errors: RejectedCellError[];
}

export type RejectedIndexState = 'indexing' | 'done' | 'failed' | 'cancelled';

/** An open file: what is known at once, then the index built in a worker. */
export interface RejectedView {
  viewId: string;
  name: string;
  size: number;
  modifiedAt: string;
  encoding: CsvEncoding;
  /** The file starts with a byte order mark. */
  bom: boolean;
  delimiter: CsvDelimiter;
  lineEnd: 'lf' | 'crlf' | 'cr';
  hasHeader: boolean;
  header: string[];
  /** Index of the error column in the header, or null. */
  errorColumn: number | null;
  importType: ImportType | null;
  /** The first rows, shown at once while the rest is indexed. */
  firstRows: RejectedRow[];
  status: RejectedViewStatus;
}

export interface RejectedViewStatus {
  viewId: string;
  state: RejectedIndexState;
  bytesDone: number;
  bytesTotal: number;
  /** Rows indexed so far (all of them once done). */
  rows: number;
  errorRows: number;
  /** Problems of the file at a row (unclosed quote…), the first ones. */
  problems: { row: number; code: string; message: string }[];
  /** Indexing stopped early (a record too long, binary data): why. */
  stopped?: string;
  problem?: Problem;
}

export interface RejectedRowsPage {
  /** Rows from `from` (index among all rows, or among the rows in error). */
  rows: RejectedRow[];
  /** Rows (or rows in error) known so far. */
  total: number;
  state: RejectedIndexState;
}

export interface RejectedErrorGroup {
  /** The message with its values replaced by … (rows with the same mistake group together). */
  message: string;
  /** An example of the message as written. */
  example: string;
  column: number | null;
  columnName?: string;
  source: RejectedErrorSource;
  count: number;
  /** The first rows with it. */
  rows: number[];
}

export interface RejectedEdit {
  row: number;
  column: number;
  value: string;
}

export interface RejectedValidation {
  /** The edited rows, with the errors they still have after the edits. */
  rows: RejectedRow[];
  /** Rows of the file still in error once the edits are applied. */
  errorRows: number;
}

export interface RejectedReimportResult {
  /** The corrected file written in the import folder. */
  importPath: string;
  /** Where the rejected file was moved (`archive/` in the rejected folder). */
  archivedPath: string;
  rows: number;
  encoding: CsvEncoding;
}

export interface RejectedDownloadResult {
  /** Null when the admin cancelled the save dialog. */
  path: string | null;
  bytes: number;
}
