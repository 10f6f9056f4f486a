// The accounts list: search, filters, page position and the rows they select. Issue 4 adds
// creation, editing and exports on top of this.
import { create } from 'zustand';
import type { AccountSummary } from '../../../shared/types';
import { api, type ClientError } from '../../api';

export interface AccountFilters {
  query: string;
  includeInactive: boolean;
  lockedOnly: boolean;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
const INCLUDE_INACTIVE_KEY = 'vigie.accounts.includeInactive';

function storedIncludeInactive(): boolean {
  try {
    return localStorage.getItem(INCLUDE_INACTIVE_KEY) === '1';
  } catch {
    return false;
  }
}

function storeIncludeInactive(value: boolean): void {
  try {
    localStorage.setItem(INCLUDE_INACTIVE_KEY, value ? '1' : '0');
  } catch {
    // Private modes may refuse storage: the choice then lasts for this window only.
  }
}

interface AccountsState {
  filters: AccountFilters;
  limit: number;
  offset: number;
  rows: AccountSummary[];
  total: number;
  loading: boolean;
  loaded: boolean;
  error: ClientError | null;
  setFilters(patch: Partial<AccountFilters>): void;
  setLimit(limit: number): void;
  setOffset(offset: number): void;
  load(): Promise<void>;
  /** An action answered with the account's new state. */
  updated(account: AccountSummary): void;
}

let latest = 0;

function initial() {
  return {
    filters: { query: '', includeInactive: storedIncludeInactive(), lockedOnly: false },
    limit: 50,
    offset: 0,
    rows: [] as AccountSummary[],
    total: 0,
    loading: false,
    loaded: false,
    error: null,
  };
}

/** Forgets the rows of a session that ended (the next admin starts afresh). */
export function resetAccounts(): void {
  latest++;
  useAccounts.setState(initial());
}

export const useAccounts = create<AccountsState>()((set, get) => ({
  ...initial(),

  setFilters(patch) {
    if (patch.includeInactive !== undefined) storeIncludeInactive(patch.includeInactive);
    set({ filters: { ...get().filters, ...patch }, offset: 0 });
    void get().load();
  },
  setLimit(limit) {
    set({ limit, offset: 0 });
    void get().load();
  },
  setOffset(offset) {
    set({ offset: Math.max(0, offset) });
    void get().load();
  },

  async load() {
    const request = ++latest;
    const { filters, limit, offset } = get();
    set({ loading: true });
    const result = await api.accounts.list({ query: filters.query.trim(), includeInactive: filters.includeInactive, lockedOnly: filters.lockedOnly, limit, offset });
    if (request !== latest) return;
    if (result.ok) {
      const { rows, total } = result.value;
      if (rows.length === 0 && total > 0 && offset >= total) {
        set({ offset: Math.floor((total - 1) / limit) * limit });
        void get().load();
        return;
      }
      set({ rows, total, loading: false, loaded: true, error: null });
    } else {
      set({ loading: false, loaded: true, error: result.error });
    }
  },

  updated(account) {
    set({ rows: get().rows.map((row) => (row.id === account.id ? account : row)) });
  },
}));
