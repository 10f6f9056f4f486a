// Passwords and lockout end to end, with two windows (two sessions): a Manager issues a
// temporary password that forces the change screen; five wrong passwords lock an account,
// which the Manager finds in "locked only" and unlocks.
import { expect, test } from './fixtures';
import { OPERATOR, confirmStepUp, createAccount, secondWindow } from './security-helpers';
import { MANAGER, collectPageErrors, completeSetup, signIn } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test.use({ viewport: { width: 1280, height: 800 } });

test('a Manager resets a password: the temporary one forces the change screen, where a common password is refused', async ({ page, vigie, browser }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  await createAccount(page);

  await page.getByTestId('nav-accounts').click();
  const row = page.locator(`[data-testid="account-row"][data-username="${OPERATOR.username}"]`);
  await expect(row).toBeVisible();
  // The row's actions are in its menu.
  await row.getByTestId('account-menu').click();
  await row.getByTestId('account-reset-password').click();
  await expect(page.getByTestId('reset-password-dialog')).toContainText(OPERATOR.username);
  await page.getByTestId('reset-password-confirm').click();
  // Sensitive: the Manager confirms who they are first, then the reset goes through by itself.
  await confirmStepUp(page, MANAGER.password);
  const issued = page.getByTestId('temporary-password-dialog');
  await expect(issued).toBeVisible();
  await expect(issued).toContainText('ne sera plus affiché');
  const temporary = ((await issued.getByTestId('temporary-password').textContent()) ?? '').trim();
  expect(temporary).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
  await issued.getByTestId('temporary-password-close').click();
  await expect(issued).toHaveCount(0);
  await expect(row.getByTestId('account-must-change')).toHaveText('Mot de passe à changer');

  // The user signs in with it in their own window.
  const user = await secondWindow(browser, vigie.url);
  const userErrors = collectPageErrors(user);
  // The old password no longer works.
  await signIn(user, OPERATOR.username, OPERATOR.password);
  await expect(user.getByTestId('form-error')).toHaveText('Identifiant ou mot de passe incorrect.');
  await signIn(user, OPERATOR.username, temporary);
  const screen = user.getByTestId('must-change-password');
  await expect(screen).toBeVisible();
  await expect(user.getByTestId('app-header')).toHaveCount(0);
  await expect(user.getByTestId('dashboard')).toHaveCount(0);

  const form = user.getByTestId('change-password-form');
  await form.locator('input[name="currentPassword"]').fill(temporary);
  await form.locator('input[name="newPassword"]').fill('leavemealone');
  await form.locator('input[name="newPasswordConfirmation"]').fill('leavemealone');
  // The live hint says it before the main process does.
  await expect(form.getByTestId('password-strength')).toContainText('Robustesse estimée');
  await form.locator('button[type="submit"]').click();
  await expect(form.getByTestId('field-error-newPassword')).toHaveText(/mots de passe les plus courants ou déjà divulgués/);
  await expect(screen).toBeVisible();

  // The account's own email address is refused too; then a good one opens the console.
  await form.locator('input[name="newPassword"]').fill(OPERATOR.email);
  await form.locator('input[name="newPasswordConfirmation"]').fill(OPERATOR.email);
  await form.locator('button[type="submit"]').click();
  await expect(form.getByTestId('field-error-newPassword')).toHaveText('Le mot de passe ne peut pas être votre adresse e-mail.');
  const chosen = 'la mer monte doucement ce soir';
  await form.locator('input[name="currentPassword"]').fill(temporary);
  await form.locator('input[name="newPassword"]').fill(chosen);
  await form.locator('input[name="newPasswordConfirmation"]').fill(chosen);
  await form.locator('button[type="submit"]').click();
  await expect(user.getByTestId('dashboard')).toBeVisible();
  await expect(user).toHaveURL(/#\/dashboard$/);

  // The Manager's list follows: nothing to change any more.
  await page.reload();
  await signIn(page, MANAGER.username, MANAGER.password);
  await page.getByTestId('nav-accounts').click();
  await expect(row.getByTestId('account-must-change')).toHaveCount(0);

  // The new password is the one that works from now on.
  await user.getByTestId('profile-menu-button').click();
  await user.getByTestId('sign-out').click();
  await signIn(user, OPERATOR.username, chosen);
  await expect(user.getByTestId('dashboard')).toBeVisible();
  expect(userErrors).toEqual([]);
  await user.context().close();
});

test('five wrong passwords lock an account; a Manager finds it in "locked only" and unlocks it', async ({ page, vigie, browser }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  await createAccount(page);
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('account-row')).toHaveCount(2);

  const user = await secondWindow(browser, vigie.url);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(user, OPERATOR.username, `not the password, try ${attempt}`);
    await expect(user.getByTestId('form-error')).toHaveText('Identifiant ou mot de passe incorrect.');
    // The form is ready again once the (progressively slower) answer came.
    await expect(user.getByTestId('signin-form').locator('button[type="submit"]')).toBeEnabled();
  }
  // Locked for a while now: even the right password is turned away, and told why.
  await signIn(user, OPERATOR.username, OPERATOR.password);
  await expect(user.getByTestId('form-error')).toHaveText(/Ce compte est verrouillé\. Après plusieurs échecs de connexion, le verrouillage est temporaire/);
  await expect(user.getByTestId('dashboard')).toHaveCount(0);

  // The Manager's window shows it (live) and the "locked only" filter finds it.
  await page.getByTestId('accounts-locked-only').check();
  const rows = page.getByTestId('account-row');
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toHaveAttribute('data-username', OPERATOR.username);
  await expect(row.getByTestId('account-locked-until')).toHaveText(/^Verrouillé jusqu’à \d{2}:\d{2}$/);
  await expect(row.getByTestId('account-failed-attempts')).toHaveText('5 échecs');
  await row.getByTestId('account-unlock').click();
  await expect(page.getByTestId('accounts-notice')).toHaveText(`Le compte ${OPERATOR.username} est déverrouillé.`);
  await expect(rows).toHaveCount(0);
  await page.getByTestId('accounts-locked-only').uncheck();
  await expect(rows).toHaveCount(2);

  // The user can sign in at once.
  await signIn(user, OPERATOR.username, OPERATOR.password);
  await expect(user.getByTestId('dashboard')).toBeVisible();

  // Both the lock and the unlock are in the audit trail.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-filter-action').selectOption('account.unlock');
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('audit-row').first()).toContainText('Déverrouillage d’un compte');
  await user.context().close();
});

test('the include-inactive choice is remembered and the search filters the list', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  await createAccount(page);
  await createAccount(page, { ...OPERATOR, username: 'kenji.sato', firstName: 'Kenji', lastName: 'Sato', email: 'kenji.sato@example.jp' });
  await page.getByTestId('nav-accounts').click();
  const rows = page.getByTestId('account-row');
  await expect(rows).toHaveCount(3);
  await page.getByTestId('accounts-search').fill('sato');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Sato, Kenji');
  await page.getByTestId('accounts-search').fill('');
  await expect(rows).toHaveCount(3);

  await page.getByTestId('accounts-include-inactive').check();
  await page.reload();
  await signIn(page, MANAGER.username, MANAGER.password);
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('accounts-include-inactive')).toBeChecked();
  await expect(page.getByTestId('accounts-locked-only')).not.toBeChecked();
});
