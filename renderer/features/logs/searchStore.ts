// "Search whole files": a search of entire files (.gz included) that runs in a worker thread of
// the main process. Progress comes as 'logs.search.progress' events; the hits are read in
// batches (logs.search.results from the number already held) as they are found.
import { create } from 'zustand';
import type { LogSearchHit, LogSearchStatus } from '../../../shared/logs';
import { api, type ClientError } from '../../api';

export interface SearchForm {
  pattern: string;
  regex: boolean;
  caseSensitive: boolean;
  /** File keys; empty: every file. */
  files: string[];
}

type SearchPhase = 'idle' | 'starting' | LogSearchStatus['state'];

interface SearchState {
  form: SearchForm;
  phase: SearchPhase;
  searchId: string | null;
  bytesDone: number;
  bytesTotal: number;
  found: number;
  limitReached: boolean;
  hits: LogSearchHit[];
  errors: LogSearchStatus['errors'];
  problem: LogSearchStatus['problem'] | null;
  /** The search could not start (an invalid pattern…). */
  error: ClientError | null;
  /** The hit whose surrounding lines are shown. */
  openHit: number | null;

  setForm(form: Partial<SearchForm>): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  onProgress(progress: { searchId: string; state: LogSearchStatus['state']; bytesDone: number; bytesTotal: number; found: number }): void;
  openHitAt(index: number | null): void;
}

/** Hits kept for the list (the search itself stops at its own limit). */
export const MAX_SEARCH_MATCHES = 10_000;
const POLL_MS = 1000;

let fetching = false;
let startRequest = 0;
let fetchAgain = false;
let pollTimer: ReturnType<typeof setInterval> | null = null;

const INITIAL = {
  form: { pattern: '', regex: false, caseSensitive: false, files: [] },
  phase: 'idle',
  searchId: null,
  bytesDone: 0,
  bytesTotal: 0,
  found: 0,
  limitReached: false,
  hits: [],
  errors: [],
  problem: null,
  error: null,
  openHit: null,
} satisfies Partial<SearchState>;

function stopPolling(): void {
  if (pollTimer) clearInterval(pollTimer);
  pollTimer = null;
}

export function resetLogSearch(): void {
  stopPolling();
  startRequest++;
  const { searchId, phase } = useLogSearch.getState();
  if (searchId && (phase === 'running' || phase === 'starting')) void api.call('logs.search.cancel', { searchId });
  useLogSearch.setState({ ...INITIAL });
}

const finished = (phase: SearchPhase) => phase === 'done' || phase === 'cancelled' || phase === 'failed';

export const useLogSearch = create<SearchState>()((set, get) => {
  /** Reads the hits not held yet (1000 a call) and the search's state. */
  async function fetchMore(): Promise<void> {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    try {
      do {
        fetchAgain = false;
        const searchId = get().searchId;
        if (!searchId) return;
        const result = await api.call('logs.search.results', { searchId, from: get().hits.length });
        if (get().searchId !== searchId) return;
        if (!result.ok) {
          set({ error: result.error, phase: 'failed' });
          stopPolling();
          return;
        }
        const status = result.value;
        set({
          phase: status.state,
          bytesDone: status.bytesDone,
          bytesTotal: status.bytesTotal,
          found: status.found,
          limitReached: status.limitReached,
          errors: status.errors,
          problem: status.problem ?? null,
          hits: status.hits.length ? get().hits.concat(status.hits).slice(0, MAX_SEARCH_MATCHES) : get().hits,
        });
        // A full batch: more are waiting.
        if (status.hits.length >= 1000 && get().hits.length < MAX_SEARCH_MATCHES) fetchAgain = true;
        if (finished(status.state) && !fetchAgain) stopPolling();
      } while (fetchAgain);
    } finally {
      fetching = false;
    }
  }

  return {
    ...INITIAL,

    setForm(form) {
      set({ form: { ...get().form, ...form } });
    },

    async start() {
      const { form, searchId, phase } = get();
      if (form.pattern === '') return;
      if (searchId && (phase === 'running' || phase === 'starting')) void api.call('logs.search.cancel', { searchId });
      stopPolling();
      const request = ++startRequest;
      set({ ...INITIAL, form, phase: 'starting' });
      const result = await api.call('logs.search.start', {
        pattern: form.pattern,
        regex: form.regex,
        caseSensitive: form.caseSensitive,
        files: form.files.length ? form.files : undefined,
        maxMatches: MAX_SEARCH_MATCHES,
      });
      if (request !== startRequest || get().phase !== 'starting') return;
      if (!result.ok) {
        set({ phase: 'idle', error: result.error });
        return;
      }
      set({ searchId: result.value.searchId, bytesTotal: result.value.bytesTotal, phase: 'running' });
      // Events say when to read; the timer covers a missed one.
      pollTimer = setInterval(() => void fetchMore(), POLL_MS);
      void fetchMore();
    },

    async cancel() {
      const { searchId } = get();
      if (!searchId) return;
      await api.call('logs.search.cancel', { searchId });
      void fetchMore();
    },

    onProgress(progress) {
      if (progress.searchId !== get().searchId) return;
      set({ bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal, found: Math.max(get().found, progress.found) });
      if (progress.found > get().hits.length || finished(progress.state)) void fetchMore();
    },

    openHitAt(index) {
      set({ openHit: index });
    },
  };
});
