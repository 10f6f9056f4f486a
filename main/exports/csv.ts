// CSV for Excel and for re-import: UTF-8 with a byte order mark (Excel otherwise reads it as
// the ANSI code page), CRLF line ends and RFC 4180 quoting. Every cell goes through
// neutralizeFormula (CWE-1236): a cell starting with = + - @, tab or CR gets a leading
// apostrophe, so a spreadsheet shows it as text instead of running it.
import { neutralizeFormula } from '../../shared/accounts';
import { batchesOf, openOutput, type RowBatches, type WriterOptions } from './output';

const BOM = '\uFEFF';

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string): string {
  const cell = neutralizeFormula(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvField(cells[i] ?? '');
  }
  return `${line}\r\n`;
}

export async function writeCsv(file: string, headers: readonly string[], rows: RowBatches, options: WriterOptions = {}): Promise<{ rows: number; bytes: number }> {
  const out = await openOutput(file);
  let written = 0;
  try {
    await out.write(BOM + csvLine(headers));
    for await (const batch of batchesOf(rows)) {
      let text = '';
      for (const row of batch) text += csvLine(row);
      await out.write(text);
      written += batch.length;
      options.onRows?.(written);
    }
    await out.close();
  } catch (error) {
    await out.abort();
    throw error;
  }
  return { rows: written, bytes: out.stream.bytesWritten };
}
