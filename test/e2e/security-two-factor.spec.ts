// Two-factor authentication end to end: enrol by reading the key shown on screen (as a phone
// scanning the QR code would), keep the recovery codes, then sign in with a code, with a
// recovery code, and see that recovery code refused the second time.
import * as OTPAuth from 'otpauth';
import { expect, test } from './fixtures';
import { OPERATOR, confirmStepUp, createAccount, enrolTwoFactor, openProfile, signInWithSecondFactor } from './security-helpers';
import { MANAGER, collectPageErrors, completeSetup, signIn, signOut } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('enrol two-factor, sign in with a code, then with a recovery code that works only once', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  await openProfile(page);
  const card = page.getByTestId('two-factor-card');
  await expect(card.getByTestId('two-factor-status')).toHaveText('Désactivée');

  const { authenticator, recoveryCodes } = await enrolTwoFactor(page, MANAGER.password, async (step) => {
    if (step === 'enrolment') {
      // The QR code is an image of the otpauth URI, whose secret is the key written under it.
      const qr = card.getByTestId('two-factor-qr');
      await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
      const uri = OTPAuth.URI.parse((await qr.getAttribute('data-otpauth')) ?? '');
      const secret = ((await card.getByTestId('two-factor-secret').textContent()) ?? '').replace(/\s+/g, '');
      expect(uri).toBeInstanceOf(OTPAuth.TOTP);
      expect((uri as OTPAuth.TOTP).secret.base32).toBe(secret);
      expect((uri as OTPAuth.TOTP).issuer).toBe('Vigie');
      expect((uri as OTPAuth.TOTP).label).toBe(MANAGER.username);
      // A wrong first code does not turn anything on.
      await card.getByTestId('two-factor-enrolment').locator('input[name="code"]').fill('000000');
      await card.getByTestId('two-factor-confirm').click();
      await expect(card.getByTestId('field-error-code')).toBeVisible();
    } else {
      // Shown once: Escape does not close the dialog before the codes are said to be saved.
      const dialog = page.getByTestId('recovery-codes-dialog');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('recovery-codes-done')).toBeDisabled();
    }
  });
  expect(recoveryCodes).toHaveLength(10);
  for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
  expect(new Set(recoveryCodes).size).toBe(10);
  await expect(card.getByTestId('two-factor-status')).toHaveText('Activée');
  await expect(card.getByTestId('recovery-codes-left')).toContainText('10');

  // Sign in again: the password alone is not enough any more.
  await signOut(page);
  await signIn(page, MANAGER.username, MANAGER.password);
  const form = page.getByTestId('two-factor-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('dashboard')).toHaveCount(0);
  const codeInput = form.locator('input[name="code"]');
  await expect(codeInput).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(codeInput).toHaveAttribute('inputmode', 'numeric');
  await expect(codeInput).toBeFocused();
  await codeInput.fill('000000');
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('form-error')).toContainText('Ce code n’est pas valable');
  await expect(form).toBeVisible();
  await codeInput.fill(await authenticator.code());
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();

  // A recovery code instead of the app's code.
  await signOut(page);
  await signInWithSecondFactor(page, MANAGER.username, MANAGER.password, { recoveryCode: recoveryCodes[0]! });
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await openProfile(page);
  await expect(page.getByTestId('recovery-codes-left')).toContainText('9');
  // The sign-ins table says how each sign-in went.
  const rows = page.getByTestId('profile-signins').getByTestId('signin-row');
  await expect(rows.first()).toContainText('Code de récupération utilisé');
  await expect(page.getByTestId('profile-signins').locator('[data-success="false"]').first()).toContainText('Code de double authentification erroné');

  // The same recovery code a second time: refused.
  await signOut(page);
  await signInWithSecondFactor(page, MANAGER.username, MANAGER.password, { recoveryCode: recoveryCodes[0]! });
  await expect(page.getByTestId('form-error')).toContainText('Ce code n’est pas valable');
  await expect(page.getByTestId('two-factor-form')).toBeVisible();
  await expect(page.getByTestId('dashboard')).toHaveCount(0);

  // Another one still works; turning two-factor off needs the password and a code.
  await page.getByTestId('two-factor-form').locator('input[name="recoveryCode"]').fill(recoveryCodes[1]!);
  await page.getByTestId('two-factor-form').locator('button[type="submit"]').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await openProfile(page);
  await page.getByTestId('two-factor-disable').click();
  const disable = page.getByTestId('two-factor-disable-form');
  await disable.locator('input[name="password"]').fill(MANAGER.password);
  await disable.locator('input[name="code"]').fill(await authenticator.code());
  await disable.locator('button[type="submit"]').click();
  await expect(page.getByTestId('two-factor-status')).toHaveText('Désactivée');
  // Back to the password alone.
  await signOut(page);
  await signIn(page, MANAGER.username, MANAGER.password);
  await expect(page.getByTestId('dashboard')).toBeVisible();
});

test('the step-up dialog asks for the code when two-factor is on; Escape cancels and gives the refusal back', async ({ page, vigie }) => {
  await page.goto(vigie.url);
  await completeSetup(page);
  await createAccount(page);
  await openProfile(page);
  const { authenticator } = await enrolTwoFactor(page, MANAGER.password);
  // Enrolment confirmed the identity a moment ago; a fresh sign-in has not.
  await signOut(page);
  await signInWithSecondFactor(page, MANAGER.username, MANAGER.password, { code: await authenticator.code() });
  await expect(page.getByTestId('dashboard')).toBeVisible();

  // The main process refuses a sensitive call made around the console's client.
  const raw = await page.evaluate(() => (globalThis as unknown as { vigie: { call(c: string, i: unknown): Promise<unknown> } }).vigie.call('accounts.resetPassword', { accountId: 2 }));
  expect(raw).toMatchObject({ ok: false, error: { code: 'STEP_UP_REQUIRED' } });

  await page.getByTestId('nav-accounts').click();
  const row = page.locator(`[data-testid="account-row"][data-username="${OPERATOR.username}"]`);
  await row.getByTestId('account-menu').click();
  await row.getByTestId('account-reset-password').click();
  await page.getByTestId('reset-password-confirm').click();
  const dialog = page.getByTestId('step-up-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('input[name="code"]')).toBeVisible();
  // Focus starts in the password field and Tab never leaves the dialog.
  await expect(dialog.locator('input[name="password"]')).toBeFocused();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('reset-password-dialog').getByTestId('form-error')).toHaveText('Cette action sensible demande de confirmer votre identité.');

  // A wrong code is refused in the dialog, which stays open.
  await page.getByTestId('reset-password-confirm').click();
  await expect(dialog).toBeVisible();
  await dialog.locator('input[name="password"]').fill(MANAGER.password);
  await dialog.locator('input[name="code"]').fill('000000');
  await dialog.locator('button[type="submit"]').click();
  await expect(dialog.getByTestId('field-error-code')).toHaveText('Ce code n’est pas valable ou a déjà servi.');
  await confirmStepUp(page, MANAGER.password, await authenticator.code());
  // The action went through after the confirmation, without a second click.
  await expect(page.getByTestId('temporary-password-dialog')).toBeVisible();
  await expect(page.getByTestId('temporary-password')).toHaveText(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
});
