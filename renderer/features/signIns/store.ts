// The recent sign-ins page: its filters, page position and the attempts they select. The site
// comes from the header's selector (features/sites/store.ts), not from these filters.
import { create } from 'zustand';
import type { ChannelInput } from '../../../shared/contract';
import type { SignInListRow } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { useSiteScope } from '../sites/store';

export type Outcome = 'all' | 'succeeded' | 'failed';
export const OUTCOMES: readonly Outcome[] = ['all', 'succeeded', 'failed'];

export interface SignInFilters {
  username: string;
  outcome: Outcome;
  /** Calendar days (YYYY-MM-DD) in the admin's time zone, both included. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: SignInFilters = { username: '', outcome: 'all', from: '', to: '' };
export const PAGE_SIZES = [25, 50, 100, 200] as const;

interface SignInsState {
  filters: SignInFilters;
  limit: number;
  offset: number;
  rows: SignInListRow[];
  total: number;
  loading: boolean;
  loaded: boolean;
  error: ClientError | null;
  setFilters(patch: Partial<SignInFilters>): void;
  resetFilters(): void;
  setLimit(limit: number): void;
  setOffset(offset: number): void;
  load(): Promise<void>;
}

function dayBound(day: string, end: boolean): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return (end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0)).toISOString();
}

export function signInsQuery(filters: SignInFilters, siteId: number | null, limit: number, offset: number): ChannelInput<'signIns.list'> {
  const query: ChannelInput<'signIns.list'> = { outcome: filters.outcome, limit, offset };
  const username = filters.username.trim();
  if (username) query.username = username;
  const from = filters.from && dayBound(filters.from, false);
  const to = filters.to && dayBound(filters.to, true);
  if (from) query.from = from;
  if (to) query.to = to;
  if (siteId !== null) query.siteId = siteId;
  return query;
}

let latest = 0;

const INITIAL = {
  filters: EMPTY_FILTERS,
  limit: 50,
  offset: 0,
  rows: [] as SignInListRow[],
  total: 0,
  loading: false,
  loaded: false,
  error: null,
};

/** Forgets the attempts and filters of a session that ended. */
export function resetSignIns(): void {
  latest++;
  useSignIns.setState(INITIAL);
}

export const useSignIns = create<SignInsState>()((set, get) => ({
  ...INITIAL,

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch }, offset: 0 });
    void get().load();
  },
  resetFilters() {
    set({ filters: EMPTY_FILTERS, offset: 0 });
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
    const result = await api.signIns.list(signInsQuery(filters, useSiteScope.getState().siteId, limit, offset));
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
}));
