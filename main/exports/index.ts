// The export writers: one per format, each streaming rows (in batches, sync or async) into a
// file. They know nothing of accounts: headers and cells are plain text; the export worker
// (main/workers/export.ts) feeds them the rows the accounts list shows.
import type { ExportFormat } from '../../shared/accounts';
import type { RowBatches, WriterOptions } from './output';
import type { PdfOptions } from './pdf';

export type { RowBatches, WriterOptions } from './output';
export type { PdfFont, PdfOptions } from './pdf';

export interface WrittenFile {
  rows: number;
  bytes: number;
}

/**
 * Writes `rows` under `headers` into `file` in `format`. Each writer is loaded when first used:
 * a CSV export does not wait for exceljs, docx and pdfkit to load in its worker.
 */
export async function writeExport(format: ExportFormat, file: string, headers: readonly string[], rows: RowBatches, options: PdfOptions = {}): Promise<WrittenFile> {
  const write = await WRITERS[format]();
  const done = await write(file, headers, rows, options);
  return { rows: done.rows, bytes: done.bytes };
}

type Writer = (file: string, headers: readonly string[], rows: RowBatches, options: WriterOptions & PdfOptions) => Promise<WrittenFile>;

const WRITERS: Record<ExportFormat, () => Promise<Writer>> = {
  csv: async () => (await import('./csv')).writeCsv,
  xlsx: async () => (await import('./xlsx')).writeXlsx,
  docx: async () => (await import('./docx')).writeDocx,
  pdf: async () => (await import('./pdf')).writePdf,
};
