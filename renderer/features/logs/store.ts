// The Logs viewer's state: the folders and files (logs.overview), the entries held (the last
// entries, then what the live tail adds), the filter and what it shows, live-tail controls
// (pause, follow) and the notices of rotated or truncated files.
import { create } from 'zustand';
import type { LogEntriesResult, LogFileChange, LogsOverview } from '../../../shared/logs';
import { api, type ClientError } from '../../api';
import { EntryBook, type HeldEntry } from './entries';
import { EMPTY_FILTER, compileFilter, type CompiledFilter, type ViewFilter } from './filters';

export interface FileChangeNotice {
  id: number;
  file: string;
  change: LogFileChange;
  at: number;
}

interface LogsState {
  /** First load under way (the list shows "loading"), or a reload. */
  loading: boolean;
  loaded: boolean;
  error: ClientError | null;
  overview: LogsOverview | null;
  /** What the last read of each file gave (problems shown by the files). */
  readFiles: LogEntriesResult['files'];
  /** Every entry held, oldest first. */
  entries: HeldEntry[];
  /** Those the filter keeps. */
  shown: HeldEntry[];
  filter: ViewFilter;
  compiled: CompiledFilter;
  cursor: number;
  /** The admin paused the live tail: nothing new is applied until resumed. */
  paused: boolean;
  /** Something was written while paused. */
  waiting: boolean;
  /** Stay at the newest entry as entries arrive. */
  follow: boolean;
  /** The live tail could not be read (shown quietly; the next event tries again). */
  tailError: ClientError | null;
  notices: FileChangeNotice[];
  /** The entry open in the detail panel. */
  selectedId: string | null;

  load(): Promise<void>;
  reloadOverview(): Promise<void>;
  setOverview(overview: LogsOverview): void;
  setFilter(filter: Partial<ViewFilter>): void;
  replaceFilter(filter: ViewFilter): void;
  onChanged(change: { cursor: number; files: boolean }): void;
  setPaused(paused: boolean): void;
  setFollow(follow: boolean): void;
  dismissNotice(id: number): void;
  select(id: string | null): void;
}

let book = new EntryBook();
let loadRequest = 0;
let tailing = false;
let tailAgain = false;
let noticeIds = 0;
let overviewTimer: ReturnType<typeof setTimeout> | null = null;

const INITIAL = {
  loading: false,
  loaded: false,
  error: null,
  overview: null,
  readFiles: [],
  entries: [],
  shown: [],
  filter: EMPTY_FILTER,
  compiled: compileFilter(EMPTY_FILTER),
  cursor: 0,
  paused: false,
  waiting: false,
  follow: true,
  tailError: null,
  notices: [],
  selectedId: null,
} satisfies Partial<LogsState>;

/** Forgets what one admin saw (sign-out). */
export function resetLogs(): void {
  loadRequest++;
  book = new EntryBook();
  tailAgain = false;
  if (overviewTimer) clearTimeout(overviewTimer);
  overviewTimer = null;
  useLogs.setState({ ...INITIAL });
}

function modifiedAtOf(overview: LogsOverview | null): (file: string) => number {
  const times = new Map((overview?.files ?? []).map((f) => [f.key, Date.parse(f.modifiedAt)]));
  return (file) => times.get(file) ?? Date.now();
}

export const useLogs = create<LogsState>()((set, get) => {
  /** Asks what was appended since our cursor and applies it; one call at a time. */
  async function tail(): Promise<void> {
    if (tailing) {
      tailAgain = true;
      return;
    }
    tailing = true;
    try {
      do {
        tailAgain = false;
        const request = loadRequest;
        const result = await api.logs.tail({ cursor: get().cursor });
        if (request !== loadRequest || get().paused) return;
        if (!result.ok) {
          set({ tailError: result.error });
          return;
        }
        const batch = result.value;
        if (batch.reset) {
          // More was written than the main process keeps between two reads: read again.
          void get().load();
          return;
        }
        // A file "added" that the list already shows is no news (it came just before the first read).
        const known = new Set((get().overview?.files ?? []).map((f) => f.key));
        const notices = batch.changes
          .filter((c) => !(c.change === 'added' && known.has(c.key)))
          .map((c) => ({ id: ++noticeIds, file: c.key, change: c.change, at: Date.now() }));
        const applied = book.upsert(batch.entries);
        const { compiled, shown } = get();
        const next: Partial<LogsState> = { cursor: batch.cursor, tailError: null };
        if (applied.kind === 'appended') {
          const kept = applied.added.filter(compiled.predicate);
          next.entries = book.list;
          if (kept.length) next.shown = shown.concat(kept);
        } else if (applied.kind === 'changed') {
          next.entries = book.list;
          next.shown = book.list.filter(compiled.predicate);
        }
        if (notices.length) next.notices = [...get().notices, ...notices].slice(-5);
        set(next);
        // A file came, went or was replaced: its line in the files list changes too.
        if (batch.changes.length) scheduleOverview();
      } while (tailAgain);
    } finally {
      tailing = false;
    }
  }

  function scheduleOverview(): void {
    if (overviewTimer) return;
    overviewTimer = setTimeout(() => {
      overviewTimer = null;
      void get().reloadOverview();
    }, 300);
  }

  return {
    ...INITIAL,

    async load() {
      const request = ++loadRequest;
      set({ loading: true });
      const [overview, entries] = await Promise.all([api.logs.overview(), api.logs.entries({})]);
      if (request !== loadRequest) return;
      if (!overview.ok || !entries.ok) {
        const error = !overview.ok ? overview.error : !entries.ok ? entries.error : null;
        set({ loading: false, loaded: true, error, overview: overview.ok ? overview.value : get().overview });
        return;
      }
      book.reset(entries.value.entries, modifiedAtOf(overview.value));
      const { compiled, selectedId } = get();
      set({
        loading: false,
        loaded: true,
        error: null,
        overview: overview.value,
        readFiles: entries.value.files,
        entries: book.list,
        shown: book.list.filter(compiled.predicate),
        cursor: entries.value.cursor,
        waiting: false,
        tailError: null,
        selectedId: selectedId && book.has(selectedId) ? selectedId : null,
      });
      // Written between the two reads, or while we read: the tail brings it.
      void tail();
    },

    async reloadOverview() {
      const request = loadRequest;
      const result = await api.logs.overview();
      if (request !== loadRequest || !result.ok) return;
      set({ overview: result.value });
    },

    setOverview(overview) {
      set({ overview });
    },

    setFilter(partial) {
      get().replaceFilter({ ...get().filter, ...partial });
    },

    replaceFilter(filter) {
      const compiled = compileFilter(filter);
      set({ filter, compiled, shown: book.list.filter(compiled.predicate) });
    },

    onChanged(change) {
      if (!get().loaded) return;
      if (change.files) scheduleOverview();
      if (change.cursor <= get().cursor) return;
      if (get().paused) {
        set({ waiting: true });
        return;
      }
      void tail();
    },

    setPaused(paused) {
      set({ paused, waiting: paused ? get().waiting : false });
      if (!paused) void tail();
    },

    setFollow(follow) {
      if (get().follow !== follow) set({ follow });
    },

    dismissNotice(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },

    select(id) {
      set({ selectedId: id });
    },
  };
});

/** The entry open in the detail panel (it may have grown since it was opened). */
export function useSelectedEntry(): HeldEntry | null {
  const id = useLogs((s) => s.selectedId);
  // Subscribed to the list so that a grown entry shows its new lines.
  useLogs((s) => s.entries);
  return id ? (book.get(id) ?? null) : null;
}
