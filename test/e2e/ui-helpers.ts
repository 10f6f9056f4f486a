// Steps shared by the UI flow specs: they drive the real renderer the way an admin would,
// through the DOM contract (data-testid and input names) the renderer promises.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const MANAGER = {
  username: 'marie.dupont',
  firstName: 'Marie',
  lastName: 'Dupont',
  email: 'marie.dupont@example.fr',
  password: 'le phare veille sur la baie',
} as const;

export type Language = 'fr' | 'en' | 'ja';

/** Opens the console with this language already chosen (as if picked on an earlier run). */
export async function openIn(page: Page, url: string, language: Language): Promise<void> {
  await page.addInitScript((lang) => {
    // This runs in the page; Node's type library has no DOM storage, hence the cast.
    type Storage = { getItem(k: string): string | null; setItem(k: string, v: string): void };
    const { localStorage, sessionStorage } = globalThis as unknown as { localStorage: Storage; sessionStorage: Storage };
    try {
      if (!sessionStorage.getItem('vigie.e2e.languageSet')) {
        localStorage.setItem('vigie.language', lang);
        sessionStorage.setItem('vigie.e2e.languageSet', '1');
      }
    } catch {
      // about:blank has no storage; the real page sets it.
    }
  }, language);
  await page.goto(url);
}

export async function fillSetup(page: Page, who: { username: string; firstName: string; lastName: string; email: string; password: string } = MANAGER, confirmation = who.password): Promise<void> {
  const form = page.getByTestId('setup-form');
  await expect(form).toBeVisible();
  await form.locator('input[name="username"]').fill(who.username);
  await form.locator('input[name="firstName"]').fill(who.firstName);
  await form.locator('input[name="lastName"]').fill(who.lastName);
  await form.locator('input[name="email"]').fill(who.email);
  await form.locator('input[name="password"]').fill(who.password);
  await form.locator('input[name="passwordConfirmation"]').fill(confirmation);
}

/** First run: creates the Manager, which the console signs in at once. */
export async function completeSetup(page: Page, who = MANAGER): Promise<void> {
  await fillSetup(page, who);
  await page.getByTestId('setup-form').locator('button[type="submit"]').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('signin-form');
  await expect(form).toBeVisible();
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('profile-menu-button').click();
  await page.getByTestId('profile-menu').getByTestId('sign-out').click();
  await expect(page.getByTestId('signin-form')).toBeVisible();
}

type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** Calls a channel directly through window.vigie, as the page's own code could. */
export async function callChannel(page: Page, channel: string, input: unknown): Promise<CallResult> {
  return page.evaluate(
    ([name, payload]) => (globalThis as unknown as { vigie: { call(c: string, i: unknown): Promise<CallResult> } }).vigie.call(name as string, payload),
    [channel, input] as const,
  );
}

/** The number shown in a dashboard count card. */
export async function countOf(page: Page, key: string): Promise<number> {
  const text = (await page.getByTestId(`count-${key}`).locator('dd').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

/**
 * Collects what the page reports as broken: uncaught exceptions and console errors, which
 * include Content-Security-Policy violations.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    errors.push(`console: ${text}`);
  });
  return errors;
}
