// The audit page's filters, page position and the records they select.
import type { ChannelInput } from '../../../shared/contract';
import type { AuditRecord } from '../../../shared/types';
import { api } from '../../api';
import { createPagedList, dayBound } from '../../ui/pagedList';

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

export function auditQuery(filters: AuditFilters, limit: number, offset: number): ChannelInput<'audit.list'> {
  const query: ChannelInput<'audit.list'> = { limit, offset };
  const actor = filters.actor.trim();
  const target = filters.target.trim();
  if (actor) query.actor = actor;
  if (filters.action) query.action = filters.action;
  if (target) query.target = target;
  const from = filters.from && dayBound(filters.from, false);
  const to = filters.to && dayBound(filters.to, true);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

const audit = createPagedList<AuditFilters, AuditRecord, { actions: string[] }>({
  emptyFilters: EMPTY_FILTERS,
  // Actions present in the trail, as the main process reports them.
  extra: { actions: [] },
  fetch: (filters, limit, offset) => api.audit.list(auditQuery(filters, limit, offset)),
});

export const useAudit = audit.useList;
export const resetAudit = audit.reset;
