// Steps shared by the account-security and profile specs: a second administrator, the profile
// page, the step-up dialog, and an authenticator app computed in the test (RFC 6238 with the
// otpauth library, as a phone would).
import type { Browser, Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import sharp from 'sharp';
import { expect, shot } from './fixtures';
import { callChannel, openIn, signIn, type Language } from './ui-helpers';

export const OPERATOR = {
  username: 'paul.leroy',
  firstName: 'Paul',
  lastName: 'Leroy',
  email: 'paul.leroy@example.fr',
  password: 'une longue phrase de passe',
  permissions: ['monitoring.logs'],
} as const;

/** Creates an account through the Manager's own window (accounts.create). */
export async function createAccount(page: Page, who: { username: string; firstName: string; lastName: string; email: string; password: string; permissions?: readonly string[] } = OPERATOR): Promise<number> {
  const created = await callChannel(page, 'accounts.create', { ...who, permissions: [...(who.permissions ?? [])] });
  expect(created.ok, JSON.stringify(created)).toBe(true);
  return (created as { ok: true; value: { id: number } }).value.id;
}

/** A second window (its own bridge connection, so its own session), in this language. */
export async function secondWindow(browser: Browser, url: string, language: Language = 'fr'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openIn(page, url, language);
  return page;
}

export async function openProfile(page: Page): Promise<void> {
  await page.getByTestId('profile-menu-button').click();
  await page.getByTestId('profile-menu').getByTestId('my-profile').click();
  await expect(page.getByTestId('profile-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/profile$/);
}

/** Answers the "Confirm it's you" dialog, which must be open. */
export async function confirmStepUp(page: Page, password: string, code?: string): Promise<void> {
  const dialog = page.getByTestId('step-up-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('input[name="password"]').fill(password);
  if (code !== undefined) await dialog.locator('input[name="code"]').fill(code);
  await dialog.locator('button[type="submit"]').click();
  await expect(dialog).toHaveCount(0);
}

/** Signs in through both steps (password, then the code or a recovery code). */
export async function signInWithSecondFactor(page: Page, username: string, password: string, second: { code: string } | { recoveryCode: string }): Promise<void> {
  await signIn(page, username, password);
  const form = page.getByTestId('two-factor-form');
  await expect(form).toBeVisible();
  if ('recoveryCode' in second) {
    await form.getByTestId('toggle-recovery-code').click();
    await form.locator('input[name="recoveryCode"]').fill(second.recoveryCode);
  } else {
    await form.locator('input[name="code"]').fill(second.code);
  }
  await form.locator('button[type="submit"]').click();
}

const STEP_MS = 30_000;

/**
 * The authenticator app of the test. Vigie accepts a code only for a time step later than the
 * last one used (no replay) and within ±1 step of its clock, so each code comes from the
 * current step or the next one, never from a step already used; when both are used, it waits
 * for the next step.
 */
export class Authenticator {
  private lastStep = -Infinity;
  private readonly totp: OTPAuth.TOTP;

  constructor(readonly secret: string) {
    this.totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  }

  async code(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / STEP_MS);
      for (const step of [now, now + 1]) {
        if (step > this.lastStep) {
          this.lastStep = step;
          return this.totp.generate({ timestamp: step * STEP_MS });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, (now + 1) * STEP_MS - Date.now() + 50));
    }
  }
}

/** Turns on two-factor from the profile page (step-up, QR key, first code, recovery codes). */
export async function enrolTwoFactor(
  page: Page,
  password: string,
  onScreen?: (step: 'enrolment' | 'codes') => Promise<void>,
  options: { confirmedAlready?: boolean } = {},
): Promise<{ authenticator: Authenticator; recoveryCodes: string[] }> {
  const card = page.getByTestId('two-factor-card');
  await card.getByTestId('two-factor-enable').click();
  // Right after signing in nothing was confirmed yet: the step-up dialog comes first.
  if (!options.confirmedAlready) await confirmStepUp(page, password);
  else await expect(page.getByTestId('step-up-dialog')).toHaveCount(0);
  const enrolment = card.getByTestId('two-factor-enrolment');
  await expect(enrolment).toBeVisible();
  const secret = ((await enrolment.getByTestId('two-factor-secret').textContent()) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  if (onScreen) await onScreen('enrolment');
  const authenticator = new Authenticator(secret);
  await enrolment.locator('input[name="code"]').fill(await authenticator.code());
  await enrolment.getByTestId('two-factor-confirm').click();
  const dialog = page.getByTestId('recovery-codes-dialog');
  await expect(dialog).toBeVisible();
  const recoveryCodes = (await dialog.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
  if (onScreen) await onScreen('codes');
  await dialog.getByTestId('recovery-codes-saved').check();
  await dialog.getByTestId('recovery-codes-done').click();
  await expect(dialog).toHaveCount(0);
  return { authenticator, recoveryCodes };
}

/** A screenshot from the top of the page (the header is sticky: a scrolled page would show it midway). */
export async function screen(page: Page, name: string): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await shot(page, name);
}

/** A small PNG made here: a blue square with a light silhouette, 240 x 240 pixels. */
export async function samplePng(): Promise<Buffer> {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" fill="#1d5bbf"/><circle cx="120" cy="100" r="52" fill="#e6eefb"/><rect x="50" y="160" width="140" height="80" rx="40" fill="#e6eefb"/></svg>',
  );
  return sharp(svg).png().toBuffer();
}
