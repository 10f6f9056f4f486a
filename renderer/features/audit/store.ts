// The audit page's filters, page position and the records they select.
import { create } from 'zustand';
import type { ChannelInput } from '../../../shared/contract';
import type { AuditRecord } from '../../../shared/types';
import { api, type ClientError } from '../../api';

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  /** Calendar days (YYYY-MM-DD) in the admin's time zone, both included. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilters = { actor: '', action: '', target: '', from: '', to: '' };
export const PAGE_SIZES = [25, 50, 100, 200] as const;

interface AuditState {
  filters: AuditFilters;
  limit: number;
  offset: number;
  rows: AuditRecord[];
  total: number;
  /** Actions present in the trail, as the main process reports them. */
  actions: string[];
  loading: boolean;
  loaded: boolean;
  error: ClientError | null;
  setFilters(patch: Partial<AuditFilters>): void;
  resetFilters(): void;
  setLimit(limit: number): void;
  setOffset(offset: number): void;
  load(): Promise<void>;
}

function startOfDay(day: string): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d, 0, 0, 0, 0).toISOString();
}

function endOfDay(day: string): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d, 23, 59, 59, 999).toISOString();
}

export function auditQuery(filters: AuditFilters, limit: number, offset: number): ChannelInput<'audit.list'> {
  const query: ChannelInput<'audit.list'> = { limit, offset };
  const actor = filters.actor.trim();
  const target = filters.target.trim();
  if (actor) query.actor = actor;
  if (filters.action) query.action = filters.action;
  if (target) query.target = target;
  const from = filters.from && startOfDay(filters.from);
  const to = filters.to && endOfDay(filters.to);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

let latest = 0;

const INITIAL = {
  filters: EMPTY_FILTERS,
  limit: 50,
  offset: 0,
  rows: [] as AuditRecord[],
  total: 0,
  actions: [] as string[],
  loading: false,
  loaded: false,
  error: null,
};

/** Forgets the records and filters of a session that ended (the next admin starts afresh). */
export function resetAudit(): void {
  latest++;
  useAudit.setState(INITIAL);
}

export const useAudit = create<AuditState>()((set, get) => ({
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
    const result = await api.audit.list(auditQuery(filters, limit, offset));
    if (request !== latest) return;
    if (result.ok) {
      const { rows, total, actions } = result.value;
      // Records may have vanished from the end of the selection: step back to its last page.
      if (rows.length === 0 && total > 0 && offset >= total) {
        set({ offset: Math.floor((total - 1) / limit) * limit });
        void get().load();
        return;
      }
      set({ rows, total, actions, loading: false, loaded: true, error: null });
    } else {
      set({ loading: false, loaded: true, error: result.error });
    }
  },
}));
