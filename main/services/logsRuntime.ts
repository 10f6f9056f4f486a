// What the Logs area keeps between calls, for the whole backend: the log monitor (started at the
// first call, restarted when the settings change), the searches running in workers, and two
// small caches (the names in the rejected-imports folder, the dashboard's error counts).
import { readdir } from 'node:fs/promises';
import type { EventName, EventPayload } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import { createLogMonitor } from '../logs/liveTail';
import type { LogMonitor, MonitorConfig } from '../logs/monitor';
import { createLogSearches, type LogSearches } from './logSearches';

/** How long the listing of the rejected-imports folder is reused (the live tail asks often). */
export const REJECTED_NAMES_TTL_MS = 2000;

export interface ErrorCountCacheEntry {
  /** What the count depends on: the file's size, modification time, read options and `since`. */
  signature: string;
  count: number;
  capped: boolean;
}

export interface LogsRuntime {
  /** The monitor, started with `config()` on first use. */
  monitor(config: () => MonitorConfig): Promise<LogMonitor>;
  /** New settings: the running monitor (if any) rescans with them; a later start reads them anyway. */
  reconfigure(config: MonitorConfig): Promise<void>;
  readonly searches: LogSearches;
  /**
   * The names of the files of the rejected-imports folder `dir`, lower-cased → as written
   * (an entry may name a file in another case). The live tail, which asks often, gets a
   * listing at most 2 s old; `fresh` lists the folder now.
   */
  rejectedNames(dir: string, options?: { fresh?: boolean }): Promise<Map<string, string>>;
  /** Error counts per file path (logs.errorCount), reused while the file and `since` stay the same. */
  readonly errorCounts: Map<string, ErrorCountCacheEntry>;
  close(): Promise<void>;
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Cheap: nothing starts until the first call of the Logs area. */
export function createLogsRuntime(options: { emit: Emit }): LogsRuntime {
  let started: Promise<LogMonitor> | null = null;
  let closed = false;
  const searches = createLogSearches(options.emit);
  let rejected: { dir: string; at: number; names: Map<string, string> } | null = null;
  const errorCounts = new Map<string, ErrorCountCacheEntry>();

  function start(config: MonitorConfig): Promise<LogMonitor> {
    const starting = (async () => {
      const monitor = createLogMonitor({ config, onChange: (change) => options.emit('logs.changed', change) });
      return monitor;
    })();
    // A monitor that could not start is tried again at the next call.
    starting.catch(() => {
      if (started === starting) started = null;
    });
    return starting;
  }

  return {
    monitor(config) {
      if (closed) return Promise.reject(new VigieError('UNAVAILABLE', 'the logs area is closing'));
      started ??= start(config());
      return started;
    },
    async reconfigure(config) {
      if (!started || closed) return;
      const monitor = await started.catch(() => null);
      if (monitor) await monitor.reconfigure(config);
      errorCounts.clear();
    },
    searches,
    async rejectedNames(dir, options = {}) {
      const at = performance.now();
      if (!options.fresh && rejected && rejected.dir === dir && at - rejected.at < REJECTED_NAMES_TTL_MS) return rejected.names;
      const names = new Map<string, string>();
      try {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (!entry.name.startsWith('.') && (entry.isFile() || entry.isSymbolicLink())) names.set(entry.name.toLowerCase(), entry.name);
        }
      } catch {
        // No folder (yet), or unreadable: no entry links to a rejected file.
      }
      rejected = { dir, at, names };
      return names;
    },
    errorCounts,
    async close() {
      if (closed) return;
      closed = true;
      await searches.close();
      const monitor = started ? await started.catch(() => null) : null;
      started = null;
      await monitor?.close();
    },
  };
}
