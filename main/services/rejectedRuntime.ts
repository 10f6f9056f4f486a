// What the Rejected imports area keeps between calls, for the whole backend: the watcher of the
// rejected-imports folder (started at the first call, restarted when the settings change), the
// scans of its files (indexed in the background, one at a time, in a csvIndex worker), and the
// open files (rejectedViews.ts). Closed with the backend.
//
// Decisions:
// - Scans are cached by path, size and modification time: a file that changes is scanned
//   again; a file deleted is forgotten (a same-name file dropped later is a new file).
// - 'rejected.changed' (no content: every signed-in window receives it) is debounced by
//   CHANGED_DEBOUNCE_MS: a file appearing, changing or disappearing, the folder's state
//   changing, a scan done.
// - A file that changes while it is scanned (FILE_ERROR 'changed'/'deleted') gets no cached
//   result: the watcher reports it again once it is complete.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import type { Problem, RejectedFileScan } from '../../shared/rejected';
import type { WorkerSetup } from '../ipc/context';
import { indexCsvFile, type CsvIndex } from '../imports/csv';
import { watchRejectedFolder, type RejectedFolderWatcher } from '../watch/rejectedFolder';
import type { RejectedConfig } from './rejectedSettings';
import { contentProblem, createRejectedViews, type RejectedViews } from './rejectedViews';

export const CHANGED_DEBOUNCE_MS = 100;

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface CachedScan {
  size: number;
  mtimeMs: number;
  scan: RejectedFileScan | null;
  problem?: Problem;
}

export interface RejectedRuntime {
  /**
   * The watcher of `config().rejectedFolder`, started on first use (and again when the folder or
   * polling differ from the running one). `workers` runs the background scans.
   */
  watcher(config: () => RejectedConfig, workers: WorkerSetup): Promise<RejectedFolderWatcher>;
  /** New settings: the watcher restarts with them; scans and queue are dropped. */
  reconfigure(config: RejectedConfig, workers: WorkerSetup): Promise<void>;
  /** The cached scan of `file` when it still has this size and modification time. */
  scanOf(file: string, size: number, mtimeMs: number): CachedScan | undefined;
  /** Files to scan in the background (those already scanned are skipped). */
  queueScans(files: readonly string[]): void;
  /** Forgets what is known of `file` (deleted, archived). */
  forget(file: string): void;
  readonly views: RejectedViews;
  /** Says the list changed ('rejected.changed', debounced). */
  changed(): void;
  close(): Promise<void>;
}

export function scanOfIndex(index: CsvIndex): CachedScan {
  const { detection } = index;
  const problem = contentProblem(path.basename(index.file), index.rowCount, detection.hasHeader);
  return {
    size: index.size,
    mtimeMs: index.mtimeMs,
    scan: { rows: index.rowCount, errorRows: index.errorRows.length, delimiter: detection.delimiter, encoding: detection.encoding, hasHeader: detection.hasHeader, importType: detection.importType },
    ...(problem ? { problem } : index.stopped ? { problem: { code: index.stopped.code, message: index.stopped.message } } : {}),
  };
}

/** Cheap: nothing starts until the first call of the area. */
export function createRejectedRuntime(options: { emit: Emit }): RejectedRuntime {
  let closed = false;
  let current: { folder: string; polling: boolean; watcher: RejectedFolderWatcher; ready: Promise<RejectedFolderWatcher> } | null = null;
  /** Starts and restarts run one at a time. */
  let lifecycle: Promise<unknown> = Promise.resolve();
  let workers: WorkerSetup | null = null;
  const scans = new Map<string, CachedScan>();
  const queue: string[] = [];
  let scanning: { file: string; controller: AbortController } | null = null;
  let scanLoop: Promise<void> | null = null;
  let changedTimer: ReturnType<typeof setTimeout> | null = null;

  const changed = () => {
    if (closed || changedTimer) return;
    changedTimer = setTimeout(() => {
      changedTimer = null;
      if (!closed) options.emit('rejected.changed', {});
    }, CHANGED_DEBOUNCE_MS);
  };

  const views = createRejectedViews({
    emit: options.emit,
    onIndexed: (view, index) => {
      // An open file's index is its scan too.
      if (current && path.dirname(view.key) === current.folder) {
        scans.set(view.key, scanOfIndex(index));
        changed();
      }
    },
  });

  async function scanOne(setup: WorkerSetup, file: string): Promise<void> {
    let info;
    try {
      info = await stat(file);
    } catch {
      scans.delete(file);
      return;
    }
    const known = scans.get(file);
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return;
    const controller = new AbortController();
    scanning = { file, controller };
    try {
      const index = await indexCsvFile(setup, file, { firstRows: 1, signal: controller.signal });
      if (!controller.signal.aborted) scans.set(file, scanOfIndex(index));
    } catch (error) {
      if (controller.signal.aborted) return;
      const code = error instanceof VigieError ? error.fields?.[0]?.code : undefined;
      // Changing while read: the watcher reports it again once complete.
      if (code === 'changed' || code === 'deleted') return;
      const problem: Problem = error instanceof VigieError ? { code: code ?? error.code, message: error.message } : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
      scans.set(file, { size: info.size, mtimeMs: info.mtimeMs, scan: null, problem });
    } finally {
      scanning = null;
    }
    changed();
  }

  /** Scans the queue one file at a time (one loop at most). */
  function kick(): void {
    if (scanLoop || closed || !workers) return;
    const setup = workers;
    scanLoop = (async () => {
      for (let file = queue.shift(); file !== undefined && !closed; file = queue.shift()) await scanOne(setup, file).catch(() => undefined);
    })().finally(() => {
      scanLoop = null;
      if (queue.length && !closed) kick();
    });
  }

  function queueScan(file: string): void {
    if (!queue.includes(file) && scanning?.file !== file) queue.push(file);
    kick();
  }

  async function stopScans(): Promise<void> {
    queue.length = 0;
    scanning?.controller.abort();
    await scanLoop?.catch(() => undefined);
  }

  async function restart(config: RejectedConfig): Promise<RejectedFolderWatcher> {
    const old = current;
    current = null;
    scans.clear();
    await stopScans();
    await old?.watcher.close();
    if (closed) throw new VigieError('UNAVAILABLE', 'the rejected-imports area is closing');
    const folder = config.rejectedFolder;
    const watcher = watchRejectedFolder({
      folder,
      polling: config.polling,
      onFile: (event, name) => {
        const file = path.join(folder, name);
        if (event === 'unlink') scans.delete(file);
        else queueScan(file);
        changed();
      },
      onFolder: () => changed(),
    });
    const ready = watcher.ready().then(() => watcher);
    current = { folder, polling: config.polling, watcher, ready };
    return ready;
  }

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = lifecycle.then(task);
    lifecycle = run.catch(() => undefined);
    return run;
  };
  const matches = (config: RejectedConfig) => current !== null && current.folder === config.rejectedFolder && current.polling === config.polling;

  return {
    watcher(config, setup) {
      if (closed) return Promise.reject(new VigieError('UNAVAILABLE', 'the rejected-imports area is closing'));
      workers = setup;
      const wanted = config();
      if (matches(wanted)) return current!.ready;
      return serial(() => (matches(wanted) ? current!.ready : restart(wanted)));
    },
    async reconfigure(config, setup) {
      if (closed) return;
      workers = setup;
      if (!current) return; // not started: the next call starts with the new settings
      await serial(() => restart(config));
    },
    scanOf(file, size, mtimeMs) {
      const found = scans.get(file);
      return found && found.size === size && found.mtimeMs === mtimeMs ? found : undefined;
    },
    queueScans(files) {
      for (const file of files) if (!queue.includes(file) && scanning?.file !== file) queue.push(file);
      kick();
    },
    forget(file) {
      scans.delete(file);
      const at = queue.indexOf(file);
      if (at >= 0) queue.splice(at, 1);
      if (scanning?.file === file) scanning.controller.abort();
    },
    views,
    changed,
    async close() {
      if (closed) return;
      closed = true;
      if (changedTimer) clearTimeout(changedTimer);
      await stopScans();
      await views.closeAll();
      await lifecycle;
      const old = current;
      current = null;
      await old?.watcher.close();
    },
  };
}
