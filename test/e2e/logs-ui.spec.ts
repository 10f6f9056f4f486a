// The Logs area in Chromium through the bridge, on a prepared log folder (the demo's sample
// Odoo and nginx logs, an older .gz, and the rejected import file the failed import names):
// filters, regex search with highlights, an entry's detail with its surrounding lines, a line
// appended by the test followed live, pause/resume, follow and "jump to newest", whole-file
// search with progress, CSV export read back, the jump from an import error to its rejected
// file at row 3, the dashboard's error count, settings and bad input. Screens in fr, en and ja.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { shotOfWindow } from './accounts-helpers';
import { expect, shot, test } from './fixtures';
import { appendOdooLine, logRows, prepareLogs, rowWith, type PreparedLogs } from './logs-helpers';
import { callChannel, collectPageErrors, completeSetup, openIn, signIn, signOut, type Language } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  // No uncaught error and no CSP violation on any screen the test went through.
  expect(pageErrors).toEqual([]);
});

test.use({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris' });

const TITLE: Record<Language, string> = { fr: 'Journaux', en: 'Logs', ja: 'ログ' };

/** Waits until the log monitor lists the prepared files (chokidar saw them). */
async function waitForFiles(page: Page, count: number): Promise<void> {
  await expect
    .poll(async () => {
      const result = await callChannel(page, 'logs.overview', {});
      return result.ok ? (result.value as { files: unknown[] }).files.length : -1;
    }, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
}

/** First run in `language`, the sample logs in place, then the Logs page. */
async function openLogs(page: Page, vigie: { url: string; dataDir: string }, language: Language = 'fr'): Promise<PreparedLogs> {
  await openIn(page, vigie.url, language);
  await completeSetup(page);
  const prepared = prepareLogs(vigie.dataDir);
  await waitForFiles(page, 3);
  await page.getByTestId('nav-logs').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE[language]);
  await expect(logRows(page).first()).toBeVisible();
  return prepared;
}

async function shownCount(page: Page): Promise<{ shown: number; total: number }> {
  const count = page.getByTestId('logs-count');
  return { shown: Number(await count.getAttribute('data-shown')), total: Number(await count.getAttribute('data-total')) };
}

/** The levels of the rows drawn now. */
async function levelsShown(page: Page): Promise<string[]> {
  return logRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level') ?? ''));
}

test('the viewer: levels, regex search with highlights, an entry with its surrounding lines, and the rejected file of an import error', async ({ page, vigie }) => {
  const prepared = await openLogs(page, vigie);
  const all = await shownCount(page);
  // Two days of Odoo requests and a few nginx errors (the .gz is searched, never read here).
  expect(all.total).toBeGreaterThan(100);
  expect(all.shown).toBe(all.total);
  await expect(page.getByTestId('logs-sources')).toContainText(prepared.logsDir);

  // ERROR only: every row drawn is an ERROR; the count says how many of how many.
  await page.getByTestId('logs-levels').getByText('ERROR', { exact: true }).click();
  await expect.poll(() => shownCount(page).then((c) => c.shown)).toBeLessThan(all.total);
  const errors = await shownCount(page);
  expect(errors.shown).toBeGreaterThanOrEqual(4);
  expect(new Set(await levelsShown(page))).toEqual(new Set(['ERROR']));
  await expect(page.getByTestId('logs-count')).toHaveText(new RegExp(`^${errors.shown} entrées affichées sur ${errors.total}`));

  // A regular expression: the rows keep only the matches, highlighted.
  await page.getByTestId('logs-search-regex').click();
  await page.getByTestId('logs-search').fill('row \\d+:');
  await expect(logRows(page)).toHaveCount(1);
  await expect(logRows(page).first().locator('mark.log-match')).toHaveText('row 3:');
  // An invalid one says why and filters on the rest, without breaking the list.
  await page.getByTestId('logs-search').fill('row (\\d+');
  await expect(page.getByTestId('logs-search-error')).toContainText('Expression régulière invalide');
  await expect(logRows(page)).toHaveCount(errors.shown);
  await page.getByTestId('logs-search').fill('');
  await expect(page.getByTestId('logs-search-error')).toHaveCount(0);

  // The traceback: one entry of nine lines; its detail shows the fields, the whole message and the file around it.
  const crash = rowWith(page, 'Exception during request handling');
  await expect(crash.locator('.log-more')).toHaveText('+8 lignes');
  await crash.click();
  const detail = page.getByTestId('log-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('log-detail-message')).toContainText('Traceback (most recent call last):');
  await expect(detail.getByTestId('log-detail-message')).toContainText('No warehouse is defined for company Vigie Tokyo');
  await expect(detail.getByTestId('log-detail-file')).toContainText(/odoo\.log:\d+/);
  const context = detail.getByTestId('log-context');
  await expect(context.locator('li[data-target]')).toHaveCount(9);
  await expect(context.locator('li[data-target]').first()).toContainText('Exception during request handling');
  expect(await context.locator('li:not([data-target])').count()).toBeGreaterThan(10);
  // Arrow keys move to the next entry; the panel follows. Escape closes it.
  // Copy: the entry as text, on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await detail.getByTestId('log-detail-copy').click();
  await expect(detail.getByTestId('log-detail-copy')).toHaveText('Copié');
  // This runs in the page; Node's type library has no DOM, hence the cast.
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d) ERROR 4123 odoo\.http: Exception during request handling\.\nTraceback/);
  expect(copied).toContain(`${prepared.odooLog}:`);
  const firstId = await detail.getAttribute('data-id');
  await page.getByTestId('logs-list').focus();
  await page.keyboard.press('ArrowDown');
  await expect(detail).not.toHaveAttribute('data-id', firstId!);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // The failed import names the rejected file and its row: marked, and a link to it.
  await page.getByTestId('logs-import-errors').check({ force: true });
  const importRow = logRows(page).filter({ has: page.getByTestId('log-open-rejected') });
  await expect(importRow).toHaveCount(1);
  await expect(importRow).toContainText(`Import of ${prepared.rejectedName} failed: row 3`);
  await importRow.getByTestId('log-open-rejected').click();
  await expect(page).toHaveURL(new RegExp(`#/rejected\\?file=${prepared.rejectedName.replace(/\./g, '\\.')}&row=3$`));
  const focused = page.getByTestId('rejected-rows').locator('tr.rejected-row-focus');
  await expect(focused).toHaveAttribute('data-row', '3');
  await expect(focused).toContainText('jean.dupont@');
  await expect(focused).toBeInViewport();
  await expect(page.getByTestId('rejected-file-facts')).toContainText('point-virgule');
  await expect(page.getByTestId('rejected-file-facts')).toContainText('UTF-8');
  // The list of rejected files.
  await page.getByTestId('rejected-back').click();
  await expect(page.getByTestId('rejected-file')).toHaveText([new RegExp(prepared.rejectedName.replace(/\./g, '\\.'))]);
});

test('files and period filters, together with the others, and the address that carries them', async ({ page, vigie }) => {
  await openLogs(page, vigie);
  const all = await shownCount(page);
  // One file.
  await page.getByTestId('logs-files').click();
  await page.getByTestId('logs-files-panel').locator('[data-file="0/nginx-error.log"]').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('logs-files')).toHaveText(/nginx-error\.log/);
  await expect(page.getByTestId('logs-count')).toHaveAttribute('data-shown', '5');
  const files = await logRows(page).locator('.log-cell-file').allTextContents();
  expect(new Set(files)).toEqual(new Set(['nginx-error.log']));

  // The last six hours (typed in the admin's zone, Paris): fewer entries, none older.
  await page.getByTestId('logs-files').click();
  await page.getByTestId('logs-files-panel').getByRole('button', { name: 'Tous les fichiers' }).click();
  await page.keyboard.press('Escape');
  const since = new Date(Date.now() - 6 * 3_600_000);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(since).replace(' ', 'T');
  await page.getByTestId('logs-from').fill(local);
  await expect.poll(() => shownCount(page).then((c) => c.shown)).toBeLessThan(all.total);
  const shown = (await shownCount(page)).shown;
  expect(shown).toBeGreaterThan(0);
  // The oldest shown is within the period.
  await page.getByTestId('logs-list').focus();
  await page.keyboard.press('Home');
  const oldest = await logRows(page).first().locator('time').getAttribute('datetime');
  expect(Date.parse(oldest!)).toBeGreaterThanOrEqual(Math.floor(since.getTime() / 1000) * 1000);

  // The same view from its address (a bookmark, the dashboard): #/logs?levels=WARNING&q=SMTP.
  await page.goto(`${vigie.url}#/logs?levels=WARNING&q=SMTP`);
  await expect(page.getByTestId('logs-level-WARNING')).toBeChecked();
  await expect(page.getByTestId('logs-search')).toHaveValue('SMTP');
  await expect(logRows(page).first()).toContainText('Mail delivery failed via SMTP');
  expect(new Set(await levelsShown(page))).toEqual(new Set(['WARNING']));
});

test('live tail: an appended line appears at the bottom, pause holds new lines back, scrolling up stops following', async ({ page, vigie }) => {
  const prepared = await openLogs(page, vigie);
  const list = page.getByTestId('logs-list');
  await expect(list).toHaveAttribute('data-follow', 'true');
  await expect(page.getByTestId('logs-live-state')).toHaveAttribute('data-state', 'live');

  const before = (await shownCount(page)).total;
  const first = `Payment provider callback timed out (tail test ${Date.now()})`;
  appendOdooLine(prepared.odooLog, 'ERROR', 'odoo.addons.payment.controllers', first);
  await expect(rowWith(page, first)).toBeVisible({ timeout: 5_000 });
  // Followed: the new line is the last one, in sight.
  await expect(rowWith(page, first)).toBeInViewport();
  expect((await shownCount(page)).total).toBe(before + 1);

  // A traceback written in two steps stays one entry: the second write makes it grow.
  const crash = `Unhandled exception in cron (tail test ${Date.now()})`;
  appendOdooLine(prepared.odooLog, 'ERROR', 'odoo.service.server', crash);
  await expect(rowWith(page, crash)).toBeVisible({ timeout: 5_000 });
  appendFileSync(prepared.odooLog, 'Traceback (most recent call last):\n  File "/opt/odoo/odoo/service/server.py", line 512, in run\nMemoryError\n');
  await expect(rowWith(page, crash).locator('.log-more')).toHaveText('+3 lignes', { timeout: 5_000 });
  await expect(rowWith(page, crash)).toHaveCount(1);

  // Paused: what is written waits; resumed: it comes.
  await page.getByTestId('logs-pause').click();
  await expect(page.getByTestId('logs-live-state')).toHaveAttribute('data-state', 'paused');
  const held = `Written while paused (tail test ${Date.now()})`;
  appendOdooLine(prepared.odooLog, 'INFO', 'odoo.addons.base.models.ir_cron', held);
  await expect(page.getByTestId('logs-live-state')).toContainText('nouvelles lignes en attente', { timeout: 5_000 });
  await expect(rowWith(page, held)).toHaveCount(0);
  await page.getByTestId('logs-pause').click();
  await expect(rowWith(page, held)).toBeVisible({ timeout: 5_000 });

  // Scrolling up stops following: a new line does not pull the list down; "Jump to newest" does.
  await list.hover();
  await page.mouse.wheel(0, -1500);
  await expect(list).toHaveAttribute('data-follow', 'false');
  await expect(page.getByTestId('logs-jump-newest')).toBeVisible();
  const later = `Written while reading older lines (tail test ${Date.now()})`;
  appendOdooLine(prepared.odooLog, 'WARNING', 'odoo.http', later);
  await expect.poll(() => shownCount(page).then((c) => c.total), { timeout: 5_000 }).toBe(before + 4);
  await expect(rowWith(page, later)).not.toBeInViewport();
  await page.getByTestId('logs-jump-newest').click();
  await expect(list).toHaveAttribute('data-follow', 'true');
  await expect(rowWith(page, later)).toBeInViewport();
  await expect(page.getByTestId('logs-jump-newest')).toHaveCount(0);
});

test('export of the filtered entries as CSV, read back', async ({ page, vigie }) => {
  await openLogs(page, vigie);
  await page.getByTestId('logs-levels').getByText('ERROR', { exact: true }).click();
  await page.getByTestId('logs-levels').getByText('CRITICAL', { exact: true }).click();
  const { shown } = await shownCount(page);
  await page.getByTestId('logs-export').click();
  await page.getByTestId('logs-export-csv').click();
  const status = page.getByTestId('logs-export-status');
  await expect(status).toHaveAttribute('data-state', 'saved');
  const file = (await page.getByTestId('logs-export-path').textContent()) ?? '';
  // The bridge's "save dialog" is its downloads folder.
  expect(path.dirname(file)).toBe(path.join(vigie.dataDir, 'downloads'));
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual(['timestamp', 'level', 'file', 'line', 'offset', 'logger', 'pid', 'message']);
  expect(parsed.data).toHaveLength(shown);
  expect(new Set(parsed.data.map((r) => r.level))).toEqual(new Set(['ERROR', 'CRITICAL']));
  expect(parsed.data.some((r) => (r.message ?? '').includes('Traceback (most recent call last):'))).toBe(true);
  await expect(status).toContainText(`${shown} entrées exportées`);
  await page.getByTestId('logs-export-close').click();
  await expect(status).toHaveCount(0);
  // The export is in the audit trail.
  const audit = await callChannel(page, 'audit.list', { action: 'logs.export' });
  expect(audit.ok && (audit.value as { total: number }).total).toBe(1);
});

test('search whole files: progress, hits from the .gz too, and the lines around a hit', async ({ page, vigie }) => {
  await openLogs(page, vigie);
  await page.getByTestId('logs-tab-search').click();
  const search = page.getByTestId('logs-full-search');
  // An invalid regular expression is refused before anything starts.
  await search.getByTestId('logs-fullsearch-pattern-regex').click();
  await search.getByTestId('logs-fullsearch-pattern').fill('warehouse (');
  await expect(search.getByTestId('logs-fullsearch-pattern-error')).toBeVisible();
  await expect(search.getByTestId('logs-fullsearch-start')).toBeDisabled();
  await search.getByTestId('logs-fullsearch-pattern').fill('No warehouse is (defined|set)');
  await search.getByTestId('logs-fullsearch-start').click();
  const status = search.getByTestId('logs-fullsearch-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  const progress = search.getByTestId('logs-fullsearch-progress');
  expect(await progress.evaluate((p) => {
    const bar = p as unknown as { value: number; max: number };
    return bar.value === bar.max && bar.max > 0;
  })).toBe(true);
  const hits = search.getByTestId('logs-hit');
  // The current log and last week's compressed one hold the same traceback.
  await expect(hits).toHaveCount(4);
  await expect(hits.filter({ hasText: 'odoo.log.2.gz:' })).toHaveCount(2);
  await expect(search.getByTestId('logs-fullsearch-found')).toHaveText('4 résultats');
  await expect(hits.first().locator('mark.log-match')).toHaveText('No warehouse is defined');
  // A hit in the current log opens the lines around it.
  await hits.filter({ hasText: /^odoo\.log:/ }).last().click();
  const around = page.getByTestId('logs-hit-detail');
  await expect(around.getByTestId('logs-hit-context').locator('li[data-target]')).toContainText('odoo.exceptions.UserError');
  await around.getByTestId('logs-hit-close').click();
  await expect(around).toHaveCount(0);
  // The tab keeps its results when the admin goes back and forth.
  await page.getByTestId('logs-tab-entries').click();
  await page.getByTestId('logs-tab-search').click();
  await expect(search.getByTestId('logs-hit')).toHaveCount(4);
});

test('the dashboard counts log errors of the last 24 h and opens the viewer filtered to them', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  prepareLogs(vigie.dataDir);
  await waitForFiles(page, 3);
  await page.getByRole('button', { name: 'Actualiser' }).click();
  const card = page.getByTestId('count-log-errors');
  // In the last 24 h: the nginx timeout, the two database conflicts, the failed import, the cron worker (CRITICAL), the SSL handshake (crit), the connection refused…
  await expect.poll(async () => Number(((await card.locator('dd').textContent()) ?? '').replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
  await card.locator('a').click();
  await expect(page).toHaveURL(/#\/logs\?levels=ERROR,CRITICAL,FATAL$/);
  for (const level of ['ERROR', 'CRITICAL', 'FATAL']) await expect(page.getByTestId(`logs-level-${level}`)).toBeChecked();
  await expect(page.getByTestId('logs-level-INFO')).not.toBeChecked();
  await expect(logRows(page).first()).toBeVisible();
  expect(new Set(await levelsShown(page))).toEqual(new Set(['ERROR', 'CRITICAL']));
});

test('settings: folders with their state, a missing folder said plainly, file format and zone, mistakes caught', async ({ page, vigie }) => {
  const prepared = await openLogs(page, vigie);
  await page.getByTestId('logs-settings-button').click();
  const panel = page.getByTestId('logs-settings');
  await expect(panel.getByTestId('logs-settings-folders')).toHaveValue(prepared.logsDir);
  await expect(panel.getByTestId('logs-folder-states').locator('li')).toHaveText([new RegExp(`${prepared.logsDir}\\s*lisible`)]);
  // Each file: its detected format, and the admin's choice.
  const nginx = panel.getByTestId('logs-file-setting').filter({ hasText: 'nginx-error.log' });
  await expect(nginx.getByTestId('logs-file-format').locator('option:checked')).toHaveText('Automatique (Journal d’erreurs nginx)');

  // Mistakes are caught before saving.
  await panel.getByTestId('logs-settings-folders').fill(`${prepared.logsDir}\nlogs/relative`);
  await panel.getByTestId('logs-settings-zone').fill('Mars/Olympus');
  await panel.getByTestId('logs-settings-save').click();
  await expect(panel.getByTestId('logs-settings-error-folders')).toContainText('« logs/relative » n’est pas un chemin absolu');
  await expect(panel.getByTestId('logs-settings-error-defaultTimeZone')).toContainText('« Mars/Olympus » n’est pas un fuseau horaire connu');

  // A folder that does not exist is accepted and said plainly, here and above the list.
  const missing = path.join(vigie.dataDir, 'no-such-folder');
  await panel.getByTestId('logs-settings-folders').fill(`${prepared.logsDir}\n${missing}`);
  await panel.getByTestId('logs-settings-zone').fill('UTC');
  await panel.getByTestId('logs-settings-save').click();
  await expect(panel.getByTestId('logs-settings-saved')).toBeVisible();
  await expect(panel.getByTestId('logs-folder-states').locator('li[data-ok="false"]')).toContainText('ce dossier n’existe pas');
  await shotOfWindow(page, 'logs-settings-missing-folder-fr');

  // A file's zone: a wrong one is refused, a real one saved (and the entries read again).
  await nginx.getByTestId('logs-file-zone').fill('Europe/Atlantis');
  await nginx.getByTestId('logs-file-save').click();
  await expect(nginx.locator('.field-error')).toContainText('Europe/Atlantis');
  await nginx.getByTestId('logs-file-zone').fill('Europe/Paris');
  await nginx.getByTestId('logs-file-format').selectOption('nginxError');
  await nginx.getByTestId('logs-file-save').click();
  await expect(nginx.getByText('Enregistré : les entrées sont relues.')).toBeVisible();
  await panel.getByTestId('logs-settings-close').click();
  await expect(page.getByTestId('logs-folder-problem')).toContainText(missing);
  await expect(page.getByTestId('logs-folder-problem')).toContainText('ce dossier n’existe pas');
  const audit = await callChannel(page, 'audit.list', {});
  const actions = audit.ok ? (audit.value as { rows: { action: string }[] }).rows.map((i) => i.action) : [];
  expect(actions).toEqual(expect.arrayContaining(['logs.settings.update', 'logs.fileSettings.update']));
});

test('bad input: no folder yet, then an empty file, a binary one, a line over 1 MiB, a truncated and a deleted file — each said, nothing breaks', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const logsDir = path.join(vigie.dataDir, 'logs');
  rmSync(logsDir, { recursive: true, force: true });
  await page.getByTestId('nav-logs').click();
  // The default folder does not exist yet: what to do is said.
  await expect(page.getByTestId('logs-empty-no-files')).toContainText(`Aucun fichier journal dans ${logsDir}`);
  await expect(page.getByTestId('logs-empty-no-files')).toContainText('*.log');
  await expect(page.getByTestId('logs-folder-problem')).toContainText('ce dossier n’existe pas');
  await shot(page, 'logs-empty-fr');

  // The folder appears with an empty log: picked up, and the list says it is empty.
  mkdirSync(logsDir, { recursive: true });
  writeFileSync(path.join(logsDir, 'app.log'), '');
  await expect(page.getByTestId('logs-empty-no-entries')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('logs-folder-problem')).toHaveCount(0);

  // Lines arrive in it; a binary file and a line longer than 1 MiB come along.
  appendOdooLine(path.join(logsDir, 'app.log'), 'INFO', 'odoo.modules.loading', 'Modules loaded.');
  await expect(rowWith(page, 'Modules loaded.')).toBeVisible({ timeout: 10_000 });
  writeFileSync(path.join(logsDir, 'core.log'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0x02, 0xff, 0xfe, 0x0a, 0x00, 0x01]));
  appendOdooLine(path.join(logsDir, 'app.log'), 'WARNING', 'odoo.http', `Huge payload ${'x'.repeat(1_200_000)}`);
  const huge = rowWith(page, 'Huge payload');
  await expect(huge).toBeVisible({ timeout: 10_000 });
  await expect(huge.locator('.log-tag-warn')).toHaveText('coupée');
  await huge.click();
  await expect(page.getByTestId('log-detail-truncated')).toBeVisible();
  await page.getByTestId('log-detail-close').click();

  // Shortened, then deleted: each is noticed, discreetly.
  truncateSync(path.join(logsDir, 'app.log'), 0);
  await expect(page.getByTestId('logs-notices').locator('[data-change="truncated"]')).toContainText('app.log', { timeout: 10_000 });
  rmSync(path.join(logsDir, 'core.log'));
  await expect(page.getByTestId('logs-notices').locator('[data-change="removed"]')).toContainText('core.log', { timeout: 10_000 });
  await shot(page, 'logs-bad-input-fr');
  expect(existsSync(path.join(logsDir, 'app.log'))).toBe(true);
});

test('100,000 entries: loaded, drawn a screenful at a time, scrolled end to end and filtered', async ({ page, vigie }) => {
  test.setTimeout(120_000);
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const logsDir = path.join(vigie.dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const start = Date.parse('2026-11-20T00:00:00.000Z');
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    const at = new Date(start + i * 1000).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    lines.push(`${at} ${4100 + (i % 7)} ${i % 500 === 0 ? 'ERROR' : 'INFO'} vigie_prod odoo.addons.stock.models.stock_move: move ${String(i).padStart(6, '0')} done`);
  }
  writeFileSync(path.join(logsDir, 'big.log'), `${lines.join('\n')}\n`);
  await waitForFiles(page, 1);
  const settings = await callChannel(page, 'logs.overview', {});
  const current = (settings as { ok: true; value: { settings: Record<string, unknown> } }).value.settings;
  expect((await callChannel(page, 'logs.settings.update', { ...current, lastEntries: 100_000 })).ok).toBe(true);

  await page.getByTestId('nav-logs').click();
  await expect(page.getByTestId('logs-count')).toHaveAttribute('data-total', '100000', { timeout: 30_000 });
  // Only the rows in sight exist, whatever the number of entries.
  expect(await logRows(page).count()).toBeLessThan(80);
  await expect(rowWith(page, 'move 099999 done')).toBeInViewport();
  // To the oldest and back with the keyboard.
  await page.getByTestId('logs-list').focus();
  await page.keyboard.press('Home');
  await expect(rowWith(page, 'move 000000 done')).toBeInViewport();
  await expect(page.getByTestId('logs-list')).toHaveAttribute('data-follow', 'false');
  await page.keyboard.press('End');
  await expect(rowWith(page, 'move 099999 done')).toBeInViewport();
  // Filters run over all of them.
  await page.getByTestId('logs-search').fill('move 07777');
  await expect(page.getByTestId('logs-count')).toHaveAttribute('data-shown', '10');
  await page.getByTestId('logs-search').fill('');
  await page.getByTestId('logs-levels').getByText('ERROR', { exact: true }).click();
  await expect(page.getByTestId('logs-count')).toHaveAttribute('data-shown', '200');

  // The whole file searched for a word on every line: it stops at 10,000 hits and says so.
  await page.getByTestId('logs-tab-search').click();
  await page.getByTestId('logs-fullsearch-pattern').fill('done');
  await page.getByTestId('logs-fullsearch-start').click();
  await expect(page.getByTestId('logs-fullsearch-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('logs-fullsearch-limit')).toContainText('10');
  await expect(page.getByTestId('logs-fullsearch-hits')).toHaveAttribute('data-count', '10000');
  expect(await page.getByTestId('logs-hit').count()).toBeLessThan(80);
});

test('who may see the logs: the Logs right shows the area and its dashboard count; the settings need the Settings right', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  prepareLogs(vigie.dataDir);
  const password = 'une phrase de passe assez longue';
  for (const [username, permissions] of [
    ['lea.roux', ['monitoring.statistics']],
    ['yuki.sato', ['monitoring.logs']],
  ] as const) {
    const created = await callChannel(page, 'accounts.create', { username, firstName: username.split('.')[0], lastName: username.split('.')[1], email: `${username}@example.fr`, password, permissions: [...permissions] });
    expect(created.ok).toBe(true);
  }
  await signOut(page);

  // Without the Logs right: no menu entry, no count, and the address leads back to the dashboard.
  await signIn(page, 'lea.roux', password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('nav-logs')).toHaveCount(0);
  await expect(page.getByTestId('card-log-errors')).toHaveCount(0);
  await page.goto(`${vigie.url}#/logs?levels=ERROR`);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await signOut(page);

  // With it: the area and the count; the watched folders are shown, not editable; a file's format is.
  await signIn(page, 'yuki.sato', password);
  await expect(page.getByTestId('card-log-errors')).toBeVisible();
  await page.getByTestId('nav-logs').click();
  await expect(logRows(page).first()).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('logs-settings-button').click();
  const panel = page.getByTestId('logs-settings');
  await expect(panel.getByTestId('logs-settings-readonly')).toContainText('Seul un administrateur disposant du droit Réglages');
  await expect(panel.getByTestId('logs-settings-form')).toHaveCount(0);
  await expect(panel.getByTestId('logs-file-format').first()).toBeEnabled();
});

for (const language of ['fr', 'en', 'ja'] as const) {
  test(`screens in ${language}: list, detail, import error, whole-file search, settings, rejected file, dashboard`, async ({ page, vigie }) => {
    test.setTimeout(90_000);
    const prepared = await openLogs(page, vigie, language);
    await shot(page, `logs-${language}`);

    await page.getByTestId('logs-levels').getByText('ERROR', { exact: true }).click();
    await rowWith(page, 'Exception during request handling').click();
    await expect(page.getByTestId('log-context').locator('li[data-target]').first()).toBeVisible();
    await shotOfWindow(page, `logs-detail-${language}`);
    await page.getByTestId('log-detail-close').click();

    await page.getByTestId('logs-search-regex').click();
    await page.getByTestId('logs-search').fill('import|rejected');
    await page.getByTestId('logs-import-errors').check({ force: true });
    await expect(page.getByTestId('log-open-rejected')).toBeVisible();
    await expect(logRows(page).first().locator('mark.log-match')).toHaveText('Import');
    await shot(page, `logs-import-error-${language}`);

    await page.getByTestId('logs-tab-search').click();
    await page.getByTestId('logs-fullsearch-pattern').fill('warehouse');
    await page.getByTestId('logs-fullsearch-start').click();
    await expect(page.getByTestId('logs-fullsearch-status')).toHaveAttribute('data-state', 'done');
    await shot(page, `logs-search-${language}`);

    await page.getByTestId('logs-settings-button').click();
    await expect(page.getByTestId('logs-settings')).toBeVisible();
    await shotOfWindow(page, `logs-settings-${language}`);
    await page.getByTestId('logs-settings-close').click();

    await page.getByTestId('logs-tab-entries').click();
    await page.getByTestId('log-open-rejected').click();
    await expect(page.getByTestId('rejected-rows').locator('tr.rejected-row-focus')).toHaveAttribute('data-row', '3');
    await expect(page.getByTestId('rejected-file-page')).toContainText(prepared.rejectedName);
    await shot(page, `logs-rejected-${language}`);

    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('card-log-errors')).toBeVisible();
    await expect.poll(async () => ((await page.getByTestId('count-log-errors').locator('dd').textContent()) ?? '').replace(/\D/g, '')).not.toBe('');
    await shot(page, `logs-dashboard-${language}`);

    if (language === 'en') {
      // The dark theme: levels, highlights and the detail stay readable.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.getByTestId('nav-logs').click();
      // The viewer kept its filter while the admin was away.
      await expect(page.getByTestId('logs-import-errors')).toBeChecked();
      await page.getByTestId('logs-clear-filters').click();
      await page.getByTestId('logs-search').fill('warehouse');
      await rowWith(page, 'Exception during request handling').click();
      await expect(page.getByTestId('log-context').locator('li[data-target]').first()).toBeVisible();
      await shotOfWindow(page, 'logs-dark-en');
    }
  });
}
