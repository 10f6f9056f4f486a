// The accounts list: search, filters, sort, page size (or the virtualized "all" view), the rows
// they select and the selection. The main process filters and sorts (FTS5 over 100,000 rows);
// this store only says what to ask for and keeps the latest answer.
import { create } from 'zustand';
import { LIST_PAGE_SIZES, type AccountColumn, type AccountFilterInput, type AccountSort, type SortColumn, type UserType } from '../../../shared/accounts';
import type { Permission } from '../../../shared/permissions';
import type { AccountStatus, AccountSummary, AdminLevel } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { useSiteScope } from '../sites/store';
import { resetAccountPanels } from './panels';
import { dayBound } from '../../ui/pagedList';

export interface AccountFilters {
  query: string;
  /** Any of these statuses; empty: every status (inactive ones only with "include inactive"). */
  statuses: AccountStatus[];
  /** Cannot sign in now: locked by a Manager or for a while after failed sign-ins. */
  lockedOnly: boolean;
  permission: Permission | '';
  userType: UserType | '';
  adminLevel: AdminLevel | '';
  twoFactor: '' | 'on' | 'off';
  /** Calendar days (YYYY-MM-DD) in the admin's time zone. */
  lastSignInAfter: string;
  lastSignInBefore: string;
  neverSignedIn: boolean;
}

export const EMPTY_FILTERS: AccountFilters = {
  query: '',
  statuses: [],
  lockedOnly: false,
  permission: '',
  userType: '',
  adminLevel: '',
  twoFactor: '',
  lastSignInAfter: '',
  lastSignInBefore: '',
  neverSignedIn: false,
};

export type PageSize = (typeof LIST_PAGE_SIZES)[number] | 'all';
export const PAGE_SIZES: readonly PageSize[] = [...LIST_PAGE_SIZES, 'all'];

/** Rows fetched at a time by the "all" view as the admin scrolls. */
export const WINDOW_ROWS = 100;

/** Columns of the table, in their order; `name` shows last, first and middle names. */
export const LIST_COLUMNS = ['username', 'name', 'email', 'userType', 'adminLevel', 'status', 'permissions', 'sites', 'twoFactor', 'parent', 'lastSignInAt', 'createdAt'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
/** What fits at 1280 px; two-factor shows as a tag in the status cell while its column is hidden. */
export const DEFAULT_COLUMNS: readonly ListColumn[] = ['username', 'name', 'email', 'userType', 'adminLevel', 'status', 'sites', 'lastSignInAt'];
/** Always shown: a row must say whose it is. */
export const FIXED_COLUMNS: readonly ListColumn[] = ['username'];

/** The sort each column header asks for. */
export const SORT_OF_COLUMN: Partial<Record<ListColumn, SortColumn>> = {
  username: 'username',
  name: 'lastName',
  email: 'email',
  userType: 'userType',
  adminLevel: 'adminLevel',
  status: 'status',
  lastSignInAt: 'lastSignInAt',
  createdAt: 'createdAt',
};

/** Dates read best newest first; text A to Z. */
const FIRST_DIRECTION: Partial<Record<SortColumn, AccountSort['direction']>> = { lastSignInAt: 'desc', createdAt: 'desc' };

/** What an export writes for each shown column (the list's `name` is three columns in a file). */
const EXPORT_COLUMNS: Record<ListColumn, readonly AccountColumn[]> = {
  username: ['username'],
  name: ['lastName', 'firstName', 'middleName'],
  email: ['email'],
  userType: ['userType'],
  adminLevel: ['adminLevel'],
  status: ['status'],
  permissions: ['permissions'],
  sites: ['sites'],
  twoFactor: ['twoFactor'],
  parent: ['parent'],
  lastSignInAt: ['lastSignInAt'],
  createdAt: ['createdAt'],
};

export function exportColumnsOf(columns: readonly ListColumn[]): AccountColumn[] {
  return columns.flatMap((c) => EXPORT_COLUMNS[c]);
}

/** Filters that narrow the list (the search box and "include inactive" are not counted). */
export function activeFilterKeys(filters: AccountFilters): (keyof AccountFilters)[] {
  return (Object.keys(EMPTY_FILTERS) as (keyof AccountFilters)[]).filter((key) => {
    if (key === 'query') return false;
    // "Never signed in" replaces the period (which stays typed, in case it is unticked).
    if (filters.neverSignedIn && (key === 'lastSignInAfter' || key === 'lastSignInBefore')) return false;
    const value = filters[key];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  });
}

/** The filter as the channel takes it (accounts.list and accounts.export). */
export function filterInput(filters: AccountFilters, includeInactive: boolean, siteId: number | null): AccountFilterInput {
  const input: AccountFilterInput = { query: filters.query.trim(), includeInactive, statuses: [...filters.statuses], lockedOnly: filters.lockedOnly, neverSignedIn: filters.neverSignedIn };
  if (filters.permission) input.permission = filters.permission;
  if (filters.userType) input.userType = filters.userType;
  if (filters.adminLevel) input.adminLevel = filters.adminLevel;
  if (filters.twoFactor) input.twoFactor = filters.twoFactor === 'on';
  if (siteId !== null) input.siteId = siteId;
  if (!filters.neverSignedIn) {
    const after = filters.lastSignInAfter && dayBound(filters.lastSignInAfter, false);
    const before = filters.lastSignInBefore && dayBound(filters.lastSignInBefore, true);
    if (after) input.lastSignInAfter = after;
    if (before) input.lastSignInBefore = before;
  }
  return input;
}

// Preferences kept per administrator on this workstation: two admins sharing it keep their own.
function prefKey(name: string, ownerId: number): string {
  return `vigie.accounts.${name}.${ownerId}`;
}

function readPref(name: string, ownerId: number | null): string | null {
  if (ownerId === null) return null;
  try {
    return localStorage.getItem(prefKey(name, ownerId));
  } catch {
    return null;
  }
}

function writePref(name: string, ownerId: number | null, value: string): void {
  if (ownerId === null) return;
  try {
    localStorage.setItem(prefKey(name, ownerId), value);
  } catch {
    // Private modes may refuse storage: the choice then lasts for this window only.
  }
}

function storedColumns(ownerId: number | null): ListColumn[] {
  try {
    const parsed: unknown = JSON.parse(readPref('columns', ownerId) ?? 'null');
    if (Array.isArray(parsed)) {
      const known = LIST_COLUMNS.filter((c) => parsed.includes(c) || FIXED_COLUMNS.includes(c));
      if (known.length > FIXED_COLUMNS.length) return known;
    }
  } catch {
    // A damaged preference: back to the defaults.
  }
  return [...DEFAULT_COLUMNS];
}

function storedPageSize(ownerId: number | null): PageSize {
  const value = readPref('pageSize', ownerId);
  if (value === 'all') return 'all';
  const size = Number(value);
  return (LIST_PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : 25;
}

interface AccountsState {
  /** The administrator whose preferences are in use. */
  ownerId: number | null;
  filters: AccountFilters;
  includeInactive: boolean;
  sort: AccountSort;
  pageSize: PageSize;
  offset: number;
  columns: ListColumn[];
  /** The current page (paged view) or the first window (all view). */
  rows: AccountSummary[];
  /** The all view: windows of WINDOW_ROWS rows by window index, fetched as the admin scrolls. */
  windows: Record<number, AccountSummary[]>;
  total: number;
  loading: boolean;
  loaded: boolean;
  /** The search text the rows shown answer (what the admin typed, as sent). */
  resultsFor: string;
  error: ClientError | null;
  /** Selected accounts (for the permission report), across pages: id -> username. */
  selected: Record<number, string>;
  /** Changes with each new question (filters, sort, page size): the all view goes back to the top. */
  questionVersion: number;

  /** Takes the signed-in administrator's preferences (include inactive, columns, page size). */
  adoptOwner(ownerId: number | null): void;
  setFilters(patch: Partial<AccountFilters>): void;
  clearFilters(): void;
  setIncludeInactive(value: boolean): void;
  toggleSort(column: SortColumn): void;
  setPageSize(size: PageSize): void;
  setOffset(offset: number): void;
  setColumns(columns: ListColumn[]): void;
  load(): Promise<void>;
  /** The all view shows rows [first, last]: fetch the windows they fall in. */
  showRange(first: number, last: number): void;
  toggleSelected(account: { id: number; username: string }, selected: boolean): void;
  selectMany(accounts: readonly { id: number; username: string }[], selected: boolean): void;
  clearSelection(): void;
  /** An action answered with the account's new state. */
  updated(account: AccountSummary): void;
  /** An account was deleted: drop it from the rows and the selection. */
  removed(accountId: number): void;
}

// Answers to older requests are dropped: only the latest question's rows are shown.
let generation = 0;
let inFlight = false;
let again = false;
const windowsRequested = new Set<number>();

function initial(ownerId: number | null = null) {
  return {
    ownerId,
    filters: EMPTY_FILTERS,
    includeInactive: readPref('includeInactive', ownerId) === '1',
    sort: { column: 'username', direction: 'asc' } as AccountSort,
    pageSize: storedPageSize(ownerId),
    offset: 0,
    columns: storedColumns(ownerId),
    rows: [] as AccountSummary[],
    windows: {} as Record<number, AccountSummary[]>,
    total: 0,
    loading: false,
    loaded: false,
    resultsFor: '',
    error: null,
    selected: {} as Record<number, string>,
    questionVersion: 0,
  };
}

/** Forgets the rows of a session that ended (the next admin starts afresh). */
export function resetAccounts(): void {
  generation++;
  again = false;
  windowsRequested.clear();
  useAccounts.setState(initial());
  resetAccountPanels();
}

export const useAccounts = create<AccountsState>()((set, get) => {
  /** The question the list asks now. */
  const question = () => {
    const { filters, includeInactive, sort } = get();
    return { filter: filterInput(filters, includeInactive, useSiteScope.getState().siteId), sort };
  };

  /** New filters or sort: back to the first row; the all view forgets its windows. */
  const restart = () => {
    windowsRequested.clear();
    set({ offset: 0, questionVersion: get().questionVersion + 1 });
    void get().load();
  };

  async function fetchOnce(): Promise<void> {
    const request = ++generation;
    const { pageSize, offset } = get();
    const all = pageSize === 'all';
    const asked = question();
    const limit = all ? WINDOW_ROWS : pageSize;
    const from = all ? 0 : offset;
    const result = await api.accounts.list({ ...asked, limit, offset: from });
    // A newer question came meanwhile (typing goes on): its answer is the one to show.
    if (request !== generation || again) return;
    if (!result.ok) {
      set({ loading: false, loaded: true, error: result.error });
      return;
    }
    const { rows, total } = result.value;
    if (!all && rows.length === 0 && total > 0 && from >= total) {
      // Rows vanished from the end of the selection: step back to its last page.
      set({ offset: Math.floor((total - 1) / limit) * limit });
      again = true;
      return;
    }
    windowsRequested.clear();
    if (all) windowsRequested.add(0);
    set({ rows, total, windows: all ? { 0: rows } : {}, loading: false, loaded: true, error: null, resultsFor: asked.filter.query ?? '' });
  }

  return {
    ...initial(),

    adoptOwner(ownerId) {
      if (get().ownerId === ownerId) return;
      generation++;
      windowsRequested.clear();
      set(initial(ownerId));
    },

    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      restart();
    },
    clearFilters() {
      set({ filters: { ...EMPTY_FILTERS, query: get().filters.query } });
      restart();
    },
    setIncludeInactive(value) {
      writePref('includeInactive', get().ownerId, value ? '1' : '0');
      set({ includeInactive: value });
      restart();
    },
    toggleSort(column) {
      const { sort } = get();
      const direction = sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : (FIRST_DIRECTION[column] ?? 'asc');
      set({ sort: { column, direction } });
      restart();
    },
    setPageSize(size) {
      writePref('pageSize', get().ownerId, String(size));
      set({ pageSize: size });
      restart();
    },
    setOffset(offset) {
      set({ offset: Math.max(0, offset) });
      void get().load();
    },
    setColumns(columns) {
      const kept = LIST_COLUMNS.filter((c) => columns.includes(c) || FIXED_COLUMNS.includes(c));
      writePref('columns', get().ownerId, JSON.stringify(kept));
      set({ columns: kept });
    },

    async load() {
      // One request at a time; while it runs only the latest question is kept, and asked
      // as soon as the answer comes (no fixed delay after typing: the main process answers
      // a search over 100,000 accounts in milliseconds).
      set({ loading: true });
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        do {
          again = false;
          await fetchOnce();
        } while (again);
      } finally {
        inFlight = false;
      }
    },

    showRange(first, last) {
      if (get().pageSize !== 'all') return;
      const request = generation;
      const asked = question();
      const total = get().total;
      const from = Math.max(0, Math.floor(first / WINDOW_ROWS));
      const to = Math.min(Math.floor(Math.max(0, total - 1) / WINDOW_ROWS), Math.floor(last / WINDOW_ROWS));
      for (let index = from; index <= to; index++) {
        if (windowsRequested.has(index)) continue;
        windowsRequested.add(index);
        void api.accounts.list({ ...asked, limit: WINDOW_ROWS, offset: index * WINDOW_ROWS }).then((result) => {
          if (request !== generation) return;
          if (!result.ok) {
            windowsRequested.delete(index);
            set({ error: result.error });
            return;
          }
          set({ windows: { ...get().windows, [index]: result.value.rows }, total: result.value.total });
        });
      }
    },

    toggleSelected(account, selected) {
      get().selectMany([account], selected);
    },
    selectMany(accounts, selected) {
      const next = { ...get().selected };
      for (const account of accounts) {
        if (selected) next[account.id] = account.username;
        else delete next[account.id];
      }
      set({ selected: next });
    },
    clearSelection() {
      set({ selected: {} });
    },

    updated(account) {
      const replace = (rows: AccountSummary[]) => rows.map((row) => (row.id === account.id ? account : row));
      const windows = Object.fromEntries(Object.entries(get().windows).map(([k, rows]) => [k, replace(rows)]));
      set({ rows: replace(get().rows), windows });
    },
    removed(accountId) {
      const { [accountId]: _gone, ...selected } = get().selected;
      set({ selected });
      void get().load();
    },
  };
});
