// Hash routing (#/dashboard, #/audit, #/accounts/12, #/report?ids=1,2…): works the same from
// file:// in Electron and over the loopback bridge. Each page names who may open it; the
// shell hides the rest. After the page name, a path (#/accounts/12) and query parameters
// (#/sign-ins?outcome=failed) belong to the page.
import { useSyncExternalStore } from 'react';
import type { Access } from '../../../shared/permissions';
import { allows } from '../../../shared/permissions';
import type { SessionAccount } from '../../../shared/types';

export const PAGES = {
  dashboard: { access: 'signedIn' },
  accounts: { access: 'manager.accounts' },
  sites: { access: 'manager.accounts' },
  'sign-ins': { access: 'manager.accounts' },
  /** The printable permission report of one or more accounts (#/report?ids=1,2,3). */
  report: { access: 'manager.accounts' },
  audit: { access: 'manager.rights' },
  profile: { access: 'signedIn' },
  security: { access: 'manager.settings' },
  /** The watched log folders: last entries, live tail, search (#/logs?levels=ERROR&q=…). */
  logs: { access: 'monitoring.logs' },
  /** The rejected-imports folder; one file's rows and errors, fixed and imported again (#/rejected?file=<name>&row=<n>). */
  rejected: { access: 'monitoring.logs' },
} as const satisfies Record<string, { access: Access }>;

export type Page = keyof typeof PAGES;
export const DEFAULT_PAGE: Page = 'dashboard';

/** Pages of the main menu on the left, in order. */
export const MAIN_MENU_PAGES: readonly Page[] = ['dashboard', 'accounts', 'sites', 'sign-ins', 'logs', 'rejected', 'audit'];

/** Pages that configure the console, reached from the gear menu. */
export const CONFIGURATION_PAGES: readonly Page[] = ['audit', 'security'];

export function mayOpen(account: SessionAccount | null, page: Page): boolean {
  return allows(PAGES[page].access, account !== null, new Set(account?.permissions ?? []));
}

export type HashParams = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

/**
 * `#/page`, `#/page/12`, `#/page?x=1&ids=1,2`: empty, null, undefined and false parameters are
 * left out; arrays are joined with commas.
 */
export function hrefOf(page: Page, options: { path?: string | number; params?: HashParams } = {}): string {
  let href = `#/${page}`;
  if (options.path !== undefined && options.path !== '') href += `/${encodeURIComponent(String(options.path))}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.params ?? {})) {
    if (value === undefined || value === null || value === false || value === '') continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const query = search.toString();
  return query ? `${href}?${query.replace(/%2C/g, ',')}` : href;
}

interface HashParts {
  page: string;
  /** Segments after the page name: ['12'] for #/accounts/12. */
  path: string[];
  params: URLSearchParams;
}

function partsOf(hash: string): HashParts {
  const raw = hash.replace(/^#\/?/, '');
  const question = raw.indexOf('?');
  const pathPart = question === -1 ? raw : raw.slice(0, question);
  const [page = '', ...path] = pathPart.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { page, path: path.filter(Boolean), params: new URLSearchParams(question === -1 ? '' : raw.slice(question + 1)) };
}

function pageOfHash(hash: string): Page | null {
  const name = partsOf(hash).page;
  return Object.hasOwn(PAGES, name) ? (name as Page) : null;
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

/** The page named by the address, or null when it names none. */
export function useHashPage(): Page | null {
  return pageOfHash(useHash());
}

/** What follows the page name in the address: `{ path: ['12'], params }` for #/accounts/12?tab=x. */
export function useHashRoute(): { path: string[]; params: URLSearchParams } {
  const { path, params } = partsOf(useHash());
  return { path, params };
}

/** The query parameters of the current address, read once (for a page's initial state). */
export function currentHashParams(): URLSearchParams {
  return partsOf(window.location.hash).params;
}

export function replacePage(page: Page): void {
  const url = new URL(window.location.href);
  url.hash = `/${page}`;
  window.history.replaceState(null, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Goes to a page (adds a history entry, like following a link). */
export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}
