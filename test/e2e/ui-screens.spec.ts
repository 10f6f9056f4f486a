// Each main screen in French, English and Japanese (and the dashboard in the dark theme),
// saved under test-results/screenshots/ for review. The assertions check that the screen is
// really in that language, so an untranslated screen fails here too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, shot, startBridge, test } from './fixtures';
import { MANAGER, callChannel, completeSetup, fillSetup, openIn, signIn, collectPageErrors, type Language } from './ui-helpers';

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = collectPageErrors(page);
});
test.afterEach(() => {
  // No uncaught error and no CSP violation on any screen the test went through.
  expect(pageErrors).toEqual([]);
});

const WORDS: Record<Language, { setup: string; dashboard: string; audit: string; signIn: string; badCredentials: string; dbError: string; signOut: string }> = {
  fr: { setup: 'Mise en service', dashboard: 'Tableau de bord', audit: 'Journal d’audit', signIn: 'Connexion', badCredentials: 'Identifiant ou mot de passe incorrect.', dbError: 'La base de données ne peut pas être utilisée', signOut: 'Se déconnecter' },
  en: { setup: 'First-time setup', dashboard: 'Dashboard', audit: 'Audit trail', signIn: 'Sign in', badCredentials: 'Incorrect username or password.', dbError: 'The database cannot be used', signOut: 'Sign out' },
  ja: { setup: '初期設定', dashboard: 'ダッシュボード', audit: '監査ログ', signIn: 'ログイン', badCredentials: 'ユーザー名またはパスワードが正しくありません。', dbError: 'データベースを使用できません', signOut: 'ログアウト' },
};

const LANGUAGES: Language[] = ['fr', 'en', 'ja'];

test.use({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris' });

// The browser's own locale too, as on an admin's workstation in that language (date inputs
// take their format from it, not from the page).
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', ja: 'ja-JP' };

for (const language of LANGUAGES) {
  const words = WORDS[language];
  test.describe(() => {
    test.use({ locale: LOCALES[language] });

    test(`screens in ${language}`, async ({ page, vigie }) => {
      await openIn(page, vigie.url, language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.setup);
      await shot(page, `setup-${language}`);

      // Field errors as the main process reports them, next to their fields.
      await fillSetup(page, { ...MANAGER, username: 'a', email: 'not-an-email', password: 'short' }, 'short');
      await page.getByTestId('setup-form').locator('button[type="submit"]').click();
      await expect(page.getByTestId('field-error-username')).toBeVisible();
      await expect(page.getByTestId('field-error-email')).toBeVisible();
      await expect(page.getByTestId('field-error-password')).toBeVisible();
      await shot(page, `setup-errors-${language}`);

      await completeSetup(page);
      // Some activity, so the cards and the audit trail have something to show.
      for (const [i, status] of (['active', 'active', 'locked'] as const).entries()) {
        const created = await callChannel(page, 'accounts.create', {
          username: `admin.${i}`,
          firstName: ['Hélène', 'Kenji', 'Anna'][i],
          lastName: ['Moreau', 'Sato', 'Berg'][i],
          email: `admin.${i}@example.fr`,
          password: 'une phrase de passe assez longue',
          status,
          adminLevel: i === 0 ? 'limited' : 'none',
          permissions: i === 0 ? ['monitoring.logs', 'monitoring.statistics'] : ['orders.pm'],
        });
        expect(created.ok).toBe(true);
      }
      // A sign-out and a refused sign-in, so the audit trail shows those too.
      await page.getByTestId('profile-menu-button').click();
      await page.getByTestId('sign-out').click();
      await signIn(page, MANAGER.username, 'not the password at all');
      await expect(page.getByTestId('form-error')).toHaveText(words.badCredentials);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.signIn);
      await shot(page, `signin-error-${language}`);
      await signIn(page, MANAGER.username, MANAGER.password);

      await expect(page.getByTestId('count-accounts-active')).toContainText('3');
      await expect(page.getByTestId('count-signins-failed')).toContainText('1');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.dashboard);
      await shot(page, `dashboard-${language}`);

      await page.getByTestId('profile-menu-button').click();
      await expect(page.getByTestId('profile-menu')).toContainText(words.signOut);
      await shot(page, `profile-menu-${language}`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('profile-menu')).toHaveCount(0);
      await expect(page.getByTestId('profile-menu-button')).toBeFocused();

      await page.getByTestId('gear-menu-button').click();
      await expect(page.getByTestId('gear-menu')).toContainText(words.audit);
      await shot(page, `gear-menu-${language}`);
      await page.getByTestId('gear-menu').getByRole('menuitem', { name: words.audit }).click();

      await expect(page.getByTestId('audit-page')).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.audit);
      // setup, three accounts, sign-out, refused sign-in, sign-in
      await expect(page.getByTestId('audit-row')).toHaveCount(7);
      await shot(page, `audit-${language}`);
    });

    test(`database error screen in ${language}`, async ({ page }) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigie-e2e-baddb-'));
      writeFileSync(path.join(dataDir, 'vigie.db'), Buffer.alloc(8192, 0x5a));
      const bridge = await startBridge({ dataDir });
      try {
        await openIn(page, bridge.url, language);
        await expect(page.getByTestId('db-error')).toBeVisible();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.dbError);
        await shot(page, `db-error-${language}`);
      } finally {
        await bridge.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

test('dashboard and audit trail in the dark theme', async ({ page, vigie }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openIn(page, vigie.url, 'en');
  await completeSetup(page);
  await shot(page, 'dashboard-dark-en');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await page.getByTestId('profile-menu-button').click();
  await shot(page, 'audit-dark-en');
});
