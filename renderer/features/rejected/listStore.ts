// The rejected-imports folder as the list shows it (rejected.list), reloaded when main says the
// folder changed ('rejected.changed': a file came, changed, went, or was indexed), with the
// admin's sort and search, and the message of what was just done (deleted, re-imported).
import { create } from 'zustand';
import type { RejectedFolderView, RejectedReimportResult } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import type { Sort, SortColumn } from './listSort';

export { shownFiles, type Sort, type SortColumn } from './listSort';

/** What the list says after the viewer did something to a file. */
export type Flash = { kind: 'deleted'; name: string } | { kind: 'reimported'; name: string; result: RejectedReimportResult };

interface RejectedListState {
  loaded: boolean;
  error: ClientError | null;
  folder: RejectedFolderView | null;
  sort: Sort;
  search: string;
  flash: Flash | null;
  load(): Promise<void>;
  /** Many events in a row (a copy of many files): one reload. */
  onChanged(): void;
  setFolder(folder: RejectedFolderView): void;
  setSort(column: SortColumn): void;
  setSearch(search: string): void;
  setFlash(flash: Flash | null): void;
}

let request = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let loading = false;
let again = false;
/** The window of reloads after an event: well under the second the list promises. */
const CHANGE_DELAY_MS = 150;

const INITIAL = { loaded: false, error: null, folder: null, sort: { column: 'modifiedAt', direction: 'desc' } as Sort, search: '', flash: null } satisfies Partial<RejectedListState>;

/** Forgets what one admin saw (sign-out). */
export function resetRejectedList(): void {
  request++;
  if (timer) clearTimeout(timer);
  timer = null;
  useRejectedList.setState({ ...INITIAL });
}

export const useRejectedList = create<RejectedListState>()((set, get) => ({
  ...INITIAL,

  async load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      do {
        again = false;
        const mine = ++request;
        const result = await api.rejected.list();
        if (mine !== request) return;
        if (result.ok) set({ loaded: true, error: null, folder: result.value });
        else set({ loaded: true, error: result.error });
      } while (again);
    } finally {
      loading = false;
    }
  },

  onChanged() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void get().load();
    }, CHANGE_DELAY_MS);
  },

  setFolder(folder) {
    request++;
    set({ folder, loaded: true, error: null });
  },

  setSort(column) {
    const { sort } = get();
    // A new column starts where it reads best: names A→Z, figures and dates largest first.
    set({ sort: sort.column === column ? { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: column === 'name' || column === 'importType' ? 'asc' : 'desc' } });
  },

  setSearch(search) {
    set({ search });
  },

  setFlash(flash) {
    set({ flash });
  },
}));
