// A paged, filtered list read from one channel (the audit trail, the recent sign-ins): its
// filters, page position and rows, with only the latest request's answer kept, and a step
// back to the last page when rows vanished from the end of the selection.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { Page } from '../../shared/types';
import type { ClientError } from '../api';

export interface PagedListState<F, R> {
  filters: F;
  limit: number;
  offset: number;
  rows: R[];
  total: number;
  loading: boolean;
  loaded: boolean;
  error: ClientError | null;
  setFilters(patch: Partial<F>): void;
  resetFilters(): void;
  setLimit(limit: number): void;
  setOffset(offset: number): void;
  load(): Promise<void>;
}

type Answer<R, X> = { ok: true; value: Page<R> & X } | { ok: false; error: ClientError };

export interface PagedList<F, R, X> {
  useList: UseBoundStore<StoreApi<PagedListState<F, R> & X>>;
  /** Forgets the rows and filters of a session that ended (the next admin starts afresh). */
  reset(): void;
}

/**
 * `fetch` asks the channel for one page; what its answer carries beside rows and total (`X`,
 * e.g. the audit's list of actions) is kept in the state too, starting from `extra`.
 */
export function createPagedList<F, R, X extends object = object>(options: {
  emptyFilters: F;
  extra?: X;
  fetch(filters: F, limit: number, offset: number): Promise<Answer<R, X>>;
}): PagedList<F, R, X> {
  let latest = 0;
  const initial = () => ({ ...(options.extra ?? ({} as X)), filters: options.emptyFilters, limit: 50, offset: 0, rows: [] as R[], total: 0, loading: false, loaded: false, error: null });
  const useList = create<PagedListState<F, R> & X>()(
    (set, get) =>
      ({
        ...initial(),
        setFilters(patch: Partial<F>) {
          set({ filters: { ...get().filters, ...patch }, offset: 0 } as Partial<PagedListState<F, R> & X>);
          void get().load();
        },
        resetFilters() {
          set({ filters: options.emptyFilters, offset: 0 } as Partial<PagedListState<F, R> & X>);
          void get().load();
        },
        setLimit(limit: number) {
          set({ limit, offset: 0 } as Partial<PagedListState<F, R> & X>);
          void get().load();
        },
        setOffset(offset: number) {
          set({ offset: Math.max(0, offset) } as Partial<PagedListState<F, R> & X>);
          void get().load();
        },
        async load() {
          const request = ++latest;
          const { filters, limit, offset } = get();
          set({ loading: true } as Partial<PagedListState<F, R> & X>);
          const result = await options.fetch(filters, limit, offset);
          if (request !== latest) return;
          if (!result.ok) {
            set({ loading: false, loaded: true, error: result.error } as Partial<PagedListState<F, R> & X>);
            return;
          }
          const { rows, total, ...rest } = result.value;
          // Rows may have vanished from the end of the selection: step back to its last page.
          if (rows.length === 0 && total > 0 && offset >= total) {
            set({ offset: Math.floor((total - 1) / limit) * limit } as Partial<PagedListState<F, R> & X>);
            void get().load();
            return;
          }
          set({ ...rest, rows, total, loading: false, loaded: true, error: null } as Partial<PagedListState<F, R> & X>);
        },
      }) as PagedListState<F, R> & X,
  );
  return {
    useList,
    reset() {
      latest++;
      useList.setState(initial() as Partial<PagedListState<F, R> & X>);
    },
  };
}

/** A calendar day (YYYY-MM-DD, the admin's time zone) as the instant it starts or ends; undefined if not a day. */
export function dayBound(day: string, end: boolean): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return (end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0)).toISOString();
}
