// The dashboard's counts, reloaded whenever the main process says data changed.
import { create } from 'zustand';
import type { DashboardCounts } from '../../../shared/types';
import { api, type ClientError } from '../../api';

interface DashboardState {
  counts: DashboardCounts | null;
  loadedAt: Date | null;
  error: ClientError | null;
  loading: boolean;
  load(): Promise<void>;
}

let latest = 0;

/** Forgets the counts of a session that ended. */
export function resetDashboard(): void {
  latest++;
  useDashboard.setState({ counts: null, loadedAt: null, error: null, loading: false });
}

export const useDashboard = create<DashboardState>()((set) => ({
  counts: null,
  loadedAt: null,
  error: null,
  loading: false,
  async load() {
    const request = ++latest;
    set({ loading: true });
    const result = await api.dashboard.counts();
    // A slower, older answer must not overwrite a newer one.
    if (request !== latest) return;
    if (result.ok) set({ counts: result.value, loadedAt: new Date(), error: null, loading: false });
    else set({ error: result.error, loading: false });
  },
}));
