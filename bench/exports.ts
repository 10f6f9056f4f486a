// Exports of the accounts list: 100,000 generated accounts written to XLSX (the target:
// at most 10 s, without blocking the UI), CSV, DOCX and PDF, the whole way the console does it
// (exportAccounts: a worker thread reading its own connection, the writer, the rename, the
// audit record). Yardsticks: the bare library on the same rows already in memory (exceljs's
// streaming WorkbookWriter, papaparse.unparse). "Without blocking the UI" is measured as the
// main thread's longest event-loop delay during the export, against the same writer run on the
// main thread itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { operatorContext } from '../main/cli/operator';
import { accountCell, iterateAccountRows, type AccountListQuery } from '../main/db/accountQuery';
import { openDatabase } from '../main/db/connection';
import { writeXlsx } from '../main/exports/xlsx';
import { exportAccounts } from '../main/services/exports';
import { ACCOUNT_COLUMNS, accountFilterSchema, DEFAULT_LIST_COLUMNS, type AccountColumn, type ExportFormat } from '../shared/accounts';
import { fillAccounts } from './accountsData';
import type { BenchContext } from './context';
import type { Figure } from './measure';

export const EXPORTED_ACCOUNTS = 100_000;

interface LoopLoad {
  /** Longest and 99th-percentile delay of the main thread's event loop, in ms. */
  maxMs: number;
  p99Ms: number;
  /** Share of the time the main thread was busy (event-loop utilisation, 0 to 1). */
  busy: number;
}

/** How much `work` holds up the main thread's event loop (what a window's UI runs on). */
async function loopLoadDuring<T>(work: () => Promise<T>): Promise<{ value: T } & LoopLoad> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const before = performance.eventLoopUtilization();
  histogram.enable();
  try {
    const value = await work();
    const busy = performance.eventLoopUtilization(before).utilization;
    return { value, maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, busy };
  } finally {
    histogram.disable();
  }
}

export async function exportsBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dataDir = ctx.tempDir('exports-');
  const outDir = path.join(dataDir, 'out');
  mkdirSync(outDir);
  const db = openDatabase(dataDir);
  try {
    const building = performance.now();
    fillAccounts(db, EXPORTED_ACCOUNTS);
    ctx.log(`  built ${EXPORTED_ACCOUNTS.toLocaleString('en')} accounts in ${Math.round(performance.now() - building)} ms`);
    // Everything, deactivated accounts included: the largest export the list can ask for.
    const filter = accountFilterSchema.parse({ includeInactive: true });
    const sort = { column: 'username', direction: 'asc' } as const;
    const perSecond = (ms: number) => Math.round((EXPORTED_ACCOUNTS * 1000) / ms).toLocaleString('en');
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

    /** One export the way the console makes it (worker thread, rename, audit record). */
    const run = async (format: ExportFormat, columns: readonly AccountColumn[], name: string) => {
      let events = 0;
      const operator = operatorContext(db, 'cli:bench', dataDir, { savePath: path.join(outDir, name), onProgress: () => events++ });
      const started = performance.now();
      const measured = await loopLoadDuring(() => exportAccounts(operator, { format, filter, sort, columns: [...columns], taskId: 'bench' }));
      const ms = performance.now() - started;
      if (measured.value.rows !== EXPORTED_ACCOUNTS) throw new Error(`${format}: ${measured.value.rows} rows exported`);
      return { ms, bytes: measured.value.bytes, events, load: measured as LoopLoad };
    };

    // The worker-thread exports first, while the main thread holds no big arrays of rows (its
    // garbage collector would otherwise show up in the event-loop figures).
    const listColumns = DEFAULT_LIST_COLUMNS;
    const xlsx = await run('xlsx', listColumns, 'accounts.xlsx');
    const xlsxAll = await run('xlsx', ACCOUNT_COLUMNS, 'all-columns.xlsx');
    const csv = await run('csv', ACCOUNT_COLUMNS, 'accounts.csv');
    const docx = await run('docx', listColumns, 'accounts.docx');
    const pdf = await run('pdf', listColumns, 'accounts.pdf');

    // The same rows in memory, for the bare libraries and the main-thread comparison.
    const rowsOf = (columns: readonly AccountColumn[]) => {
      const query: AccountListQuery = { filter, sort, scope: { allSites: true, siteIds: [] }, now: new Date().toISOString() };
      const batches: string[][][] = [];
      for (const batch of iterateAccountRows(db, query)) batches.push(batch.map((row) => columns.map((c) => accountCell(row, c))));
      return batches;
    };
    const bareExcel = async (columns: readonly AccountColumn[], batches: readonly string[][][], file: string) => {
      const started = performance.now();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet('accounts');
      sheet.addRow([...columns]).commit();
      for (const batch of batches) for (const row of batch) sheet.addRow(row).commit();
      sheet.commit();
      await workbook.commit();
      return performance.now() - started;
    };

    let listRows: string[][][] | null = rowsOf(listColumns);
    const bareXlsx = await bareExcel(listColumns, listRows, path.join(outDir, 'bare.xlsx'));
    figures.push({
      benchmark: 'exports',
      figure: `XLSX, ${EXPORTED_ACCOUNTS.toLocaleString('en')} rows × ${listColumns.length} columns (target <= 10000 ms)`,
      value: xlsx.ms,
      unit: 'ms',
      yardstick: { name: 'bare exceljs WorkbookWriter, rows in memory', value: bareXlsx, unit: 'ms' },
      ratio: xlsx.ms / bareXlsx,
      note: `${perSecond(xlsx.ms)} rows/s (bare: ${perSecond(bareXlsx)}); ${mib(xlsx.bytes)}; ${xlsx.events} progress events; includes the worker's start, reading 100,000 rows from SQLite, the rename and the audit record`,
    });

    // "Without blocking the UI": the main thread during the export, against the same writer
    // on the main thread (fed the same 1,000-row batches, yielding between them).
    const onMain = await loopLoadDuring(() => writeXlsx(path.join(outDir, 'main-thread.xlsx'), [...listColumns], listRows!));
    listRows = null;
    figures.push({
      benchmark: 'exports',
      figure: '  main thread busy during the XLSX export',
      value: xlsx.load.busy * 100,
      unit: '%',
      yardstick: { name: 'same writer on the main thread', value: onMain.busy * 100, unit: '%' },
      ratio: xlsx.load.busy / onMain.busy,
      note: `event-loop utilisation; longest event-loop delay ${xlsx.load.maxMs.toFixed(0)} ms (p99 ${xlsx.load.p99Ms.toFixed(0)} ms) vs ${onMain.maxMs.toFixed(0)} ms (p99 ${onMain.p99Ms.toFixed(0)} ms) on the main thread`,
    });

    let allRows: string[][][] | null = rowsOf(ACCOUNT_COLUMNS);
    const bareAll = await bareExcel(ACCOUNT_COLUMNS, allRows, path.join(outDir, 'bare-all.xlsx'));
    figures.push({
      benchmark: 'exports',
      figure: `XLSX, every column (${ACCOUNT_COLUMNS.length})`,
      value: xlsxAll.ms,
      unit: 'ms',
      yardstick: { name: 'bare exceljs WorkbookWriter, rows in memory', value: bareAll, unit: 'ms' },
      ratio: xlsxAll.ms / bareAll,
      note: `${perSecond(xlsxAll.ms)} rows/s; ${mib(xlsxAll.bytes)}; main thread busy ${(xlsxAll.load.busy * 100).toFixed(1)} %`,
    });

    const papaStarted = performance.now();
    writeFileSync(path.join(outDir, 'bare.csv'), `\uFEFF${Papa.unparse([[...ACCOUNT_COLUMNS], ...allRows.flat()], { newline: '\r\n' })}`);
    const bareCsv = performance.now() - papaStarted;
    allRows = null;
    figures.push({
      benchmark: 'exports',
      figure: 'CSV, every column',
      value: csv.ms,
      unit: 'ms',
      yardstick: { name: 'bare papaparse.unparse + write, rows in memory', value: bareCsv, unit: 'ms' },
      ratio: csv.ms / bareCsv,
      note: `${perSecond(csv.ms)} rows/s; ${mib(csv.bytes)}; main thread busy ${(csv.load.busy * 100).toFixed(1)} %`,
    });
    figures.push({
      benchmark: 'exports',
      figure: `DOCX, ${listColumns.length} columns`,
      value: docx.ms,
      unit: 'ms',
      yardstick: { name: 'XLSX of the same rows', value: xlsx.ms, unit: 'ms' },
      ratio: docx.ms / xlsx.ms,
      note: `${mib(docx.bytes)}; the table streamed into the archive; main thread busy ${(docx.load.busy * 100).toFixed(1)} %`,
    });
    figures.push({
      benchmark: 'exports',
      figure: `PDF, ${listColumns.length} columns`,
      value: pdf.ms,
      unit: 'ms',
      yardstick: { name: 'XLSX of the same rows', value: xlsx.ms, unit: 'ms' },
      ratio: pdf.ms / xlsx.ms,
      note: `${mib(pdf.bytes)}; pages streamed to the file; main thread busy ${(pdf.load.busy * 100).toFixed(1)} %`,
    });
    return figures;
  } finally {
    db.close();
  }
}
