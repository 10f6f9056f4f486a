// The console's main user flows, in Chromium through the bridge: first-run setup, sign-in and
// sign-out, refused sign-ins, what a non-Manager sees and may call, the audit trail, and the
// database error screen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, shot, startBridge, test } from './fixtures';
import { MANAGER, callChannel, completeSetup, countOf, fillSetup, signIn, signOut, collectPageErrors } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  // No uncaught error and no CSP violation on any screen the test went through.
  expect(pageErrors).toEqual([]);
});

const OPERATOR = {
  username: 'paul.leroy',
  firstName: 'Paul',
  lastName: 'Leroy',
  email: 'paul.leroy@example.fr',
  password: 'une longue phrase de passe',
  permissions: ['monitoring.logs'],
};

test('first-run setup signs the Manager in; sign out and sign in again', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  const form = page.getByTestId('setup-form');
  await expect(form).toBeVisible();
  // French by default, with the password rules shown before typing.
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(form).toContainText('Entre 12 et 128 caractères');
  await expect(form).toContainText('Aucune règle de composition');

  // The confirmation is checked in the window and never sent.
  await fillSetup(page, MANAGER, 'autre chose entièrement');
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('field-error-passwordConfirmation')).toContainText('ne sont pas identiques');
  await expect(form).toBeVisible();

  // The main process is the authority on the rules: a short password comes back as a field error.
  await fillSetup(page, { ...MANAGER, password: 'trop court' });
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('form-error')).toContainText('Corrigez les champs signalés');
  await expect(page.getByTestId('field-error-password')).toContainText('au moins 12 caractères');
  await expect(form.locator('input[name="password"]')).toHaveAttribute('aria-invalid', 'true');

  await completeSetup(page);
  await expect(page.getByTestId('app-header')).toContainText('Vigie');
  await expect(page.getByTestId('profile-menu-button')).toHaveText('MD');
  await expect(page.getByTestId('nav-dashboard')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toBeVisible();
  await expect(page.getByTestId('gear-menu-button')).toBeVisible();
  await expect(page.getByTestId('count-accounts-active')).toContainText('1');
  await expect(page.getByTestId('count-admins-full')).toContainText('1');
  expect(await countOf(page, 'audit')).toBeGreaterThanOrEqual(1);

  // The profile menu names the admin and signs out.
  await page.getByTestId('profile-menu-button').click();
  const profile = page.getByTestId('profile-menu');
  await expect(profile).toContainText('Marie Dupont');
  await expect(profile).toContainText(MANAGER.email);
  await expect(profile.getByTestId('language-select')).toHaveValue('fr');
  await profile.getByTestId('sign-out').click();
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await expect(page.getByTestId('app-header')).toHaveCount(0);

  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('count-signins-succeeded')).toContainText('2');

  // Counts follow changes made elsewhere (a data.changed event), without a reload.
  const created = await callChannel(page, 'accounts.create', { ...OPERATOR });
  expect(created.ok).toBe(true);
  await expect(page.getByTestId('count-accounts-active')).toContainText('2');

  await signOut(page);
  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
});

test('a wrong password shows the error and stays on the sign-in screen', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  expect((await callChannel(page, 'accounts.create', { ...OPERATOR, username: 'locked.user', email: 'locked@example.fr', status: 'locked' })).ok).toBe(true);
  await signOut(page);

  const form = page.getByTestId('signin-form');
  await signIn(page, MANAGER.username, 'not the right password');
  await expect(page.getByTestId('form-error')).toHaveText('Identifiant ou mot de passe incorrect.');
  await expect(form).toBeVisible();
  await expect(form.locator('input[name="username"]')).toHaveValue(MANAGER.username);
  await expect(form.locator('input[name="password"]')).toHaveValue('');
  await expect(page.getByTestId('dashboard')).toHaveCount(0);

  // An unknown username gets exactly the same answer.
  await signIn(page, 'nobody.here', 'not the right password');
  await expect(page.getByTestId('form-error')).toHaveText('Identifiant ou mot de passe incorrect.');

  // The message follows a change of language.
  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByTestId('form-error')).toHaveText('Incorrect username or password.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // A locked account is told why, once its password is right.
  await signIn(page, 'locked.user', OPERATOR.password);
  await expect(page.getByTestId('form-error')).toHaveText('This account is locked. After repeated failed sign-ins the lock is temporary: try again later, or ask a Manager to unlock it.');
  await expect(form).toBeVisible();

  // The language choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await expect(page.getByTestId('language-select')).toHaveValue('en');
  await expect(page.getByTestId('signin-form')).toContainText('Password');
});

test('a non-Manager sees neither the gear menu nor the audit trail, and is refused when calling it directly', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  const created = await callChannel(page, 'accounts.create', { ...OPERATOR });
  expect(created.ok).toBe(true);
  await signOut(page);

  await signIn(page, OPERATOR.username, OPERATOR.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('profile-menu-button')).toHaveText('PL');
  await expect(page.getByTestId('nav-dashboard')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await expect(page.getByTestId('gear-menu-button')).toHaveCount(0);

  // Typing the address does not open the page either.
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/audit';
  });
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('audit-page')).toHaveCount(0);

  // Hiding is not the protection: the main process refuses the channel itself.
  const refused = await callChannel(page, 'audit.list', {});
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
  const refusedCreate = await callChannel(page, 'accounts.create', { ...OPERATOR, username: 'sneaky', email: 'sneaky@example.fr' });
  expect(!refusedCreate.ok && refusedCreate.error.code).toBe('FORBIDDEN');

  await page.getByTestId('profile-menu-button').click();
  await expect(page.getByTestId('profile-menu')).toContainText('Supervision');
  await shot(page, 'non-manager-fr');

  // The Manager finds the refusals in the audit trail.
  await page.keyboard.press('Escape');
  await signOut(page);
  await signIn(page, MANAGER.username, MANAGER.password);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-filter-action').selectOption('access.denied');
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  await expect(page.getByTestId('audit-row').first()).toContainText('Accès refusé');
  await expect(page.getByTestId('audit-row').first()).toContainText(OPERATOR.username);
});

test('the audit page lists records, filters them and pages through them', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  await signOut(page);
  await signIn(page, MANAGER.username, 'wrong password, twice over');
  await expect(page.getByTestId('form-error')).toBeVisible();
  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();

  // Reached from the gear menu with the keyboard only.
  await page.getByTestId('gear-menu-button').focus();
  await page.keyboard.press('Enter');
  const gear = page.getByTestId('gear-menu');
  await expect(gear).toBeVisible();
  await expect(gear.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(gear).toHaveCount(0);
  await expect(page.getByTestId('gear-menu-button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(gear.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Enter');

  const audit = page.getByTestId('audit-page');
  await expect(audit).toBeVisible();
  await expect(page).toHaveURL(/#\/audit$/);
  await expect(page.getByTestId('nav-audit')).toHaveAttribute('aria-current', 'page');
  // setup, sign-out, refused sign-in, sign-in: newest first.
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toHaveAttribute('data-action', 'auth.signIn');
  await expect(rows.nth(1)).toHaveAttribute('data-action', 'auth.signInFailed');
  await expect(rows.nth(1)).toContainText('Connexion refusée');
  await expect(rows.nth(1)).toContainText('mot de passe erroné');
  await expect(rows.nth(3)).toHaveAttribute('data-action', 'setup.firstManager');
  await expect(page.getByTestId('audit-total')).toContainText('4');

  await page.getByTestId('audit-filter-action').selectOption('auth.signInFailed');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-action', 'auth.signInFailed');
  await expect(page.getByTestId('audit-total')).toContainText('1');

  await page.getByTestId('audit-filter-action').selectOption('');
  await page.getByTestId('audit-filter-actor').fill('nobody');
  await expect(page.getByText('Aucun enregistrement ne correspond à ces filtres.')).toBeVisible();
  await expect(rows).toHaveCount(0);
  await page.getByTestId('audit-filter-actor').fill(MANAGER.username);
  await expect(rows).toHaveCount(4);

  // A date range that ends before today selects nothing; one around today selects all.
  await page.getByTestId('audit-filter-to').fill('2020-01-01');
  await expect(rows).toHaveCount(0);
  await page.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByTestId('audit-filter-actor')).toHaveValue('');

  // New records appear at the top while the first page is shown.
  expect((await callChannel(page, 'accounts.create', { ...OPERATOR })).ok).toBe(true);
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText('Création d’un compte');
});

test('pagination moves through a long audit trail', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  for (let i = 0; i < 26; i++) {
    const created = await callChannel(page, 'accounts.create', { ...OPERATOR, username: `user.${i}`, email: `user.${i}@example.fr` });
    expect(created.ok).toBe(true);
  }
  await page.getByTestId('nav-audit').click();
  const rows = page.getByTestId('audit-row');
  await page.getByLabel('Par page').selectOption('25');
  await expect(rows).toHaveCount(25);
  await expect(page.getByTestId('audit-total')).toHaveText('1–25 sur 27');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('audit-total')).toHaveText('26–27 sur 27');
  await expect(page.getByRole('button', { name: 'Suivant' })).toBeDisabled();
  await page.getByRole('button', { name: 'Précédent' }).click();
  await expect(rows).toHaveCount(25);
});

test('the menus work from the keyboard alone', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);

  // Tab from the top of the page reaches the skip link, then the header's controls.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu principal' })).toBeFocused();

  const button = page.getByTestId('profile-menu-button');
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByTestId('profile-menu');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByTestId('my-profile')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(menu.getByTestId('language-select')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(menu.getByTestId('sign-out')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // Tabbing past the last item closes the menu too.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(menu).toHaveCount(0);

  // The language can be changed from the menu with the keyboard.
  await button.focus();
  await page.keyboard.press('Enter');
  await menu.getByTestId('language-select').selectOption('ja');
  await expect(page.getByTestId('nav-dashboard')).toHaveText('ダッシュボード');
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();

  // The main menu is a list of links in the tab order.
  await page.getByTestId('nav-audit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('audit-page')).toBeVisible();
});

test('a damaged database shows the error screen with what to do', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigie-e2e-baddb-'));
  writeFileSync(path.join(dataDir, 'vigie.db'), 'this is not a SQLite database, just garbage '.repeat(200));
  const bridge = await startBridge({ dataDir });
  try {
    await page.goto(bridge.url);
    const screen = page.getByTestId('db-error');
    await expect(screen).toBeVisible();
    await expect(screen).toContainText(dataDir);
    await expect(screen).toContainText(`vigie --data-dir ${dataDir} db check`);
    await expect(screen).toContainText('vigie db backup');
    await expect(page.getByTestId('setup-form')).toHaveCount(0);
    await expect(page.getByTestId('signin-form')).toHaveCount(0);
    await page.getByTestId('language-select').selectOption('en');
    await expect(screen).toContainText('The database cannot be used');
  } finally {
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a demo data dir shows its Manager sign-in and opens a living console', async ({ page }) => {
  const bridge = await startBridge({ demo: true, startTimeoutMs: 60_000 });
  try {
    await page.goto(bridge.url);
    const demo = page.getByTestId('demo-credentials');
    await expect(demo).toBeVisible();
    const [username, password] = await demo.locator('dd code').allTextContents();
    expect(username).toBeTruthy();
    expect(password).toBeTruthy();
    await shot(page, 'signin-demo-fr');

    await demo.getByRole('button', { name: 'Remplir le formulaire' }).click();
    const form = page.getByTestId('signin-form');
    await expect(form.locator('input[name="username"]')).toHaveValue(username!);
    await expect(form.locator('input[name="password"]')).toHaveValue(password!);
    await form.locator('button[type="submit"]').click();
    await expect(page.getByTestId('dashboard')).toBeVisible();
    expect(await countOf(page, 'accounts-active')).toBeGreaterThan(1);
    expect(await countOf(page, 'audit')).toBeGreaterThan(10);
    await shot(page, 'dashboard-demo-fr');

    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
    await shot(page, 'audit-demo-fr');
  } finally {
    await bridge.stop();
  }
});
