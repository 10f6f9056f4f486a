// Worker thread of the CSV import: reads the text and every cell (parseAccountsCsv) off the
// main process's event loop, and answers the rows with their values and cell errors. The main
// thread then does what needs the database (sites, grants, existing accounts) and the write.
import type { ImportableColumn } from '../../shared/accounts';
import { parseAccountsCsv, type ParsedImport } from '../imports/accountsCsv';
import { serveTask } from './protocol';

export interface ImportWorkerInput {
  content: string;
  mapping?: (ImportableColumn | null)[];
}

export type ImportWorkerOutput = ParsedImport;

serveTask<ImportWorkerInput, ImportWorkerOutput>((input) => parseAccountsCsv(input.content, input.mapping));
