// Searches of whole log files (`.gz` included), each in a worker thread (workers/logSearch),
// kept in memory while the admin reads their hits.
//
// Decisions:
// - A search belongs to the session (window) that started it: another session asking for it is
//   told NOT_FOUND, as if it did not exist (hits are log content).
// - At most MAX_RUNNING searches run per session: starting one more cancels the oldest still
//   running (an admin who types a new search has given up on the old one; refusing would leave
//   a window that forgot to cancel stuck).
// - Finished searches are forgotten FORGET_AFTER_MS after their end, and the oldest finished
//   ones go when a session holds more than MAX_KEPT.
// - Hits are kept up to the search's maxMatches (the worker stops there too).
// - 'logs.search.progress' events carry no content (every signed-in window receives them): at
//   most one every PROGRESS_EVERY_MS while running, and always one at the end.
import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import type { LogSearchHit, LogSearchStatus } from '../../shared/logs';
import type { WorkerSetup } from '../ipc/context';
import { compilePattern, type SearchMatch } from '../logs/search';
import type { LogSearchBatch, LogSearchInput, LogSearchOutput } from '../workers/logSearch';
import { runWorker } from '../workers/run';

export const MAX_RUNNING = 2;
export const MAX_KEPT = 10;
export const FORGET_AFTER_MS = 10 * 60_000;
export const PROGRESS_EVERY_MS = 100;
/** Hits returned per logs.search.results call. */
export const HITS_PER_CALL = 1000;
/**
 * Text kept for one search's hits (UTF-16 code units, about 2 bytes each): a search for a
 * common word across gigabytes stops there as it stops at maxMatches (`limitReached`), so
 * that searches held in memory stay bounded whatever their count of hits.
 */
export const MAX_HIT_CHARS = 16 * 1024 * 1024;

export interface SearchFile {
  key: string;
  path: string;
}

export interface SearchRequest {
  sessionId: string;
  files: SearchFile[];
  pattern: string;
  regex: boolean;
  caseSensitive: boolean;
  maxMatches: number;
  /** Bytes of all the files (their sizes when listed). */
  bytesTotal: number;
}

interface Search {
  id: string;
  sessionId: string;
  state: LogSearchStatus['state'];
  bytesDone: number;
  bytesTotal: number;
  hits: LogSearchHit[];
  hitChars: number;
  maxMatches: number;
  limitReached: boolean;
  errors: LogSearchStatus['errors'];
  problem?: { code: string; message: string };
  startedAt: number;
  finishedAt: number | null;
  controller: AbortController;
  lastEmit: number;
  pendingEmit: ReturnType<typeof setTimeout> | null;
  /** Resolves when the worker is gone (tests, close). */
  done: Promise<void>;
}

export interface LogSearches {
  start(workers: WorkerSetup, request: SearchRequest): { searchId: string; bytesTotal: number };
  results(sessionId: string, searchId: string, from: number): LogSearchStatus;
  cancel(sessionId: string, searchId: string): void;
  /** Cancels every running search and waits for their workers to end. */
  close(): Promise<void>;
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The monotonic time (not the backend's clock, which tests move by hand). */
const now = () => performance.now();

export function createLogSearches(emit: Emit): LogSearches {
  const searches = new Map<string, Search>();
  let closed = false;

  const progressOf = (s: Search): EventPayload<'logs.search.progress'> => ({ searchId: s.id, state: s.state, bytesDone: s.bytesDone, bytesTotal: s.bytesTotal, found: s.hits.length });

  function emitNow(s: Search) {
    if (s.pendingEmit) clearTimeout(s.pendingEmit);
    s.pendingEmit = null;
    s.lastEmit = now();
    emit('logs.search.progress', progressOf(s));
  }

  /** While running: at most one event every PROGRESS_EVERY_MS, the latest state always sent. */
  function emitThrottled(s: Search) {
    if (s.pendingEmit) return;
    const wait = s.lastEmit + PROGRESS_EVERY_MS - now();
    if (wait <= 0) emitNow(s);
    else s.pendingEmit = setTimeout(() => s.state === 'running' && emitNow(s), wait);
  }

  function finish(s: Search, state: Exclude<LogSearchStatus['state'], 'running'>, problem?: { code: string; message: string }) {
    if (s.state !== 'running') return;
    s.state = state;
    s.finishedAt = now();
    if (problem) s.problem = problem;
    if (state === 'done' && !s.limitReached) s.bytesDone = s.bytesTotal;
    emitNow(s);
  }

  function forgetOld(sessionId: string) {
    const t = now();
    for (const [id, s] of searches) if (s.finishedAt !== null && t - s.finishedAt > FORGET_AFTER_MS) searches.delete(id);
    const finished = [...searches.values()].filter((s) => s.sessionId === sessionId && s.finishedAt !== null).sort((a, b) => a.startedAt - b.startedAt);
    const own = [...searches.values()].filter((s) => s.sessionId === sessionId).length;
    // Room for the one being started: at most MAX_KEPT searches per session with it.
    for (let excess = own + 1 - MAX_KEPT, i = 0; excess > 0 && i < finished.length; excess--, i++) searches.delete(finished[i]!.id);
  }

  function own(sessionId: string, searchId: string): Search {
    const s = searches.get(searchId);
    if (!s || s.sessionId !== sessionId) throw new VigieError('NOT_FOUND', `no search ${searchId} in this window`);
    return s;
  }

  return {
    start(workers, request) {
      if (closed) throw new VigieError('UNAVAILABLE', 'the logs area is closing');
      // An invalid regex is the admin's typo: said at once, with its field, before any worker.
      compilePattern(request.pattern, request);
      forgetOld(request.sessionId);
      const running = [...searches.values()].filter((s) => s.sessionId === request.sessionId && s.state === 'running').sort((a, b) => a.startedAt - b.startedAt);
      for (const old of running.slice(0, Math.max(0, running.length - MAX_RUNNING + 1))) {
        old.controller.abort();
        finish(old, 'cancelled');
      }

      const keyOf = new Map(request.files.map((f) => [f.path, f.key]));
      const s: Search = {
        id: randomUUID(),
        sessionId: request.sessionId,
        state: 'running',
        bytesDone: 0,
        bytesTotal: request.bytesTotal,
        hits: [],
        hitChars: 0,
        maxMatches: request.maxMatches,
        limitReached: false,
        errors: [],
        startedAt: now(),
        finishedAt: null,
        controller: new AbortController(),
        lastEmit: 0,
        pendingEmit: null,
        done: Promise.resolve(),
      };
      searches.set(s.id, s);
      const input: LogSearchInput = { files: request.files.map((f) => f.path), pattern: request.pattern, regex: request.regex, caseSensitive: request.caseSensitive, maxMatches: request.maxMatches };
      s.done = runWorker<LogSearchInput, LogSearchOutput>(workers, 'logSearch', input, {
        signal: s.controller.signal,
        onProgress: (done, total) => {
          if (s.state !== 'running') return;
          s.bytesDone = done;
          // The worker's total (sizes when it started) is the better figure.
          s.bytesTotal = total;
          emitThrottled(s);
        },
        onPartial: (data) => {
          if (s.state !== 'running') return;
          const batch = data as LogSearchBatch;
          const key = keyOf.get(batch.file) ?? batch.file;
          for (const m of batch.matches as SearchMatch[]) {
            if (s.hits.length >= s.maxMatches || s.hitChars >= MAX_HIT_CHARS) {
              s.limitReached = true;
              break;
            }
            s.hits.push({ key, line: m.line, offset: m.offset, text: m.text, ranges: m.ranges, ...(m.cut !== undefined ? { cut: m.cut } : {}) });
            s.hitChars += m.text.length;
          }
          if (s.hitChars >= MAX_HIT_CHARS) {
            // Full: the worker stops; what was found is the result.
            s.controller.abort();
            finish(s, 'done');
            return;
          }
          emitThrottled(s);
        },
      }).then(
        (output) => {
          s.limitReached ||= output.limitReached;
          s.errors = output.errors.map((e) => ({ key: keyOf.get(e.file) ?? e.file, code: e.code, message: e.message }));
          finish(s, 'done');
        },
        (error: unknown) => {
          if (s.controller.signal.aborted) finish(s, 'cancelled');
          else if (error instanceof VigieError) finish(s, 'failed', { code: error.code, message: error.message });
          else finish(s, 'failed', { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
        },
      );
      emitNow(s);
      return { searchId: s.id, bytesTotal: s.bytesTotal };
    },

    results(sessionId, searchId, from) {
      const s = own(sessionId, searchId);
      return {
        searchId: s.id,
        state: s.state,
        bytesDone: s.bytesDone,
        bytesTotal: s.bytesTotal,
        found: s.hits.length,
        limitReached: s.limitReached,
        hits: s.hits.slice(from, from + HITS_PER_CALL),
        errors: s.errors,
        ...(s.problem ? { problem: s.problem } : {}),
      };
    },

    cancel(sessionId, searchId) {
      const s = own(sessionId, searchId);
      if (s.state !== 'running') return;
      s.controller.abort();
      finish(s, 'cancelled');
    },

    async close() {
      closed = true;
      const all = [...searches.values()];
      for (const s of all) {
        if (s.state === 'running') {
          s.controller.abort();
          finish(s, 'cancelled');
        }
        if (s.pendingEmit) clearTimeout(s.pendingEmit);
      }
      await Promise.all(all.map((s) => s.done));
      searches.clear();
    },
  };
}
