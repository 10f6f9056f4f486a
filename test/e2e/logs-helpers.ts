// A log folder for the Logs screens: the demo's sample platform logs (two days of an Odoo
// server log with a traceback and a failed import, nginx errors, an older rotated .gz) and the
// rejected import file that the failed import names, written into the bridge's data dir as a
// platform would; and lines appended the way Odoo appends them.
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { writeDemoLogs } from '../../main/services/demoLogs';

export interface PreparedLogs {
  logsDir: string;
  rejectedDir: string;
  odooLog: string;
  nginxLog: string;
  /** The rejected file the failed import names (its row 3 is the bad one). */
  rejectedName: string;
}

/** Writes the sample logs into `<dataDir>/logs` (the default folder) and the rejected file into `<dataDir>/rejected-imports`. */
export function prepareLogs(dataDir: string, end = new Date()): PreparedLogs {
  const logsDir = path.join(dataDir, 'logs');
  const rejectedDir = path.join(dataDir, 'rejected-imports');
  writeDemoLogs(dataDir, rejectedDir, end);
  const rejectedName = readdirSync(rejectedDir).find((name) => name.endsWith('.csv'))!;
  return { logsDir, rejectedDir, odooLog: path.join(logsDir, 'odoo.log'), nginxLog: path.join(logsDir, 'nginx-error.log'), rejectedName };
}

/** `2026-11-20 08:15:02,311`: Odoo writes UTC, as the sample log does. */
function odooTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

/** Appends one Odoo line (now) to the log, as the server would. */
export function appendOdooLine(file: string, level: string, logger: string, message: string, at = new Date()): void {
  appendFileSync(file, `${odooTime(at)} 4127 ${level} vigie_prod ${logger}: ${message}\n`);
}

/** The rows the list draws now (only those in sight exist). */
export function logRows(page: Page) {
  return page.getByTestId('logs-list').getByTestId('log-row');
}

/** The row whose message contains `text` (the list must show it: filter first). */
export function rowWith(page: Page, text: string | RegExp) {
  return logRows(page).filter({ hasText: text });
}
