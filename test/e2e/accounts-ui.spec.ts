// The accounts screens end to end, in Chromium through the bridge: the list (search, filters,
// sort, page sizes and the virtualized "all" view) over a seeded set; creating, editing,
// deactivating and deleting an account (typed confirmation and step-up); what a limited
// sub-administrator is offered; screenshots in French, English and Japanese.
import { expect, shot, test } from './fixtures';
import { scrollPanel, seedDatabase, shotOfWindow, type SeedAccount } from './accounts-helpers';
import { confirmStepUp, secondWindow } from './security-helpers';
import { MANAGER, callChannel, collectPageErrors, completeSetup, openIn, signIn, signOut, type Language } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test.use({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris', locale: 'fr-FR' });

const SEEDED = 240;

/** Accounts the default list shows: not inactive (the Manager included). */
const shownByDefault = (accounts: SeedAccount[]) => accounts.filter((a) => a.status !== 'inactive').length + 1;

async function openAccounts(page: import('@playwright/test').Page): Promise<void> {
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('accounts-page')).toBeVisible();
}

/** The count line ("241 comptes"), as a number. */
async function countShown(page: import('@playwright/test').Page): Promise<number> {
  const text = (await page.getByTestId('accounts-count').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

async function expectCount(page: import('@playwright/test').Page, count: number): Promise<void> {
  await expect.poll(() => countShown(page)).toBe(count);
}

async function createSite(page: import('@playwright/test').Page, name: string): Promise<number> {
  const created = await callChannel(page, 'sites.create', { name });
  expect(created.ok, JSON.stringify(created)).toBe(true);
  return (created as { ok: true; value: { id: number } }).value.id;
}

test('the list searches, filters, sorts, pages and scrolls through every match', async ({ page, vigie }) => {
  test.setTimeout(120_000);
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const seeded = seedDatabase(vigie.dataDir, SEEDED);
  await openAccounts(page);
  const rows = page.getByTestId('account-row');

  // Default: the active and locked accounts, 25 a page, by username.
  await expectCount(page, shownByDefault(seeded));
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toHaveAttribute('data-username', 'agent.001');
  await expect(page.getByTestId('accounts-total')).toHaveText(`1–25 sur ${shownByDefault(seeded)}`);
  await expect(page.getByTestId('accounts-filters-active')).toHaveCount(0);
  // The temporary lockout shows on its row.
  await expect(page.locator('[data-username="agent.011"]').getByTestId('account-locked-until')).toBeVisible();
  await shot(page, 'accounts-list-fr');

  // Full-text search: a name, a prefix of it, a phone number written without its spaces.
  const search = page.getByTestId('accounts-search');
  await search.fill('zoltan');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-username', 'agent.007');
  await expectCount(page, 1);
  await search.fill('');
  await expectCount(page, shownByDefault(seeded));
  // Typed key by key, the rows shown answer the last text.
  await search.pressSequentially('nakamura', { delay: 15 });
  await expect(page.getByTestId('accounts-table')).toHaveAttribute('data-results-for', 'nakamura');
  await expectCount(page, seeded.filter((a) => a.status !== 'inactive' && a.lastName === 'Nakamura').length);
  for (const name of await rows.locator('td.col-name').allTextContents()) expect(name).toMatch(/^Nakamura, /);
  // A phone number typed without its spaces finds "06 00000000".
  await search.fill('0600000000');
  await expectCount(page, 1);
  await expect(rows.first()).toHaveAttribute('data-username', 'agent.001');
  await search.fill('');

  // Filters, each narrowing the count, summed up above the table.
  const active = (pred: (a: SeedAccount) => boolean) => seeded.filter((a) => a.status !== 'inactive' && pred(a)).length;
  await page.getByTestId('accounts-filter-status-locked').check();
  await expectCount(page, seeded.filter((a) => a.status === 'locked').length);
  await expect(page.getByTestId('accounts-filters-active')).toContainText('1 filtre actif');
  await expect(page.getByTestId('accounts-filters-active')).toContainText('État : Verrouillé');
  await page.getByTestId('accounts-filter-status-inactive').check();
  // Asking for the inactive status shows them, whatever "include inactive" says.
  await expectCount(page, seeded.filter((a) => a.status !== 'active').length);
  await page.getByTestId('accounts-clear-filters').click();
  await expectCount(page, shownByDefault(seeded));
  await expect(page.getByTestId('accounts-filter-status-locked')).not.toBeChecked();

  await page.getByTestId('accounts-filter-user-type').selectOption('employee');
  await expectCount(page, active((a) => a.userType === 'employee'));
  await page.getByTestId('accounts-filter-admin-level').selectOption('limited');
  await expectCount(page, active((a) => a.userType === 'employee' && a.adminLevel === 'limited'));
  await expect(page.getByTestId('accounts-filters-active')).toContainText('2 filtres actifs');
  await page.getByTestId('accounts-clear-filters').click();

  await page.getByTestId('accounts-filter-two-factor').selectOption('on');
  await expectCount(page, active((a) => a.twoFactor));
  await page.getByTestId('accounts-filter-two-factor').selectOption('');
  await page.getByTestId('accounts-filter-permission').selectOption('orders.pm');
  // The Manager holds every permission.
  await expectCount(page, active((a) => a.permissions.includes('orders.pm')) + 1);
  await page.getByTestId('accounts-filter-permission').selectOption('');
  await page.getByTestId('accounts-filter-never').check();
  await expectCount(page, active((a) => a.signedInHoursAgo === null));
  await page.getByTestId('accounts-filter-never').uncheck();
  await page.getByTestId('accounts-locked-only').check();
  // Locked by status, or for a while after failed sign-ins.
  await expectCount(page, active((a) => a.status === 'locked' || a.lockedForAWhile));
  await page.getByTestId('accounts-locked-only').uncheck();
  // A period that ended long ago selects nobody; one around now selects those who signed in.
  await page.getByTestId('accounts-filter-before').fill('2020-01-01');
  await expectCount(page, 0);
  await expect(page.getByText('Aucun compte ne correspond à ces critères.')).toBeVisible();
  await page.getByTestId('accounts-clear-filters').click();
  await expectCount(page, shownByDefault(seeded));

  // Sort: a click sorts by the column, a second one reverses it; aria-sort says which.
  const usernameHeader = page.locator('th.col-username');
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'ascending');
  await page.getByTestId('accounts-sort-username').click();
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toHaveAttribute('data-username', MANAGER.username);
  await page.getByTestId('accounts-sort-lastSignInAt').click();
  await expect(page.locator('th.col-lastSignInAt')).toHaveAttribute('aria-sort', 'descending');
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'none');
  // Newest sign-in first: the Manager signed in a moment ago.
  await expect(rows.first()).toHaveAttribute('data-username', MANAGER.username);
  await page.getByTestId('accounts-sort-username').click();
  await expect(rows.first()).toHaveAttribute('data-username', 'agent.001');

  // Page sizes and pages.
  await page.getByTestId('accounts-page-size').selectOption('10');
  await expect(rows).toHaveCount(10);
  await page.getByTestId('accounts-next').click();
  // agent.010 is inactive: the second page starts at agent.012.
  await expect(rows.first()).toHaveAttribute('data-username', 'agent.012');
  await expect(page.getByTestId('accounts-total')).toHaveText(`11–20 sur ${shownByDefault(seeded)}`);
  await page.getByTestId('accounts-page-size').selectOption('100');
  await expect(rows).toHaveCount(100);

  // "Include inactive" adds them, and is remembered for this admin after a reload.
  await page.getByTestId('accounts-include-inactive').check();
  await expectCount(page, SEEDED + 1);
  await page.reload();
  await signIn(page, MANAGER.username, MANAGER.password);
  await openAccounts(page);
  await expect(page.getByTestId('accounts-include-inactive')).toBeChecked();
  await expectCount(page, SEEDED + 1);
  await expect(rows).toHaveCount(100);

  // "All": one scrolling list; only the rows in sight exist, the rest comes as it scrolls.
  await page.getByTestId('accounts-page-size').selectOption('all');
  await expect(page.getByTestId('accounts-total')).toContainText(`${SEEDED + 1} comptes`);
  await expect(rows.first()).toHaveAttribute('data-username', 'agent.001');
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
  const table = page.getByTestId('accounts-table');
  await table.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator(`[data-testid="account-row"][data-username="${MANAGER.username}"]`)).toBeVisible();
  await expect(page.locator('[data-username="agent.001"]')).toHaveCount(0);
  expect(await rows.count()).toBeLessThan(60);
  await table.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(page.locator('[data-username="agent.120"]')).toBeVisible();
  await shot(page, 'accounts-list-all-fr');

  // Selection feeds the permission report.
  await page.getByTestId('accounts-page-size').selectOption('25');
  await rows.nth(0).getByTestId('account-select').check();
  await rows.nth(2).getByTestId('account-select').check();
  await expect(page.getByTestId('accounts-selection')).toContainText('2 sélectionnés');
  const report = page.getByTestId('accounts-report');
  await expect(report).toHaveAttribute('href', /^#\/report\?ids=\d+,\d+$/);
});

const CLAIRE = {
  username: 'claire.martin',
  firstName: 'Claire',
  middleName: 'Anne',
  lastName: 'Martin',
  email: 'claire.martin@example.fr',
  password: 'les mouettes dansent au port',
};

test('create an account with permissions and sites, edit it, deactivate it, then delete it', async ({ page, vigie, browser }) => {
  test.setTimeout(150_000);
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const lyon = await createSite(page, 'Lyon');
  await createSite(page, 'Paris');
  await openAccounts(page);

  await page.getByTestId('accounts-new').click();
  const dialog = page.getByTestId('account-form-dialog');
  await expect(dialog).toBeVisible();
  const form = dialog.getByTestId('account-form');
  await expect(form.locator('input[name="username"]')).toBeFocused();
  // A username already taken comes back on its field.
  await form.locator('input[name="username"]').fill(MANAGER.username);
  await form.locator('input[name="firstName"]').fill(CLAIRE.firstName);
  await form.locator('input[name="middleName"]').fill(CLAIRE.middleName);
  await form.locator('input[name="lastName"]').fill(CLAIRE.lastName);
  await form.locator('input[name="email"]').fill(CLAIRE.email);
  await form.locator('input[name="phoneWork"]').fill('+33 4 72 00 00 01');
  await form.locator('input[name="phoneMobile"]').fill('06 12 34 56 78');
  await form.locator('textarea[name="postalAddress"]').fill('12 quai Saint-Antoine\n69002 Lyon');
  // An employee may not hold the API permission, nor be a full administrator: said, not offered.
  await form.getByTestId('account-user-type-employee').check();
  await expect(form.getByTestId('account-permission-api.admin')).toBeDisabled();
  await expect(form.getByTestId('account-module-api')).toContainText(/Non disponible pour un compte «\s?Employé\s?»/);
  await expect(form.getByTestId('account-admin-level-full')).toBeDisabled();
  await form.getByTestId('account-admin-level-limited').check();
  for (const permission of ['manager.accounts', 'monitoring.logs', 'orders.pm']) await form.getByTestId(`account-permission-${permission}`).check();
  await form.getByTestId(`account-site-${lyon}`).check();
  await form.locator('input[name="password"]').fill(CLAIRE.password);
  await expect(form.getByTestId('password-strength')).toBeVisible();
  await scrollPanel(page, 'top');
  await shotOfWindow(page, 'accounts-form-fr');
  await form.getByTestId('account-user-type-employee').evaluate((el) => el.closest('section')?.scrollIntoView({ block: 'start' }));
  await shotOfWindow(page, 'accounts-form-access-fr');
  await form.getByTestId('account-form-submit').click();
  await expect(dialog.getByTestId('field-error-username')).toHaveText('Cet identifiant est déjà utilisé.');
  await expect(dialog).toBeVisible();
  await form.locator('input[name="username"]').fill(CLAIRE.username);
  await form.getByTestId('account-form-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('accounts-notice')).toContainText(`Le compte ${CLAIRE.username} est créé.`);
  const row = page.locator(`[data-testid="account-row"][data-username="${CLAIRE.username}"]`);
  await expect(row).toContainText('Martin, Claire Anne');
  await expect(row).toContainText('Employé');
  await expect(row).toContainText('Limitée');
  await expect(row).toContainText('Lyon');

  // Edit from the row's menu: only what changed is saved.
  await row.getByTestId('account-menu').click();
  await expect(page.getByTestId('account-menu-panel')).toBeVisible();
  await shotOfWindow(page, 'accounts-row-menu-fr');
  await page.getByTestId('account-menu-panel').getByTestId('account-edit').click();
  await expect(dialog).toBeVisible();
  await expect(form.locator('input[name="username"]')).toHaveValue(CLAIRE.username);
  await expect(form.getByTestId('account-permission-orders.pm')).toBeChecked();
  await expect(form.getByTestId('account-status-inactive')).toBeVisible();
  await expect(form.getByTestId('account-form-submit')).toBeDisabled();
  await form.locator('input[name="phoneFax"]').fill('+33 4 72 00 00 09');
  await form.getByTestId('account-permission-monitoring.statistics').check();
  await form.getByTestId('account-form-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('accounts-notice')).toContainText(`Le compte ${CLAIRE.username} est enregistré.`);

  // She signs in once in her own window, so her page has something to show.
  const other = await secondWindow(browser, vigie.url);
  await signIn(other, CLAIRE.username, 'pas son mot de passe');
  await expect(other.getByTestId('form-error')).toBeVisible();
  await signIn(other, CLAIRE.username, CLAIRE.password);
  await expect(other.getByTestId('dashboard')).toBeVisible();
  await other.context().close();

  // Her page: identity, access, who created her, sign-ins.
  await row.getByTestId('account-link').click();
  const detail = page.getByTestId('account-detail');
  await expect(detail).toBeVisible();
  await expect(page).toHaveURL(/#\/accounts\/\d+$/);
  await expect(page.getByTestId('account-detail-name')).toHaveText('Claire Anne Martin');
  await expect(page.getByTestId('account-identity')).toContainText('69002 Lyon');
  await expect(page.getByTestId('account-identity')).toContainText('+33 4 72 00 00 09');
  await expect(page.getByTestId('account-detail-permissions')).toContainText('Statistiques');
  await expect(page.getByTestId('account-detail-sites')).toContainText('Lyon');
  await expect(page.getByTestId('account-parent')).toHaveText(MANAGER.username);
  await expect(page.getByTestId('account-sign-ins').getByTestId('signin-row')).toHaveCount(2);
  await expect(page.getByTestId('account-last-success')).not.toContainText('Jamais');
  await shot(page, 'account-detail-fr');

  // Her creator lists her among the sub-administrators it created; its own page is read-only.
  await page.getByTestId('account-parent').click();
  await expect(page.getByTestId('account-detail-name')).toHaveText('Marie Dupont');
  await expect(page.getByTestId('account-children')).toContainText(CLAIRE.username);
  await expect(page.getByTestId('account-read-only')).toContainText('votre propre compte');
  await expect(page.getByTestId('account-danger-zone')).toHaveCount(0);
  await page.getByTestId('account-children').getByRole('link', { name: CLAIRE.username }).click();
  await expect(page.getByTestId('account-detail-name')).toHaveText('Claire Anne Martin');

  // Deactivation first: it is the recommended way, explained, and reversible.
  const danger = page.getByTestId('account-danger-zone');
  await expect(danger).toContainText('Recommandé');
  await expect(danger.getByTestId('account-deactivate-button')).toBeVisible();
  // Even when asking to delete an active account, deactivation is offered first.
  await danger.getByTestId('account-delete').click();
  await expect(page.getByTestId('account-delete-recommendation')).toContainText('la désactivation suffit');
  await shotOfWindow(page, 'account-delete-recommendation-fr');
  await page.getByTestId('account-delete-deactivate-instead').click();
  await expect(page.getByTestId('account-delete-dialog')).toHaveCount(0);
  const deactivate = page.getByTestId('account-deactivate-dialog');
  await expect(deactivate).toContainText('Vous pourrez le réactiver à tout moment.');
  await deactivate.getByTestId('account-deactivate-confirm').click();
  await expect(deactivate).toHaveCount(0);
  await expect(page.getByTestId('account-detail-status')).toHaveText('Désactivé');
  await expect(page.getByTestId('accounts-notice')).toContainText('est désactivé');
  await expect(danger.getByTestId('account-activate-button')).toBeVisible();

  // Deletion: the username typed again, then the step-up confirmation.
  await danger.getByTestId('account-delete').click();
  const remove = page.getByTestId('account-delete-dialog');
  await expect(remove).toBeVisible();
  const confirm = remove.getByTestId('account-delete-confirm');
  await expect(confirm).toBeDisabled();
  await remove.getByTestId('account-delete-username').fill('claire');
  await expect(confirm).toBeDisabled();
  await remove.getByTestId('account-delete-username').fill(CLAIRE.username);
  await expect(confirm).toBeEnabled();
  await expect(remove).toContainText('Son historique reste lisible dans le journal d’audit.');
  await shotOfWindow(page, 'account-delete-dialog-fr');
  await confirm.click();
  await confirmStepUp(page, MANAGER.password);
  await expect(page).toHaveURL(/#\/accounts$/);
  await expect(page.getByTestId('accounts-notice')).toContainText(`Le compte ${CLAIRE.username} est supprimé.`);
  await page.getByTestId('accounts-include-inactive').check();
  await expectCount(page, 1);
  await expect(row).toHaveCount(0);

  // The audit trail still tells her story.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-filter-target').fill(CLAIRE.username);
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-action', 'account.delete');
  expect(await page.getByTestId('audit-row').count()).toBeGreaterThanOrEqual(4);
});

test('a limited sub-administrator sees only its sites and is offered only what it may grant', async ({ page, vigie }) => {
  test.setTimeout(120_000);
  await openIn(page, vigie.url, 'fr');
  await completeSetup(page);
  const lyon = await createSite(page, 'Lyon');
  const paris = await createSite(page, 'Paris');
  const chef = { username: 'chef.lyon', firstName: 'Louis', lastName: 'Garnier', email: 'chef.lyon@example.fr', password: 'le rhône coule vers le sud' };
  const create = async (input: Record<string, unknown>) => {
    const result = await callChannel(page, 'accounts.create', input);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  };
  await create({ ...chef, userType: 'business', adminLevel: 'limited', permissions: ['manager.accounts', 'monitoring.logs', 'orders.pm'], siteIds: [lyon] });
  await create({ username: 'agent.lyon', firstName: 'Inès', lastName: 'Roux', email: 'agent.lyon@example.fr', password: 'une phrase assez longue ici', permissions: ['monitoring.logs'], siteIds: [lyon] });
  await create({ username: 'agent.paris', firstName: 'Hugo', lastName: 'Blanc', email: 'agent.paris@example.fr', password: 'une phrase assez longue ici', permissions: ['monitoring.logs'], siteIds: [paris] });
  // On its site, but holding a permission it does not have: visible, not changeable.
  await create({ username: 'expert.lyon', firstName: 'Aiko', lastName: 'Mori', email: 'expert.lyon@example.fr', password: 'une phrase assez longue ici', permissions: ['api.admin'], siteIds: [lyon] });
  await signOut(page);

  await signIn(page, chef.username, chef.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await openAccounts(page);
  const rows = page.getByTestId('account-row');
  await expect(page.locator('[data-username="agent.lyon"]')).toBeVisible();
  await expect(page.locator('[data-username="agent.paris"]')).toHaveCount(0);
  await expect(page.locator(`[data-username="${MANAGER.username}"]`)).toHaveCount(0);
  await expectCount(page, 3);
  await expect(rows).toHaveCount(3);

  // The more powerful account opens read-only, with the reason; its menu offers no change.
  const expert = page.locator('[data-username="expert.lyon"]');
  await expert.getByTestId('account-menu').click();
  await expect(expert.getByTestId('account-open')).toBeVisible();
  await expect(expert.getByTestId('account-edit')).toHaveCount(0);
  await expect(expert.getByTestId('account-reset-password')).toHaveCount(0);
  await expert.getByTestId('account-open').click();
  await expect(page.getByTestId('account-read-only')).toHaveText(/droits ou un niveau d’administration que vous n’avez pas/);
  await expect(page.getByTestId('account-detail-edit')).toHaveCount(0);
  await expect(page.getByTestId('account-danger-zone')).toHaveCount(0);
  await page.getByTestId('account-back').click();
  await expect(rows).toHaveCount(3);

  await page.getByTestId('accounts-new').click();
  const form = page.getByTestId('account-form');
  await expect(form).toBeVisible();
  // Exactly its own three permissions, its own level at most, its own site.
  await expect(form.getByTestId('account-permissions').locator('input[type="checkbox"]')).toHaveCount(3);
  for (const permission of ['manager.accounts', 'monitoring.logs', 'orders.pm']) await expect(form.getByTestId(`account-permission-${permission}`)).toBeVisible();
  await expect(form.getByTestId('account-permission-api.admin')).toHaveCount(0);
  await expect(form.getByTestId('account-permission-manager.rights')).toHaveCount(0);
  await expect(form.getByTestId('account-permissions-hidden')).toHaveText('8 droits que vous ne détenez pas vous-même ne sont pas proposés.');
  await expect(form.getByTestId('account-admin-level-full')).toHaveCount(0);
  await expect(form.getByTestId('account-admin-level-limited')).toBeVisible();
  await expect(form.getByTestId(`account-site-${lyon}`)).toBeVisible();
  await expect(form.getByTestId(`account-site-${paris}`)).toHaveCount(0);

  await form.locator('input[name="username"]').fill('nouveau.lyon');
  await form.locator('input[name="firstName"]').fill('Jade');
  await form.locator('input[name="lastName"]').fill('Fontaine');
  await form.locator('input[name="email"]').fill('nouveau.lyon@example.fr');
  await form.getByTestId('account-permission-monitoring.logs').check();
  await form.locator('input[name="password"]').fill('la saône est plus calme');
  // Its only site is ticked from the start.
  await expect(form.getByTestId(`account-site-${lyon}`)).toBeChecked();
  await form.getByTestId('account-permissions').scrollIntoViewIfNeeded();
  await shotOfWindow(page, 'accounts-form-limited-fr');
  // Without a site the main process says so on the sites.
  await form.getByTestId(`account-site-${lyon}`).uncheck();
  await form.getByTestId('account-form-submit').click();
  await expect(page.getByTestId('field-error-siteIds')).toHaveText('Attribuez au moins un de vos sites.');
  await form.getByTestId(`account-site-${lyon}`).check();
  await form.getByTestId('account-form-submit').click();
  await expect(page.getByTestId('account-form-dialog')).toHaveCount(0);
  await expect(page.locator('[data-username="nouveau.lyon"]')).toBeVisible();
  await expectCount(page, 4);
});

const WORDS: Record<Exclude<Language, 'fr'>, { title: string; newAccount: string; count: string; detailBack: string }> = {
  en: { title: 'Accounts', newAccount: 'New account', count: 'accounts', detailBack: 'All accounts' },
  ja: { title: 'アカウント', newAccount: '新規アカウント', count: '件のアカウント', detailBack: 'アカウント一覧' },
};
const LOCALES = { en: 'en-GB', ja: 'ja-JP' } as const;

for (const language of ['en', 'ja'] as const) {
  test.describe(() => {
    test.use({ locale: LOCALES[language] });
    test(`the accounts screens in ${language}`, async ({ page, vigie }) => {
      test.setTimeout(90_000);
      const words = WORDS[language];
      await openIn(page, vigie.url, language);
      await completeSetup(page);
      const seeded = seedDatabase(vigie.dataDir, 60);
      await openAccounts(page);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.title);
      await expectCount(page, shownByDefault(seeded));
      await expect(page.getByTestId('accounts-count')).toContainText(words.count);
      await page.getByTestId('accounts-filter-status-locked').check();
      await page.getByTestId('accounts-filter-status-active').check();
      await expect(page.getByTestId('accounts-filters-active')).toBeVisible();
      await page.locator('[data-username="agent.004"]').getByTestId('account-select').check();
      await shot(page, `accounts-list-${language}`);

      await page.getByTestId('accounts-new').click();
      await expect(page.getByTestId('account-form-dialog')).toContainText(words.newAccount);
      await page.getByTestId('account-user-type-readonly').check();
      await page.getByTestId('account-user-type-readonly').scrollIntoViewIfNeeded();
      await shotOfWindow(page, `accounts-form-${language}`);
      // Something was chosen: cancelling asks before throwing it away.
      await page.getByTestId('account-form-cancel').click();
      await page.getByTestId('account-discard-dialog').getByTestId('account-discard-confirm').click();
      await expect(page.getByTestId('account-form-dialog')).toHaveCount(0);

      await page.locator('[data-username="agent.011"]').getByTestId('account-link').click();
      await expect(page.getByTestId('account-back')).toHaveText(words.detailBack);
      await expect(page.getByTestId('account-locked-until')).toBeVisible();
      await shot(page, `account-detail-${language}`);
    });
  });
}
