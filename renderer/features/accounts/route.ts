// Addresses inside the accounts page: #/accounts (the list) and #/accounts/<id> (one account).
// The shell routes on the first segment; the rest is ours.
import { useSyncExternalStore } from 'react';

export type AccountsView = { view: 'list' } | { view: 'detail'; accountId: number };

export function viewOfHash(hash: string): AccountsView {
  const match = /^#\/accounts\/(\d{1,12})(?:[/?]|$)/.exec(hash);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? { view: 'detail', accountId: id } : { view: 'list' };
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useAccountsView(): AccountsView {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return viewOfHash(hash);
}

export function accountHref(accountId: number): string {
  return `#/accounts/${accountId}`;
}

export const ACCOUNTS_HREF = '#/accounts';

/** The permission report of these accounts (a page of its own). */
export function reportHref(accountIds: readonly number[]): string {
  return `#/report?ids=${accountIds.join(',')}`;
}
