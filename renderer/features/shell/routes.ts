// Hash routing (#/dashboard, #/audit, #/profile…): works the same from file:// in Electron and over the
// loopback bridge. Each page names who may open it; the shell hides the rest.
import { useSyncExternalStore } from 'react';
import type { Access } from '../../../shared/permissions';
import { allows } from '../../../shared/permissions';
import type { SessionAccount } from '../../../shared/types';

export const PAGES = {
  dashboard: { access: 'signedIn' },
  accounts: { access: 'manager.accounts' },
  audit: { access: 'manager.rights' },
  profile: { access: 'signedIn' },
  security: { access: 'manager.settings' },
} as const satisfies Record<string, { access: Access }>;

export type Page = keyof typeof PAGES;
export const DEFAULT_PAGE: Page = 'dashboard';

/** Pages of the main menu on the left, in order. */
export const MAIN_MENU_PAGES: readonly Page[] = ['dashboard', 'accounts', 'audit'];

/** Pages that configure the console, reached from the gear menu. */
export const CONFIGURATION_PAGES: readonly Page[] = ['audit', 'security'];

export function mayOpen(account: SessionAccount | null, page: Page): boolean {
  return allows(PAGES[page].access, account !== null, new Set(account?.permissions ?? []));
}

export function hrefOf(page: Page): string {
  return `#/${page}`;
}

function pageOfHash(hash: string): Page | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return Object.hasOwn(PAGES, name) ? (name as Page) : null;
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The page named by the address, or null when it names none. */
export function useHashPage(): Page | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return pageOfHash(hash);
}

export function replacePage(page: Page): void {
  const url = new URL(window.location.href);
  url.hash = `/${page}`;
  window.history.replaceState(null, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
