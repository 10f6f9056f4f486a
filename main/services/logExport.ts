// Writing the entries the viewer shows to a file: CSV (as the accounts export: UTF-8 with a
// byte order mark for Excel, CRLF, RFC 4180 quoting, formula-like cells neutralised) or JSON
// lines (one object per entry, values as they are). Written to a temporary name beside the
// target, then renamed: a half-written export never carries the chosen name.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LogEntryView } from '../../shared/logs';
import { csvLine } from '../exports/csv';
import { openOutput } from '../exports/output';

export type LogExportFormat = 'csv' | 'jsonl';

export const LOG_EXPORT_COLUMNS = ['timestamp', 'level', 'file', 'line', 'offset', 'logger', 'pid', 'message'] as const;

/** `vigie-logs-2026-11-21.csv`: the date of the export, in UTC like every date of the console. */
export function suggestedLogExportName(format: LogExportFormat, now: Date): string {
  return `vigie-logs-${now.toISOString().slice(0, 10)}.${format}`;
}

/** The chosen path with the format's extension (added when the name has another or none). */
export function withLogExtension(file: string, format: LogExportFormat): string {
  return path.extname(file).toLowerCase() === `.${format}` ? file : `${file}.${format}`;
}

/** What the file column says: the file's folder and name (`/var/log/odoo/odoo.log`). */
export type FileLabel = (key: string) => string;

function csvRow(e: LogEntryView, fileOf: FileLabel): string[] {
  return [e.timestamp ?? '', e.level ?? '', fileOf(e.file), e.line === null ? '' : String(e.line), String(e.offset), e.logger ?? '', e.pid === null ? '' : String(e.pid), e.message];
}

function jsonLine(e: LogEntryView, fileOf: FileLabel): string {
  return `${JSON.stringify({ timestamp: e.timestamp, level: e.level, logger: e.logger, pid: e.pid, message: e.message, file: fileOf(e.file), line: e.line, offset: e.offset })}\n`;
}

const BATCH = 2000;

/** Writes `entries` to `target` (through a temporary file); returns the bytes written. */
export async function writeLogExport(target: string, format: LogExportFormat, entries: readonly LogEntryView[], fileOf: FileLabel): Promise<number> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  const out = await openOutput(temp);
  try {
    if (format === 'csv') await out.write(`\uFEFF${csvLine(LOG_EXPORT_COLUMNS)}`);
    for (let i = 0; i < entries.length; i += BATCH) {
      let text = '';
      for (const e of entries.slice(i, i + BATCH)) text += format === 'csv' ? csvLine(csvRow(e, fileOf)) : jsonLine(e, fileOf);
      await out.write(text);
    }
    await out.close();
    await rename(temp, target);
  } catch (error) {
    await out.abort();
    await rm(temp, { force: true });
    throw error;
  }
  return (await stat(target)).size;
}
