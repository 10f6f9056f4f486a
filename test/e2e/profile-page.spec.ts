// The profile page end to end: names and phones, the picture (seen in the header), the e-mail
// change with the password, the sign-ins table, the idle lock that keeps what was typed, and
// the security settings page.
import { expect, test } from './fixtures';
import { openProfile, samplePng, secondWindow } from './security-helpers';
import { MANAGER, collectPageErrors, completeSetup, signIn, signOut } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test.use({ viewport: { width: 1280, height: 800 } });

test('edit names and phones, set a picture, change the e-mail, read the sign-ins', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  // A refused sign-in, so the table shows a failure too.
  await signOut(page);
  await signIn(page, MANAGER.username, 'not quite the password');
  await expect(page.getByTestId('form-error')).toBeVisible();
  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();

  await openProfile(page);
  await expect(page.getByTestId('profile-username')).toHaveText(MANAGER.username);
  await expect(page.getByTestId('profile-permissions').locator('[data-permission="manager.accounts"]')).toHaveText('Comptes');
  await expect(page.getByTestId('profile-identity')).toContainText('Administrateur complet');

  // Names and phones: a wrong phone is refused on its field, nothing is saved.
  const form = page.getByTestId('profile-details-form');
  await form.locator('input[name="lastName"]').fill('Lefèvre');
  await form.locator('input[name="phoneWork"]').fill('+33 1 23 45 67 89');
  await form.locator('input[name="phoneMobile"]').fill('06 12 34 56 78');
  await form.locator('input[name="phoneLandline"]').fill('call me maybe');
  await form.locator('button[type="submit"]').click();
  await expect(form.getByTestId('field-error-phoneLandline')).toHaveText('Chiffres, espaces et + ( ) . / - uniquement.');
  await expect(page.getByTestId('profile-menu-button')).toHaveText('MD');
  await form.locator('input[name="phoneLandline"]').fill('(01) 98.76.54.32');
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('profile-details-status')).toHaveText('Modifications enregistrées.');
  await expect(page.getByTestId('profile-menu-button')).toHaveText('ML');
  await expect(form.locator('button[type="submit"]')).toBeDisabled();

  // The picture: a file that is not an image is refused by its content, whatever its name.
  const editor = page.getByTestId('avatar-editor');
  await editor.getByTestId('avatar-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('this is not a picture at all') });
  await editor.getByTestId('avatar-save').click();
  await expect(editor.getByTestId('form-error')).toBeVisible();
  await expect(page.getByTestId('profile-menu-button').locator('img')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Annuler' }).click();

  await editor.getByTestId('avatar-input').setInputFiles({ name: 'marie.png', mimeType: 'image/png', buffer: await samplePng() });
  await expect(editor.getByTestId('avatar-preview')).toBeVisible();
  await editor.getByTestId('avatar-save').click();
  const headerPicture = page.getByTestId('profile-menu-button').locator('img');
  await expect(headerPicture).toHaveAttribute('src', /^data:image\/webp;base64,/);
  await expect(editor.getByTestId('avatar-remove')).toBeVisible();
  await page.getByTestId('profile-menu-button').click();
  await expect(page.getByTestId('profile-menu').locator('img')).toHaveAttribute('src', /^data:image\//);
  await page.keyboard.press('Escape');

  // The e-mail: the current password is asked, and a wrong one is said on its field.
  await page.getByTestId('change-email').click();
  const dialog = page.getByTestId('change-email-dialog');
  await expect(dialog).toContainText(MANAGER.email);
  await expect(dialog).toContainText('Vérifiez que vous recevez bien les messages à cette adresse');
  await dialog.locator('input[name="email"]').fill('marie.lefevre@example.fr');
  await dialog.locator('input[name="currentPassword"]').fill('not my password');
  await dialog.locator('button[type="submit"]').click();
  await expect(dialog.getByTestId('field-error-currentPassword')).toHaveText('Ce n’est pas votre mot de passe actuel.');
  await dialog.locator('input[name="currentPassword"]').fill(MANAGER.password);
  await dialog.locator('button[type="submit"]').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('profile-email')).toHaveText('marie.lefevre@example.fr');
  await expect(page.getByTestId('profile-details-status')).toHaveText('Adresse e-mail modifiée.');

  // The sign-ins, newest first: this sign-in, the refused one, the first-run setup.
  const signIns = page.getByTestId('profile-signins').getByTestId('signin-row');
  await expect(signIns).toHaveCount(3);
  await expect(signIns.nth(0)).toContainText('Réussie');
  await expect(signIns.nth(1)).toContainText('Échec');
  await expect(signIns.nth(1)).toContainText('Mot de passe erroné');
  await expect(signIns.nth(2)).toContainText('Mise en service');

  // What was saved is what the page shows after signing in again.
  await signOut(page);
  await signIn(page, MANAGER.username, MANAGER.password);
  await openProfile(page);
  await expect(form.locator('input[name="lastName"]')).toHaveValue('Lefèvre');
  await expect(form.locator('input[name="phoneLandline"]')).toHaveValue('(01) 98.76.54.32');
  await expect(page.getByTestId('profile-menu-button').locator('img')).toHaveAttribute('src', /^data:image\/webp;base64,/);
  await editor.getByTestId('avatar-remove').click();
  await expect(page.getByTestId('profile-menu-button')).toHaveText('ML');
});

test('the idle lock covers the page and keeps what was typed in it', async ({ page, vigie }) => {
  // The page's clock is driven by the test; the main process keeps its own.
  await page.clock.install();
  await page.goto(vigie.url);
  await completeSetup(page);

  // The Manager sets the idle time to one minute in the security settings (gear menu).
  await page.getByTestId('gear-menu-button').click();
  await page.getByTestId('gear-menu').getByRole('menuitem', { name: 'Sécurité' }).click();
  const settings = page.getByTestId('security-settings-form');
  await expect(settings).toBeVisible();
  await settings.locator('input[name="idleLockMinutes"]').fill('1');
  await settings.locator('button[type="submit"]').click();
  await expect(page.getByTestId('security-settings-status')).toHaveText('Réglages enregistrés.');

  await openProfile(page);
  const firstName = page.getByTestId('profile-details-form').locator('input[name="firstName"]');
  await firstName.fill('Marie-Hélène, pas encore enregistré');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);

  await page.clock.fastForward('01:10');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await expect(lock).toContainText('1 minute');
  await expect(lock.locator('input[name="password"]')).toBeFocused();
  // Escape does not lift it.
  await page.keyboard.press('Escape');
  await expect(lock).toBeVisible();

  await lock.locator('input[name="password"]').fill('this is not it');
  await lock.locator('button[type="submit"]').click();
  await expect(lock.getByTestId('field-error-password')).toHaveText('Mot de passe incorrect.');
  await lock.locator('input[name="password"]').fill(MANAGER.password);
  await lock.locator('button[type="submit"]').click();
  await expect(lock).toHaveCount(0);
  // The page was never unmounted: the unsaved text is still there.
  await expect(firstName).toHaveValue('Marie-Hélène, pas encore enregistré');
  await expect(page.getByTestId('profile-page')).toBeVisible();
});

test('a call refused because the session is idle-locked brings the lock screen, then goes through', async ({ page, vigie }) => {
  // The main process's idle time is at least a minute, in real time.
  test.setTimeout(150_000);
  await page.clock.install();
  await page.goto(vigie.url);
  await completeSetup(page);
  await page.getByTestId('gear-menu-button').click();
  await page.getByTestId('gear-menu').getByRole('menuitem', { name: 'Sécurité' }).click();
  const settings = page.getByTestId('security-settings-form');
  // Out of range first: said on the field, nothing sent.
  await settings.locator('input[name="lockoutThreshold"]').fill('2');
  await settings.locator('input[name="temporaryPasswordHours"]').fill('1.5');
  await settings.locator('button[type="submit"]').click();
  await expect(settings.getByTestId('field-error-lockoutThreshold')).toHaveText('Saisissez un nombre entre 3 et 20.');
  await expect(settings.getByTestId('field-error-temporaryPasswordHours')).toHaveText('Saisissez un nombre entier.');
  await settings.locator('input[name="lockoutThreshold"]').fill('6');
  await settings.locator('input[name="temporaryPasswordHours"]').fill('24');
  await settings.locator('input[name="idleLockMinutes"]').fill('1');
  await settings.locator('button[type="submit"]').click();
  await expect(page.getByTestId('security-settings-status')).toHaveText('Réglages enregistrés.');

  // The settings were recorded with their values before and after.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-filter-action').selectOption('settings.security.update');
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('audit-row').first()).toContainText('Seuil de verrouillage');

  // A minute and more without a call: the main process locks the session. The page's own
  // clock is paused, so only the refusal of the next call can bring the lock screen.
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/security';
  });
  await expect(settings.locator('input[name="lockoutThreshold"]')).toHaveValue('6');
  await settings.locator('input[name="lockoutMinutes"]').fill('20');
  await page.clock.pauseAt(new Date(Date.now() + 1_000));
  await page.waitForTimeout(62_000);
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await settings.locator('button[type="submit"]').click();
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await lock.locator('input[name="password"]').fill(MANAGER.password);
  await lock.locator('button[type="submit"]').click();
  await expect(lock).toHaveCount(0);
  // The save waited behind the lock and went through once unlocked.
  await expect(page.getByTestId('security-settings-status')).toHaveText('Réglages enregistrés.');
  await expect(settings.locator('input[name="lockoutMinutes"]')).toHaveValue('20');
});

test('signing out everywhere ends the session of another window at once, with a message', async ({ page, vigie, browser }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  const other = await secondWindow(browser, vigie.url);
  await signIn(other, MANAGER.username, MANAGER.password);
  await expect(other.getByTestId('dashboard')).toBeVisible();

  await openProfile(page);
  await page.getByTestId('sign-out-everywhere').click();
  const dialog = page.getByTestId('sign-out-everywhere-dialog');
  await expect(dialog).toBeVisible();
  // Cancel first: nothing happens.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(other.getByTestId('dashboard')).toBeVisible();

  await page.getByTestId('sign-out-everywhere').click();
  await page.getByTestId('sign-out-everywhere-confirm').click();
  await expect(page.getByTestId('signin-info')).toHaveText('Vous avez été déconnecté de toutes vos sessions.');
  // The other window learns it from the 'auth.changed' event, without doing anything.
  await expect(other.getByTestId('signin-info')).toHaveText('Votre session a pris fin. Reconnectez-vous pour continuer.');
  await expect(other.getByTestId('app-header')).toHaveCount(0);
  await other.context().close();
});
