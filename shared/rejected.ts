// The rejected-imports area as the Logs area links to it (issue 5): the files of the folder and
// the rows of one of them. Issue 6 grows this into the full viewer.

export interface RejectedFileSummary {
  /** The file's name inside the rejected-imports folder. */
  name: string;
  size: number;
  modifiedAt: string;
}

export interface RejectedFileRows {
  name: string;
  size: number;
  modifiedAt: string;
  delimiter: string;
  encoding: 'utf-8' | 'latin1';
  /** The header row (empty for a file without one). */
  header: string[];
  /** Data rows, 1-based `row` (the header is not a data row). */
  rows: { row: number; cells: string[] }[];
  /** The row asked for, when the file has it. */
  focus: number | null;
  /** Data rows seen (the file was read up to the rows shown, not always to its end). */
  rowsRead: number;
  /** The read stopped before the end of the file. */
  partial: boolean;
}
