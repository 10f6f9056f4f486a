// Every screen of account security and the profile, in French, English and Japanese, saved
// under test-results/screenshots/ for review. Headings are checked in each language, so an
// untranslated screen fails here too.
import { expect, test } from './fixtures';
import { OPERATOR, confirmStepUp, createAccount, enrolTwoFactor, openProfile, samplePng, screen, secondWindow } from './security-helpers';
import { MANAGER, collectPageErrors, completeSetup, openIn, signIn, type Language } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

const WORDS: Record<Language, { accounts: string; profile: string; security: string; mustChange: string; lock: string; stepUp: string; twoFactor: string; forgot: string; signedOutEverywhere: string }> = {
  fr: {
    accounts: 'Comptes',
    profile: 'Mon profil',
    security: 'Sécurité',
    mustChange: 'Choisissez un nouveau mot de passe',
    lock: 'Session verrouillée',
    stepUp: 'Confirmez votre identité',
    twoFactor: 'Authentification à deux facteurs',
    forgot: 'Mot de passe oublié ou téléphone perdu',
    signedOutEverywhere: 'Vous avez été déconnecté de toutes vos sessions.',
  },
  en: {
    accounts: 'Accounts',
    profile: 'My profile',
    security: 'Security',
    mustChange: 'Choose a new password',
    lock: 'Session locked',
    stepUp: 'Confirm it’s you',
    twoFactor: 'Two-factor authentication',
    forgot: 'Forgot your password or lost your phone?',
    signedOutEverywhere: 'You have been signed out of all your sessions.',
  },
  ja: {
    accounts: 'アカウント',
    profile: 'マイプロフィール',
    security: 'セキュリティ',
    mustChange: '新しいパスワードの設定',
    lock: 'セッションのロック',
    stepUp: '本人確認',
    twoFactor: '二要素認証',
    forgot: 'パスワードを忘れた場合・スマートフォンを紛失した場合',
    signedOutEverywhere: 'すべてのセッションからログアウトしました。',
  },
};

const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', ja: 'ja-JP' };

test.use({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris' });

for (const language of ['fr', 'en', 'ja'] as const) {
  const words = WORDS[language];
  test.describe(() => {
    test.use({ locale: LOCALES[language] });

    test(`security and profile screens in ${language}`, async ({ page, vigie, browser }) => {
      test.setTimeout(150_000);
      await page.clock.install();
      await openIn(page, vigie.url, language);
      await completeSetup(page);
      await createAccount(page);
      await createAccount(page, { username: 'kenji.sato', firstName: 'Kenji', lastName: 'Sato', email: 'kenji.sato@example.jp', password: 'une autre phrase de passe', permissions: ['orders.pm'] });

      // Someone fails to sign in five times in another window: that account is locked a while.
      const other = await secondWindow(browser, vigie.url, language);
      for (let attempt = 1; attempt <= 5; attempt++) {
        await signIn(other, OPERATOR.username, `wrong password number ${attempt}`);
        await expect(other.getByTestId('form-error')).toBeVisible();
        await expect(other.getByTestId('signin-form').locator('button[type="submit"]')).toBeEnabled();
      }

      // Accounts, with the locked one.
      await page.getByTestId('nav-accounts').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.accounts);
      const row = page.locator(`[data-testid="account-row"][data-username="${OPERATOR.username}"]`);
      await expect(row.getByTestId('account-locked-until')).toBeVisible();
      await screen(page, `accounts-${language}`);
      await row.getByTestId('account-menu').click();
      await row.getByTestId('account-sign-ins').click();
      await expect(page.getByTestId('account-sign-ins-dialog').getByTestId('signin-row')).toHaveCount(5);
      await screen(page, `account-sign-ins-${language}`);
      await page.keyboard.press('Escape');

      // Unlock, then a temporary password (after the step-up confirmation).
      await row.getByTestId('account-unlock').click();
      await expect(row.getByTestId('account-locked-until')).toHaveCount(0);
      await row.getByTestId('account-menu').click();
      await row.getByTestId('account-reset-password').click();
      await expect(page.getByTestId('reset-password-dialog')).toBeVisible();
      await screen(page, `reset-password-${language}`);
      await page.getByTestId('reset-password-confirm').click();
      await expect(page.getByTestId('step-up-dialog')).toContainText(words.stepUp);
      await page.getByTestId('step-up-dialog').locator('input[name="password"]').fill(MANAGER.password);
      await screen(page, `step-up-${language}`);
      await confirmStepUp(page, MANAGER.password);
      const issued = page.getByTestId('temporary-password-dialog');
      await expect(issued).toBeVisible();
      const temporary = ((await issued.getByTestId('temporary-password').textContent()) ?? '').trim();
      await screen(page, `temporary-password-${language}`);
      await issued.getByTestId('temporary-password-close').click();

      // The other window: the temporary password leads to the change screen, with the live hint.
      await signIn(other, OPERATOR.username, temporary);
      await expect(other.getByRole('heading', { level: 1 })).toHaveText(words.mustChange);
      const change = other.getByTestId('change-password-form');
      await change.locator('input[name="currentPassword"]').fill(temporary);
      await change.locator('input[name="newPassword"]').fill('qwerty123456');
      await change.locator('input[name="newPasswordConfirmation"]').fill('qwerty123456');
      await change.locator('button[type="submit"]').click();
      await expect(change.getByTestId('field-error-newPassword')).toBeVisible();
      await expect(change.getByTestId('password-strength').locator('.strength-estimate')).toBeVisible();
      await screen(other, `must-change-password-${language}`);
      await other.context().close();

      // The profile page, the e-mail dialog, two-factor enrolment and the recovery codes.
      await openProfile(page);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.profile);
      await page.getByTestId('avatar-input').setInputFiles({ name: 'marie.png', mimeType: 'image/png', buffer: await samplePng() });
      await page.getByTestId('avatar-save').click();
      await expect(page.getByTestId('profile-menu-button').locator('img')).toBeVisible();
      await page.getByTestId('profile-details-form').locator('input[name="phoneWork"]').fill('+33 1 23 45 67 89');
      await page.getByTestId('profile-details-form').locator('button[type="submit"]').click();
      await expect(page.getByTestId('profile-details-status')).not.toBeEmpty();
      await screen(page, `profile-${language}`);
      await page.getByTestId('change-email').click();
      await expect(page.getByTestId('change-email-dialog')).toBeVisible();
      await screen(page, `change-email-${language}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('profile-page').locator('input[name="newPassword"]').fill('marie2024');
      await expect(page.getByTestId('profile-page').getByTestId('password-strength').locator('.strength-estimate')).toBeVisible();
      await page.getByTestId('profile-page').locator('input[name="newPassword"]').fill('');
      // Confirmed a moment ago (the reset): enrolment starts without asking again.
      const { authenticator, recoveryCodes } = await enrolTwoFactor(
        page,
        MANAGER.password,
        async (step) => {
          await screen(page, step === 'enrolment' ? `two-factor-enrolment-${language}` : `recovery-codes-${language}`);
        },
        { confirmedAlready: true },
      );
      await screen(page, `profile-two-factor-on-${language}`);

      // Security settings, from the gear menu.
      await page.getByTestId('gear-menu-button').click();
      await page.getByTestId('gear-menu').getByRole('menuitem', { name: words.security }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.security);
      await expect(page.getByTestId('security-settings-form').locator('input[name="idleLockMinutes"]')).toHaveValue('15');
      await screen(page, `security-settings-${language}`);

      // The idle lock, after the default 15 minutes.
      await page.clock.fastForward('15:30');
      const lock = page.getByTestId('lock-screen');
      await expect(lock).toContainText(words.lock);
      await screen(page, `lock-screen-${language}`);
      await lock.locator('input[name="password"]').fill(MANAGER.password);
      await lock.locator('input[name="code"]').fill(await authenticator.code());
      await lock.locator('button[type="submit"]').click();
      await expect(lock).toHaveCount(0);

      // Sign-in with two-factor: the code step, the recovery code, the forgot-password help.
      await page.getByTestId('profile-menu-button').click();
      await page.getByTestId('sign-out').click();
      await signIn(page, MANAGER.username, MANAGER.password);
      const second = page.getByTestId('two-factor-form');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.twoFactor);
      await screen(page, `signin-two-factor-${language}`);
      await second.getByTestId('toggle-recovery-code').click();
      await second.locator('input[name="recoveryCode"]').fill('aaaaa-bbbbb');
      await second.locator('button[type="submit"]').click();
      await expect(page.getByTestId('form-error')).toBeVisible();
      await screen(page, `signin-recovery-code-error-${language}`);
      await second.getByTestId('two-factor-back').click();
      await expect(page.getByTestId('signin-form')).toBeVisible();
      await page.getByTestId('forgot-password').click();
      await expect(page.getByTestId('forgot-password-help')).toContainText(words.forgot);
      await screen(page, `forgot-password-${language}`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('forgot-password-help')).toHaveCount(0);

      // Back in with a recovery code; sign out everywhere.
      await signIn(page, MANAGER.username, MANAGER.password);
      await second.getByTestId('toggle-recovery-code').click();
      await second.locator('input[name="recoveryCode"]').fill(recoveryCodes[0]!);
      await second.locator('button[type="submit"]').click();
      await expect(page.getByTestId('dashboard')).toBeVisible();
      await openProfile(page);
      await page.getByTestId('sign-out-everywhere').click();
      await expect(page.getByTestId('sign-out-everywhere-dialog')).toBeVisible();
      await screen(page, `sign-out-everywhere-${language}`);
      await page.getByTestId('sign-out-everywhere-confirm').click();
      await expect(page.getByTestId('signin-info')).toHaveText(words.signedOutEverywhere);
      await screen(page, `signin-signed-out-everywhere-${language}`);
    });
  });
}

test('profile and two-factor enrolment in the dark theme', async ({ page, vigie }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openIn(page, vigie.url, 'en');
  await completeSetup(page);
  await openProfile(page);
  await page.getByTestId('two-factor-enable').click();
  await confirmStepUp(page, MANAGER.password);
  await expect(page.getByTestId('two-factor-enrolment')).toBeVisible();
  await page.locator('input[name="newPassword"]').fill('correct horse battery staple');
  await expect(page.getByTestId('password-strength').locator('.strength-estimate')).toBeVisible();
  await screen(page, 'profile-dark-en');
});
