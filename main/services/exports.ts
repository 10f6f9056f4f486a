// Exports of the accounts list: what the list shows (its filter, sort and columns, within the
// admin's scope of sites) written to a file the admin picks, in a worker thread so that the
// window stays responsive, with progress as 'task.progress' events.
//
// Audit. Exporting personal data is recorded: 'accounts.export' once the file is in place,
// with the format, the number of rows, the columns, the filter and the file. A cancelled save
// dialog writes no file; the call still records 'accounts.exportCancelled' (nothing was
// written, the trail says so) — the router wants every call of a writing channel audited, and
// an admin starting exports of personal data and backing out is worth knowing. A failed export
// (folder not writable…) leaves no file and no record; the admin sees FILE_ERROR. If the record
// of a written file cannot be stored, the file is removed and the call fails: no export
// without its audit record.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../shared/accounts';
import type { ChannelParsedInput } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import type { ExportResult } from '../../shared/types';
import type { AccountListQuery } from '../db/accountQuery';
import type { HandlerContext } from '../ipc/context';
import type { ExportWorkerInput, ExportWorkerOutput } from '../workers/export';
import { runWorker } from '../workers/run';
import { scopeOf } from './accounts';

type ExportInput = ChannelParsedInput<'accounts.export'>;

// Not imported from ../exports: that would load exceljs, docx and pdfkit into the main process,
// which only the worker needs.
const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', xlsx: 'xlsx', docx: 'docx', pdf: 'pdf' };

/** `vigie-accounts-2026-05-01.xlsx`: the date of the export, in UTC like every date of the console. */
export function suggestedExportName(format: ExportFormat, now: Date): string {
  return `vigie-accounts-${now.toISOString().slice(0, 10)}.${EXPORT_EXTENSIONS[format]}`;
}

/** The chosen path with the format's extension (added when the name has another or none). */
export function withExtension(file: string, format: ExportFormat): string {
  const extension = `.${EXPORT_EXTENSIONS[format]}`;
  return path.extname(file).toLowerCase() === extension ? file : `${file}${extension}`;
}

/**
 * The first two lines of a DOCX or PDF. In English, like the CLI: the main process does not
 * know the window's language (the column titles, which the window sends, are translated).
 */
export function exportCaption(now: Date): { title: string; subtitle: string } {
  return { title: 'Vigie — accounts', subtitle: `Generated ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC · {count} accounts` };
}

export async function exportAccounts(ctx: HandlerContext, input: ExportInput): Promise<ExportResult> {
  const actor = ctx.account;
  if (!actor) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  const now = ctx.clock.now();
  const query: AccountListQuery = { filter: input.filter, sort: input.sort, scope: scopeOf(ctx.db, actor), now: now.toISOString() };
  const extension = EXPORT_EXTENSIONS[input.format];
  const summary = { format: input.format, columns: input.columns, filter: input.filter, sort: input.sort };

  const chosen = await ctx.chooseSavePath({ suggestedName: suggestedExportName(input.format, now), extensions: [extension] });
  if (chosen === null) {
    ctx.write((audit) => audit.record({ action: 'accounts.exportCancelled', targetType: 'accounts', targetId: null, target: 'no file written', summary }));
    return { path: null, format: input.format, rows: 0, bytes: 0 };
  }
  const file = withExtension(path.resolve(chosen), input.format);
  // CSV keeps the column keys, so that the file imports back as it is.
  const headers = input.format === 'csv' || !input.headers ? [...input.columns] : input.headers.map((h, i) => h.trim() || input.columns[i]!);

  const caption = exportCaption(now);
  const workerInput: ExportWorkerInput = { format: input.format, file, columns: input.columns, headers, query, title: input.title || caption.title, subtitle: input.subtitle || caption.subtitle };
  const taskId = input.taskId;
  const written = await runWorker<ExportWorkerInput, ExportWorkerOutput>(ctx.workers, 'export', workerInput, {
    onProgress: (done, total) => {
      if (taskId) ctx.progress(taskId, done, total);
    },
  });

  try {
    ctx.write((audit) =>
      audit.record({
        action: 'accounts.export',
        targetType: 'accounts',
        targetId: null,
        target: `${written.rows} account${written.rows === 1 ? '' : 's'}`,
        summary: { ...summary, rows: written.rows, file },
      }),
    );
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
  return { path: file, format: input.format, rows: written.rows, bytes: written.bytes };
}
