// Rejected import files for the Rejected imports screens, dropped into the bridge's data dir as
// the platform would (<dataDir>/rejected-imports; corrected files go to <dataDir>/imports): an
// orders file with an error column, a sidecar-only file, bad input, and a big generated one.
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { callChannel } from './ui-helpers';

export function rejectedDirOf(dataDir: string): string {
  return path.join(dataDir, 'rejected-imports');
}

export function importDirOf(dataDir: string): string {
  return path.join(dataDir, 'imports');
}

const cell = (c: string, delimiter: string) => (c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

export function csvText(rows: readonly (readonly string[])[], delimiter = ';', lineEnd = '\r\n', bom = true): string {
  return `${bom ? '\uFEFF' : ''}${rows.map((r) => r.map((c) => cell(c, delimiter)).join(delimiter)).join(lineEnd)}${lineEnd}`;
}

/** Writes a file the way a platform drops one: a temp name first, then renamed (never seen half-written). */
export function dropFile(dir: string, name: string, content: string | Buffer): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const temp = path.join(dir, `.${name}.part`);
  writeFileSync(temp, content);
  // rename is atomic: the watcher sees the whole file at once.
  renameSync(temp, file);
  return file;
}

/** Header and rows of the orders file: rows 2, 4 and 5 were refused, the error column says why. */
export const ORDERS_HEADER = ['order_ref', 'customer_email', 'date_order', 'product', 'quantity', 'price_unit', 'error'] as const;
export const ORDERS_ROWS: string[][] = [
  ['SO-1001', 'claire.martin@example.fr', '2026-03-02', 'Chaise pliante', '4', '19.90', ''],
  ['SO-1002', 'paul.girard@example', '2026-03-02', 'Table ronde', '1', '149.00', 'customer_email: invalid email "paul.girard@example"'],
  ['SO-1003', 'nina.weber@example.de', '2026-03-03', 'Lampe <b>LED</b>', '2', '34.50', ''],
  ['SO-1004', 'akira.tanaka@example.jp', '2026-03-03', '座布団', 'deux', '12.00', 'quantity: "deux" is not a number'],
  ['SO-1005', 'emma.clark@example.co.uk', '2026-03-04', 'Bookshelf; oak', 'x', '89.00', 'quantity: "x" is not a number'],
  ['SO-1006', 'lucas.petit@example.fr', '2026-03-04', 'Tabouret', '6', '24.00', ''],
];

export function ordersCsv(): string {
  return csvText([[...ORDERS_HEADER], ...ORDERS_ROWS]);
}

/** A big orders file: `rows` data rows, one in every `every` with an error in the error column. */
export async function writeBigFile(dir: string, name: string, rows: number, every = 1000): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const temp = path.join(dir, `.${name}.part`);
  const out = createWriteStream(temp);
  out.write('order_ref,customer_email,date_order,product,quantity,price_unit,error\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const bad = i % every === 0;
    chunk += `SO-${String(i).padStart(7, '0')},client${i}@example.com,2026-03-02,Article ${i % 97},${bad ? 'n/a' : (i % 9) + 1},${(i % 50) + 0.5},${bad ? `quantity: "n/a" is not a number` : ''}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(temp, file);
  return file;
}

/** Waits until rejected.list lists `name` (the watcher saw it), indexed when `indexed`. */
export async function waitForListed(page: Page, name: string, indexed = false, timeout = 15_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const result = await callChannel(page, 'rejected.list', {});
        if (!result.ok) return `error ${result.error.code}`;
        const file = (result.value as { files: { name: string; scan: unknown }[] }).files.find((f) => f.name === name);
        return file ? (indexed && !file.scan ? 'listed' : 'ready') : 'missing';
      },
      { timeout },
    )
    .toBe('ready');
}

/** The grid's rows drawn now (only those in sight exist). */
export function gridRows(page: Page) {
  return page.getByTestId('rejected-rows').getByTestId('rejected-row');
}

export function gridRow(page: Page, row: number) {
  return page.getByTestId('rejected-rows').locator(`tr[data-row="${row}"]`);
}

/** A cell of a row drawn now, by column index. */
export function gridCell(page: Page, row: number, column: number) {
  return gridRow(page, row).locator(`td[data-col="${column}"]`);
}
