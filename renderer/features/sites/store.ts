// The header's site selector and the sites it offers. `siteId` scopes every list (accounts,
// sign-ins, exports): null means every site the admin may see ("All sites" for a full
// administrator, "All my sites" for a limited one). The choice is remembered per admin.
// (Readers only need `useSiteScope((s) => s.siteId)`; the shell calls `start` at sign-in.)
import { create } from 'zustand';
import type { Site } from '../../../shared/types';
import { api, type ClientError } from '../../api';

interface SiteScopeState {
  /** The site chosen in the header, or null for all of them. */
  siteId: number | null;
  setSiteId(siteId: number | null): void;
  /** Active sites within the admin's scope, by name: what the selector offers. */
  sites: Site[];
  /** Retired sites within the admin's scope (the sites page shows them on demand). */
  retiredSites: Site[];
  loaded: boolean;
  error: ClientError | null;
  /** Whose choice this is (the signed-in account), or null when signed out. */
  accountId: number | null;
  /** Reads the admin's remembered choice and loads the sites; follows later changes. */
  start(accountId: number): void;
  load(): Promise<void>;
}

const storageKey = (accountId: number) => `vigie.siteScope.${accountId}`;

function storedSiteId(accountId: number): number | null {
  try {
    const value = Number(localStorage.getItem(storageKey(accountId)));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function storeSiteId(accountId: number, siteId: number | null): void {
  try {
    if (siteId === null) localStorage.removeItem(storageKey(accountId));
    else localStorage.setItem(storageKey(accountId), String(siteId));
  } catch {
    // Private modes may refuse storage: the choice then lasts for this window only.
  }
}

const byName = (a: Site, b: Site) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });

let latest = 0;
let unsubscribe: (() => void) | null = null;

const INITIAL = { siteId: null, sites: [] as Site[], retiredSites: [] as Site[], loaded: false, error: null, accountId: null };

/** Forgets the sites and the choice of a session that ended. */
export function resetSiteScope(): void {
  latest++;
  unsubscribe?.();
  unsubscribe = null;
  useSiteScope.setState(INITIAL);
}

export const useSiteScope = create<SiteScopeState>()((set, get) => ({
  ...INITIAL,

  setSiteId(siteId) {
    const { accountId } = get();
    if (accountId !== null) storeSiteId(accountId, siteId);
    set({ siteId });
  },

  start(accountId) {
    if (get().accountId === accountId && unsubscribe) return;
    unsubscribe?.();
    set({ ...INITIAL, accountId, siteId: storedSiteId(accountId) });
    // New, renamed or retired sites, and account counts that change with accounts.
    unsubscribe = api.on('data.changed', ({ areas }) => {
      if (areas.includes('sites') || areas.includes('accounts')) void get().load();
    });
    void get().load();
  },

  async load() {
    const request = ++latest;
    const result = await api.sites.list({ includeRetired: true });
    if (request !== latest) return;
    if (!result.ok) {
      set({ error: result.error, loaded: true });
      return;
    }
    const sites = result.value.filter((s) => s.retiredAt === null).sort(byName);
    const retiredSites = result.value.filter((s) => s.retiredAt !== null).sort(byName);
    set({ sites, retiredSites, loaded: true, error: null });
    // A remembered site that was retired or is no longer in scope: back to all sites.
    const { siteId } = get();
    if (siteId !== null && !sites.some((s) => s.id === siteId)) get().setSiteId(null);
  },
}));
