// Account management around the accounts list, in Chromium through the bridge: sites and the
// header's site selector, a limited sub-administrator who sees only its site and grants only
// what it holds, recent sign-ins, the permission report (and its print layout), exports read
// back with real parsers, and a CSV import round trip. Screens in fr, en and ja.
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { MANAGER, callChannel, collectPageErrors, completeSetup, openIn, signIn, signOut, type Language } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  // No uncaught error and no CSP violation on any screen the test went through.
  expect(pageErrors).toEqual([]);
});

test.use({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris' });

const PASSWORD = 'une phrase de passe assez longue';

const SUB_ADMIN = {
  username: 'claire.martin',
  firstName: 'Claire',
  lastName: 'Martin',
  email: 'claire.martin@example.fr',
  password: 'le port de Lyon au petit matin',
};

type Ok<T> = { ok: true; value: T };

async function call<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await callChannel(page, channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return (result as Ok<T>).value;
}

async function createAccount(page: Page, fields: Record<string, unknown>): Promise<number> {
  const username = String(fields.username);
  const created = await call<{ id: number }>(page, 'accounts.create', {
    firstName: username.split('.')[0]!.replace(/^./, (c) => c.toUpperCase()),
    lastName: (username.split('.')[1] ?? 'Test').replace(/^./, (c) => c.toUpperCase()),
    email: `${username}@example.fr`,
    password: PASSWORD,
    ...fields,
  });
  return created.id;
}

async function siteIds(page: Page): Promise<Record<string, number>> {
  const sites = await call<{ id: number; name: string }[]>(page, 'sites.list', { includeRetired: true });
  return Object.fromEntries(sites.map((s) => [s.name, s.id]));
}

/** Two sites and a few accounts in them, made through the channels (the flows test the UI). */
async function seed(page: Page) {
  const lyon = (await call<{ id: number }>(page, 'sites.create', { name: 'Lyon – entrepôt nord' })).id;
  const nantes = (await call<{ id: number }>(page, 'sites.create', { name: 'Nantes' })).id;
  const ids = {
    anna: await createAccount(page, { username: 'anna.berg', siteIds: [lyon], permissions: ['monitoring.logs', 'monitoring.statistics'] }),
    kenji: await createAccount(page, { username: 'kenji.sato', firstName: 'Kenji', lastName: 'Sato', siteIds: [nantes], permissions: ['orders.pm'], userType: 'employee' }),
    hugo: await createAccount(page, { username: 'hugo.petit', siteIds: [lyon, nantes], permissions: ['orders.pb'], status: 'locked' }),
    claire: await createAccount(page, { ...SUB_ADMIN, siteIds: [lyon], adminLevel: 'limited', permissions: ['manager.accounts', 'monitoring.logs', 'monitoring.statistics'] }),
  };
  return { lyon, nantes, ids };
}

async function rowUsernames(page: Page): Promise<string[]> {
  const rows = page.getByTestId('account-row');
  await expect(rows.first()).toBeVisible();
  return (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-username') ?? ''))).sort();
}

async function selectorOptions(page: Page): Promise<string[]> {
  return page.getByTestId('site-selector').locator('option').allTextContents();
}

test('sites: create, rename, retire; a limited sub-administrator sees only its site and grants only what it holds', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);

  // The Manager creates two sites from the sites page.
  await page.getByTestId('nav-sites').click();
  const sitesPage = page.getByTestId('sites-page');
  await expect(sitesPage).toBeVisible();
  await expect(page.getByTestId('sites-empty')).toBeVisible();
  const form = page.getByTestId('site-create-form');
  for (const name of ['Lyon – entrepôt nord', 'Nantes', 'Brest']) {
    await form.locator('input[name="name"]').fill(name);
    await form.getByTestId('site-create').click();
    await expect(page.getByTestId('sites-notice')).toHaveText(`Site « ${name} » créé.`);
  }
  await expect(page.getByTestId('site-row')).toHaveCount(3);
  // Names are unique (whatever the case).
  await form.locator('input[name="name"]').fill('nantes');
  await form.getByTestId('site-create').click();
  await expect(page.getByTestId('field-error-name')).toHaveText('Un site porte déjà ce nom.');
  await form.locator('input[name="name"]').fill('');

  // The header's selector offers them all.
  expect(await selectorOptions(page)).toEqual(['Tous les sites', 'Brest', 'Lyon – entrepôt nord', 'Nantes']);
  const { 'Lyon – entrepôt nord': lyon, Nantes: nantes } = await siteIds(page);

  await createAccount(page, { username: 'anna.berg', siteIds: [lyon!], permissions: ['monitoring.logs'] });
  await createAccount(page, { username: 'kenji.sato', siteIds: [nantes!], permissions: ['orders.pm'] });
  await createAccount(page, { username: 'hugo.petit', siteIds: [lyon!, nantes!], permissions: ['orders.pb'] });

  // The sub-administrator, created in the accounts form: limited, Lyon only, some rights.
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('accounts-new').click();
  const accountForm = page.getByTestId('account-form');
  await expect(accountForm).toBeVisible();
  for (const [name, value] of Object.entries(SUB_ADMIN)) await accountForm.locator(`input[name="${name}"]`).fill(value);
  await accountForm.getByTestId('account-admin-level-limited').check();
  for (const permission of ['manager.accounts', 'monitoring.logs', 'monitoring.statistics']) await accountForm.getByTestId(`account-permission-${permission}`).check();
  await accountForm.getByTestId(`account-site-${lyon}`).check();
  await accountForm.getByTestId('account-form-submit').click();
  await expect(accountForm).toHaveCount(0);

  // Scoped to Lyon, the accounts list shows Lyon's accounts only; the choice is remembered.
  await page.getByTestId('site-selector').selectOption({ label: 'Lyon – entrepôt nord' });
  await expect.poll(() => rowUsernames(page)).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);
  // A reload ends the session; signed in again, the Manager finds its site still chosen.
  await page.reload();
  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('site-selector')).toHaveValue(String(lyon));
  await page.getByTestId('nav-accounts').click();
  await expect.poll(() => rowUsernames(page)).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);
  await shot(page, 'admin-accounts-scoped-fr');
  await page.getByTestId('site-selector').selectOption('');
  await expect.poll(() => rowUsernames(page)).toEqual(['anna.berg', 'claire.martin', 'hugo.petit', 'kenji.sato', MANAGER.username].sort());

  // Rename Nantes, then retire Brest: it leaves the selector, and shows under the toggle.
  await page.getByTestId('nav-sites').click();
  const nantesRow = page.locator('[data-testid="site-row"][data-site="Nantes"]');
  await nantesRow.getByTestId('site-rename').click();
  const rename = page.getByTestId('site-rename-dialog');
  await expect(rename.locator('input[name="name"]')).toBeFocused();
  await rename.locator('input[name="name"]').fill('Nantes – quai des Antilles');
  await rename.getByTestId('site-rename-submit').click();
  await expect(rename).toHaveCount(0);
  await expect(page.getByTestId('sites-notice')).toHaveText('Site renommé en « Nantes – quai des Antilles ».');
  await expect(page.locator('[data-testid="site-row"][data-site="Nantes – quai des Antilles"]')).toBeVisible();

  await page.locator('[data-testid="site-row"][data-site="Brest"]').getByTestId('site-retire').click();
  const retire = page.getByTestId('site-retire-dialog');
  await expect(retire).toContainText('Retirer le site « Brest » ?');
  await shot(page, 'admin-site-retire-fr');
  await retire.getByTestId('site-retire-confirm').click();
  await expect(retire).toHaveCount(0);
  await expect(page.getByTestId('sites-notice')).toContainText('Site « Brest » retiré.');
  await expect(page.getByTestId('site-row')).toHaveCount(2);
  expect(await selectorOptions(page)).toEqual(['Tous les sites', 'Lyon – entrepôt nord', 'Nantes – quai des Antilles']);
  await page.getByTestId('sites-show-retired').check();
  await expect(page.getByTestId('site-row')).toHaveCount(3);
  await expect(page.locator('[data-testid="site-row"][data-site="Brest"]')).toHaveAttribute('data-retired', 'true');
  await shot(page, 'admin-sites-manager-fr');

  // The account count opens the accounts list scoped to that site.
  await page.locator('[data-testid="site-row"][data-site="Lyon – entrepôt nord"]').getByTestId('site-accounts-link').click();
  await expect(page.getByTestId('accounts-page')).toBeVisible();
  await expect(page.getByTestId('site-selector')).toHaveValue(String(lyon));
  await expect.poll(() => rowUsernames(page)).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);

  // The sub-administrator: only its site, in the selector, the lists and the sites page.
  await signOut(page);
  await signIn(page, SUB_ADMIN.username, SUB_ADMIN.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  expect(await selectorOptions(page)).toEqual(['Tous mes sites', 'Lyon – entrepôt nord']);
  await expect(page.getByTestId('site-selector')).toHaveValue('');
  await page.getByTestId('nav-accounts').click();
  await expect.poll(() => rowUsernames(page)).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);
  await shot(page, 'admin-accounts-sub-admin-fr');

  await page.getByTestId('nav-sites').click();
  await expect(page.getByTestId('sites-page')).toContainText('Seul un administrateur complet');
  await expect(page.getByTestId('site-create-form')).toHaveCount(0);
  await expect(page.getByTestId('site-row')).toHaveCount(1);
  await expect(page.getByTestId('site-rename')).toHaveCount(0);
  await shot(page, 'admin-sites-sub-admin-fr');
  // Hiding is not the protection: the main process refuses it.
  const refused = await callChannel(page, 'sites.create', { name: 'Marseille' });
  expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');

  // Creating an account, it is offered only what it holds, and only its site.
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('accounts-new').click();
  const subForm = page.getByTestId('account-form');
  await expect(subForm).toBeVisible();
  const offered = await subForm.locator('input[name="permissions"]').evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value).sort());
  expect(offered).toEqual(['manager.accounts', 'monitoring.logs', 'monitoring.statistics']);
  await expect(subForm.locator('input[name="siteIds"]')).toHaveCount(1);
  await expect(subForm.getByTestId(`account-site-${lyon}`)).toBeVisible();
  await expect(subForm.getByTestId('account-admin-level-full')).toHaveCount(0);
  await subForm.getByTestId('account-permissions').scrollIntoViewIfNeeded();
  await shot(page, 'admin-account-form-sub-admin-fr');
});

test('recent sign-ins: filters, the header site, and links to the accounts', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const { nantes, ids } = await seed(page);
  // Sign-ins: Anna succeeds, Kenji fails twice then succeeds, an unknown username fails.
  await signOut(page);
  await signIn(page, 'anna.berg', PASSWORD);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await signOut(page);
  for (const password of ['pas le bon mot de passe', 'toujours pas le bon']) {
    await signIn(page, 'kenji.sato', password);
    await expect(page.getByTestId('form-error')).toBeVisible();
  }
  await signIn(page, 'nobody.here', 'pas le bon mot de passe');
  await expect(page.getByTestId('form-error')).toBeVisible();
  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();

  // From the dashboard's failed count: the page opens filtered on failures.
  await page.getByTestId('count-signins-failed').getByRole('link').click();
  await expect(page.getByTestId('sign-ins-page')).toBeVisible();
  await expect(page.getByTestId('sign-ins-filter-outcome')).toHaveValue('failed');
  await expect(page.getByTestId('sign-ins-filter-from')).not.toHaveValue('');
  const rows = page.getByTestId('sign-in-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toHaveAttribute('data-username', 'nobody.here');
  await expect(rows.first()).toContainText('Identifiant inconnu');
  await expect(rows.nth(1)).toContainText('Mot de passe erroné');

  await page.getByTestId('sign-ins-filter-from').fill('');
  await page.getByTestId('sign-ins-filter-outcome').selectOption('all');
  // The setup, Anna, Kenji twice, the unknown username and the Manager again.
  await expect(page.getByTestId('sign-ins-total')).toContainText('sur 6 connexions');
  await page.getByTestId('sign-ins-filter-username').fill('kenji');
  await expect(rows).toHaveCount(2);
  await page.getByTestId('sign-ins-filter-username').fill('');
  await expect(rows).toHaveCount(6);

  // The header's site scopes it: Nantes holds Kenji (and Hugo), not Anna or the Manager.
  await page.getByTestId('site-selector').selectOption(String(nantes));
  await expect(page.getByTestId('sign-ins-site')).toHaveText('Site : Nantes');
  await expect(rows).toHaveCount(2);
  expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-username')))).toEqual(['kenji.sato', 'kenji.sato']);
  await page.getByTestId('site-selector').selectOption('');
  await expect(rows).toHaveCount(6);
  await shot(page, 'admin-sign-ins-flow-fr');

  // A username opens its account.
  await page.locator('[data-testid="sign-in-row"][data-username="anna.berg"]').first().getByTestId('sign-in-account').click();
  await expect(page).toHaveURL(new RegExp(`#/accounts/${ids.anna}$`));
  await expect(page.getByTestId('account-detail')).toBeVisible();
});

test('permission report of a selection, printable', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const { ids } = await seed(page);
  await page.getByTestId('nav-accounts').click();
  for (const username of ['anna.berg', 'claire.martin']) {
    await page.locator(`[data-testid="account-row"][data-username="${username}"]`).getByTestId('account-select').check();
  }
  await page.getByTestId('accounts-report').click();
  await expect(page).toHaveURL(/#\/report\?ids=/);
  const sheets = page.getByTestId('report-sheet');
  await expect(sheets).toHaveCount(2);
  const claire = page.locator('[data-testid="report-sheet"][data-username="claire.martin"]');
  await expect(claire.getByTestId('report-admin-level')).toHaveText('Administrateur limité');
  await expect(claire.getByTestId('report-sites')).toHaveText('Lyon – entrepôt nord');
  await expect(claire.getByTestId('report-permission')).toHaveCount(11);
  const held = claire.locator('[data-testid="report-permission"][data-permission="manager.accounts"]');
  await expect(held).toHaveAttribute('data-held', 'true');
  await expect(held).toContainText(`Accordé par ${MANAGER.username} le`);
  await expect(claire.locator('[data-testid="report-permission"][data-permission="orders.pm"]')).toContainText('Non accordé');
  await shot(page, 'admin-report-flow-fr');

  // The print layout: no frame, no buttons, one account per sheet.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('app-header')).toBeHidden();
  await expect(page.getByTestId('main-nav')).toBeHidden();
  await expect(page.getByTestId('report-print')).toBeHidden();
  await shot(page, 'admin-report-print-flow-fr');
  await page.emulateMedia({ media: 'screen' });

  // One account's report, by its address.
  await page.evaluate((id) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/report?ids=${id}`;
  }, ids.kenji);
  await expect(sheets).toHaveCount(1);
  await expect(sheets.first().getByTestId('report-user-type')).toHaveText('Employé');
  await expect(sheets.first().getByTestId('report-admin-level')).toHaveText('Pas administrateur');
});

test('export CSV and XLSX of the list shown, then a CSV import round trip', async ({ page, vigie }) => {
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const { lyon } = await seed(page);
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('site-selector').selectOption(String(lyon));
  await expect.poll(() => rowUsernames(page)).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);

  async function exportAs(format: 'csv' | 'xlsx'): Promise<string> {
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-menu').getByTestId(`export-${format}`).click();
    const status = page.getByTestId('export-status');
    await expect(status).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
    const file = (await page.getByTestId('export-path').textContent()) ?? '';
    // The bridge's "save dialog" is its downloads folder.
    expect(path.dirname(file)).toBe(path.join(vigie.dataDir, 'downloads'));
    expect(existsSync(file)).toBe(true);
    return file;
  }

  // CSV: UTF-8 with a BOM, the list's rows (Lyon's accounts, the list's sort).
  const csvFile = await exportAs('csv');
  await shot(page, 'admin-export-saved-flow-fr');
  await page.getByTestId('export-status-close').click();
  const csvText = readFileSync(csvFile, 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  const csv = Papa.parse<string[]>(csvText.slice(1), { skipEmptyLines: true });
  const [csvHeader, ...csvRows] = csv.data;
  const usernameAt = csvHeader!.findIndex((h) => ['Identifiant', 'username', 'Username'].includes(h));
  expect(usernameAt).toBeGreaterThanOrEqual(0);
  expect(csvRows.map((r) => r[usernameAt]).sort()).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);

  // XLSX: the same rows, read with exceljs.
  const xlsxFile = await exportAs('xlsx');
  await page.getByTestId('export-status-close').click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxFile);
  const sheet = workbook.worksheets[0]!;
  // Its column titles are in the admin's language (the CSV keeps the column keys, for re-import).
  expect(String(sheet.getRow(1).getCell(usernameAt + 1).value)).toBe('Identifiant');
  const xlsxUsernames: string[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) xlsxUsernames.push(String(row.getCell(usernameAt + 1).value));
  });
  expect(xlsxUsernames.sort()).toEqual(['anna.berg', 'claire.martin', 'hugo.petit']);

  // Import: the exported CSV with one row edited and one invalid row added.
  const firstNameAt = csvHeader!.findIndex((h) => ['Prénom', 'firstName', 'First name'].includes(h));
  const emailAt = csvHeader!.findIndex((h) => ['Adresse e-mail', 'email', 'Email'].includes(h));
  expect(firstNameAt).toBeGreaterThanOrEqual(0);
  expect(emailAt).toBeGreaterThanOrEqual(0);
  const edited = csvRows.map((row) => [...row]);
  const anna = edited.find((row) => row[usernameAt] === 'anna.berg')!;
  anna[firstNameAt] = 'Annabelle';
  const invalid = csvHeader!.map(() => '');
  invalid[usernameAt] = 'zoe.invalide';
  invalid[firstNameAt] = 'Zoé';
  invalid[emailAt] = 'pas-une-adresse';
  const lastNameAt = csvHeader!.findIndex((h) => ['Nom', 'lastName', 'Last name'].includes(h));
  if (lastNameAt >= 0) invalid[lastNameAt] = 'Invalide';
  edited.push(invalid);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigie-e2e-import-'));
  try {
    const importFile = path.join(dir, 'comptes-lyon.csv');
    writeFileSync(importFile, `\ufeff${Papa.unparse([csvHeader!, ...edited])}\r\n`, 'utf8');

    await page.getByTestId('import-button').click();
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('import-file').setInputFiles(importFile);
    await expect(dialog.getByTestId('import-counts')).toBeVisible();
    await expect(dialog.getByTestId('import-count-update').locator('dd')).toHaveText('1');
    await expect(dialog.getByTestId('import-count-unchanged').locator('dd')).toHaveText('2');
    await expect(dialog.getByTestId('import-count-invalid').locator('dd')).toHaveText('1');
    await expect(dialog.getByTestId('import-count-create').locator('dd')).toHaveText('0');
    // Every column was recognised by its header.
    const selects = dialog.getByTestId('import-mapping-select');
    await expect(selects.first()).toHaveValue('username');
    const invalidRow = dialog.locator('[data-testid="import-sample-row"][data-invalid="true"]');
    await expect(invalidRow).toHaveCount(1);
    await expect(invalidRow.getByTestId('import-cell-invalid')).toHaveText('pas-une-adresse');
    await expect(dialog.getByTestId('import-error')).toHaveCount(1);
    await expect(dialog.getByTestId('import-error')).toHaveText('Ligne 5, Adresse e-mail : adresse non valable');
    await shot(page, 'admin-import-preview-flow-fr');
    await dialog.getByTestId('import-errors').scrollIntoViewIfNeeded();
    await shot(page, 'admin-import-errors-flow-fr');

    // Ignoring a column re-runs the preview; mapping it back restores it.
    await selects.nth(firstNameAt).selectOption('');
    await expect(dialog.getByTestId('import-count-update').locator('dd')).toHaveText('0');
    await selects.nth(firstNameAt).selectOption('firstName');
    await expect(dialog.getByTestId('import-count-update').locator('dd')).toHaveText('1');

    await dialog.getByTestId('import-commit').click();
    const summary = dialog.getByTestId('import-summary');
    await expect(summary).toBeVisible();
    await expect(summary.getByTestId('import-summary-updated').locator('dd')).toHaveText('1');
    await expect(summary.getByTestId('import-summary-rejected').locator('dd')).toHaveText('1');
    await expect(summary).toContainText('1 ligne(s) rejetée(s)');
    const rejected = (await summary.getByTestId('import-rejected-file').textContent()) ?? '';
    expect(existsSync(rejected)).toBe(true);
    const rejectedRows = Papa.parse<Record<string, string>>(readFileSync(rejected, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rejectedRows).toHaveLength(1);
    expect(Object.values(rejectedRows[0]!)).toContain('zoe.invalide');
    expect(rejectedRows[0]!.error).toBeTruthy();
    await shot(page, 'admin-import-summary-flow-fr');
    await dialog.getByTestId('import-close').click();
    await expect(page.locator('[data-testid="account-row"][data-username="anna.berg"]')).toContainText('Annabelle');

    // The same file again changes nothing (idempotent).
    await page.getByTestId('import-button').click();
    await dialog.getByTestId('import-file').setInputFiles(importFile);
    await expect(dialog.getByTestId('import-count-update').locator('dd')).toHaveText('0');
    await expect(dialog.getByTestId('import-count-unchanged').locator('dd')).toHaveText('3');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const WORDS: Record<Language, { sites: string; signIns: string; report: string; allSites: string; export: string; import: string }> = {
  fr: { sites: 'Sites', signIns: 'Connexions récentes', report: 'Rapport des droits', allSites: 'Tous les sites', export: 'Exporter', import: 'Importer des comptes (CSV)' },
  en: { sites: 'Sites', signIns: 'Recent sign-ins', report: 'Permission report', allSites: 'All sites', export: 'Export', import: 'Import accounts (CSV)' },
  ja: { sites: 'サイト', signIns: '最近のログイン', report: '権限レポート', allSites: 'すべてのサイト', export: 'エクスポート', import: 'アカウントのインポート（CSV）' },
};
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', ja: 'ja-JP' };

for (const language of ['fr', 'en', 'ja'] as const) {
  const words = WORDS[language];
  test.describe(() => {
    test.use({ locale: LOCALES[language] });

    test(`account-management screens in ${language}`, async ({ page, vigie }) => {
      await openIn(page, vigie.url, language);
      await completeSetup(page);
      const { nantes, ids } = await seed(page);
      await call(page, 'sites.create', { name: 'Brest' }).then((s) => call(page, 'sites.retire', { siteId: (s as { id: number }).id }));
      await signOut(page);
      await signIn(page, 'kenji.sato', 'pas le bon mot de passe');
      await expect(page.getByTestId('form-error')).toBeVisible();
      await signIn(page, 'anna.berg', PASSWORD);
      await expect(page.getByTestId('dashboard')).toBeVisible();
      await signOut(page);
      await signIn(page, MANAGER.username, MANAGER.password);
      await expect(page.getByTestId('dashboard')).toBeVisible();
      await expect(page.getByTestId('count-sites-active')).toContainText('2');
      await expect(page.getByTestId('count-sites-retired')).toContainText('1');
      await shot(page, `admin-dashboard-${language}`);

      await expect(page.getByTestId('site-selector').locator('option').first()).toHaveText(words.allSites);

      await page.getByTestId('count-sites-retired').getByRole('link').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.sites);
      await expect(page.getByTestId('site-row')).toHaveCount(3);
      await shot(page, `admin-sites-${language}`);
      await page.locator('[data-testid="site-row"][data-site="Nantes"]').getByTestId('site-rename').click();
      await shot(page, `admin-site-rename-${language}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-sign-ins').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.signIns);
      // The setup, Kenji's failure, Anna, the Manager again.
      await expect(page.getByTestId('sign-in-row')).toHaveCount(4);
      await shot(page, `admin-sign-ins-${language}`);
      await page.getByTestId('site-selector').selectOption(String(nantes));
      await page.getByTestId('sign-ins-filter-outcome').selectOption('failed');
      await expect(page.getByTestId('sign-in-row')).toHaveCount(1);
      await shot(page, `admin-sign-ins-filtered-${language}`);
      await page.getByTestId('site-selector').selectOption('');

      await page.evaluate((list) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = `#/report?ids=${list}`;
      }, [ids.claire, ids.kenji, ids.hugo].join(','));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.report);
      await expect(page.getByTestId('report-sheet')).toHaveCount(3);
      await shot(page, `admin-report-${language}`);
      await page.emulateMedia({ media: 'print' });
      await shot(page, `admin-report-print-${language}`);
      await page.emulateMedia({ media: 'screen' });

      await page.getByTestId('nav-accounts').click();
      await expect(page.getByTestId('account-row').first()).toBeVisible();
      await page.getByTestId('export-button').click();
      await expect(page.getByTestId('export-menu')).toBeVisible();
      await shot(page, `admin-export-menu-${language}`);
      await page.getByTestId('export-menu').getByTestId('export-csv').click();
      await expect(page.getByTestId('export-status')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
      await shot(page, `admin-export-saved-${language}`);
      const exported = (await page.getByTestId('export-path').textContent()) ?? '';
      await page.getByTestId('export-status-close').click();

      // Import the export back with one bad email: the preview and the summary.
      const text = readFileSync(exported, 'utf8').replace(/^\ufeff/, '');
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      const header = parsed[0]!;
      const at = (names: string[]) => header.findIndex((h) => names.includes(h));
      const bad = header.map(() => '');
      bad[Math.max(0, at(['Identifiant', 'Username', 'ユーザー名', 'username']))] = 'zoe.invalide';
      const email = at(['Adresse e-mail', 'Email', 'メールアドレス', 'email']);
      if (email >= 0) bad[email] = 'pas-une-adresse';
      const dir = mkdtempSync(path.join(os.tmpdir(), 'vigie-e2e-import-'));
      try {
        const file = path.join(dir, 'comptes.csv');
        writeFileSync(file, Papa.unparse([...parsed, bad]), 'utf8');
        await page.getByTestId('import-button').click();
        const dialog = page.getByTestId('import-dialog');
        await expect(dialog.getByRole('heading', { level: 2 }).first()).toHaveText(words.import);
        await shot(page, `admin-import-choose-${language}`);
        await dialog.getByTestId('import-file').setInputFiles(file);
        await expect(dialog.getByTestId('import-counts')).toBeVisible();
        await shot(page, `admin-import-preview-${language}`);
        await dialog.getByTestId('import-errors').scrollIntoViewIfNeeded();
        await shot(page, `admin-import-errors-${language}`);
        await dialog.getByTestId('import-commit').click();
        await expect(dialog.getByTestId('import-summary')).toBeVisible();
        await shot(page, `admin-import-summary-${language}`);
        await dialog.getByTestId('import-close').click();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
