// The recent sign-ins page: its filters, page position and the attempts they select. The site
// comes from the header's selector (features/sites/store.ts), not from these filters.
import type { ChannelInput } from '../../../shared/contract';
import type { SignInListRow } from '../../../shared/types';
import { api } from '../../api';
import { createPagedList, dayBound } from '../../ui/pagedList';
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

const signIns = createPagedList<SignInFilters, SignInListRow>({
  emptyFilters: EMPTY_FILTERS,
  fetch: (filters, limit, offset) => api.signIns.list(signInsQuery(filters, useSiteScope.getState().siteId, limit, offset)),
});

export const useSignIns = signIns.useList;
/** Forgets the attempts and filters of a session that ended. */
export const resetSignIns = signIns.reset;
