// XLSX with exceljs's streaming writer: rows are committed to the zip as they come, so 100,000
// rows never sit in memory as cell objects. Every cell is a text cell (a phone number keeps
// its leading zero, a date stays as written) and is neutralised like CSV (CWE-1236: a file
// opened in another spreadsheet, or re-saved as CSV, must not turn a cell into a formula).
// The header row is bold, frozen and carries an autofilter; columns are sized from the
// header and the first batch of rows.
import ExcelJS from 'exceljs';
import { neutralizeFormula } from '../../shared/accounts';
import { batchesOf, columnLengths, openOutput, whileBacklogged, xmlSafe, yieldToLoop, type RowBatches, type WriterOptions } from './output';

const PLAIN: Partial<ExcelJS.Style> = {};
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(title: string | undefined): string {
  const name = (title ?? '').replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31);
  return name || 'Vigie';
}

export function xlsxCell(value: string): string {
  return xmlSafe(neutralizeFormula(value));
}

export async function writeXlsx(file: string, headers: readonly string[], rows: RowBatches, options: WriterOptions = {}): Promise<{ rows: number; bytes: number }> {
  const out = await openOutput(file);
  let written = 0;
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out.stream, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Vigie';
    workbook.title = options.title ?? '';
    const sheet = workbook.addWorksheet(sheetName(options.title), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };

    const batches = batchesOf(rows)[Symbol.asyncIterator]();
    // The first batch sizes the columns (they must be set before the first row is written).
    const first = await batches.next();
    const sample = first.done ? [] : first.value;
    const lengths = columnLengths(headers, sample);
    sheet.columns = headers.map((header, i) => ({ key: `c${i}`, width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, lengths[i]! + 2)) }));

    const header = sheet.addRow(headers.map(xlsxCell));
    header.font = { bold: true };
    header.commit();

    const writeBatch = async (batch: readonly (readonly string[])[]) => {
      for (const row of batch) {
        const values: string[] = new Array(headers.length);
        for (let i = 0; i < headers.length; i++) values[i] = xlsxCell(row[i] ?? '');
        const added = sheet.addRow(values);
        // One shared (empty) style object: exceljs then finds its style id in its cache instead
        // of working it out again for every cell (a third of the writing time otherwise).
        for (let i = 1; i <= headers.length; i++) added.getCell(i).style = PLAIN;
        added.commit();
      }
      written += batch.length;
      options.onRows?.(written);
      out.check();
      // The zip stream ignores back-pressure: let it reach the file before the next batch.
      await yieldToLoop();
      await whileBacklogged(out.stream);
    };
    if (!first.done) await writeBatch(first.value);
    for (let next = await batches.next(); !next.done; next = await batches.next()) await writeBatch(next.value);

    sheet.commit();
    await workbook.commit();
    await out.close();
  } catch (error) {
    await out.abort();
    throw error;
  }
  return { rows: written, bytes: out.stream.bytesWritten };
}
