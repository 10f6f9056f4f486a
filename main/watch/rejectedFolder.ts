// The watched rejected-imports folder (issue 6): chokidar on the folder (only the files directly
// in it), with `awaitWriteFinish` so that a file still being copied is not listed (nor read)
// half-written; polling as an option for network shares; and the folder's own state (missing,
// not a folder, unreadable), checked again every `recheckMs`.
//
// Decisions, for the callers:
// - A file is listed once chokidar says it is complete (its size stayed the same for
//   `stabilityMs`). Dotfiles are ignored (the accounts import writes its rejected rows to a
//   dotfile and renames it; editors' temporary files), and so are subfolders (`archive/`, where
//   re-imported files go).
// - Links: a link is accepted only when it leads to a regular file directly inside the folder
//   (realpath check); anything else (a link out, to a folder, dangling) is not listed.
// - Events are hints: the folder is also listed again every `recheckMs`, catching up an add,
//   change or unlink no event reported (a file found that way is only taken once it has not
//   been modified for `stabilityMs`, as chokidar would have waited).
// - A folder that is missing, not a folder or unreadable is reported and checked again; once it
//   appears it is watched. Deleted or replaced while watched: its files are reported unlinked.
import { lstat, opendir, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';

export type RejectedFolderProblemCode = 'FOLDER_MISSING' | 'NOT_A_FOLDER' | 'FOLDER_UNREADABLE';

export interface RejectedFolderStatus {
  path: string;
  ok: boolean;
  problem?: { code: RejectedFolderProblemCode; message: string };
}

export type RejectedFileEvent = 'add' | 'change' | 'unlink';

export interface RejectedFolderOptions {
  folder: string;
  polling: boolean;
  /** Polling interval (default 300 ms). */
  pollIntervalMs?: number;
  /** A file is complete once its size stayed the same this long (default 300 ms). */
  stabilityMs?: number;
  /** How often the folder is looked at again (default 2 s). */
  recheckMs?: number;
  onFile(event: RejectedFileEvent, name: string): void;
  /** The folder's state changed (became watched, or got a problem). */
  onFolder?(status: RejectedFolderStatus): void;
}

export interface RejectedFolderWatcher {
  /** Resolves once the folder was looked at and its complete files reported as `add`. */
  ready(): Promise<void>;
  status(): RejectedFolderStatus;
  /** The names of the complete files now. */
  names(): string[];
  close(): Promise<void>;
}

/** The name of the subfolder re-imported files are moved to. */
export const ARCHIVE_FOLDER = 'archive';
const DEFAULT_POLL_MS = 300;
const DEFAULT_STABILITY_MS = 300;
const DEFAULT_RECHECK_MS = 2000;
/** A watcher that never says it is ready (a hung network share) does not hold `ready()` forever. */
const READY_TIMEOUT_MS = 10_000;

function problemOf(folder: string, error: unknown): NonNullable<RejectedFolderStatus['problem']> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { code: 'FOLDER_MISSING', message: `The rejected-imports folder ${folder} does not exist.` };
  if (code === 'ENOTDIR') return { code: 'NOT_A_FOLDER', message: `The rejected-imports folder ${folder} is not a folder.` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'FOLDER_UNREADABLE', message: `The rejected-imports folder ${folder} cannot be read: permission denied.` };
  const reason = error instanceof Error ? error.message : String(error);
  return { code: 'FOLDER_UNREADABLE', message: `The rejected-imports folder ${folder} cannot be read: ${reason}.` };
}

/** Names the watcher never lists: dotfiles and the archive subfolder. */
export function ignoredName(name: string): boolean {
  return name === '' || name.startsWith('.') || name === ARCHIVE_FOLDER;
}

/** Watches `options.folder`; see the decisions at the top of this file. */
export function watchRejectedFolder(options: RejectedFolderOptions): RejectedFolderWatcher {
  const folder = path.resolve(options.folder);
  const stabilityMs = options.stabilityMs ?? DEFAULT_STABILITY_MS;
  let status: RejectedFolderStatus = { path: folder, ok: false };
  let realFolder: string | null = null;
  let folderIno: number | null = null;
  let watcher: FSWatcher | null = null;
  /** Complete files: name -> size and modification time when last seen. */
  const known = new Map<string, string>();
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  let endReadyWait: (() => void) | null = null;

  /** Runs `task` after the previous ones (events and checks in order); never rejects. */
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    queue = queue.then(() => (closed ? undefined : task())).catch(() => undefined);
    return queue;
  };

  const emit = (event: RejectedFileEvent, name: string) => {
    if (closed) return;
    try {
      options.onFile(event, name);
    } catch {
      // The caller's handler failing must not stop the watcher.
    }
  };

  const setStatus = (next: RejectedFolderStatus) => {
    const before = status;
    status = next;
    if (before.ok !== next.ok || before.problem?.code !== next.problem?.code) {
      try {
        options.onFolder?.(next);
      } catch {
        // As above.
      }
    }
  };

  /** The signature (size, modification time) of `name` when it is a file of the folder now, else null. */
  const signatureOf = async (name: string): Promise<{ signature: string; mtimeMs: number } | null> => {
    if (ignoredName(name) || !realFolder) return null;
    const inFolder = path.join(realFolder, name);
    try {
      const link = await lstat(inFolder);
      if (!link.isSymbolicLink()) return link.isFile() ? { signature: `${link.size}:${link.mtimeMs}`, mtimeMs: link.mtimeMs } : null;
      const real = await realpath(inFolder);
      if (path.dirname(real) !== realFolder) return null;
      const info = await stat(real);
      return info.isFile() ? { signature: `${info.size}:${info.mtimeMs}`, mtimeMs: info.mtimeMs } : null;
    } catch {
      return null; // gone since the event, a dangling link, unreadable
    }
  };

  const onEvent = async (event: RejectedFileEvent, eventPath: string): Promise<void> => {
    // Only the files directly in the folder (chokidar reports the folder itself too).
    if (path.resolve(path.dirname(eventPath)) !== folder) return;
    const name = path.basename(eventPath);
    if (event === 'unlink') {
      if (known.delete(name)) emit('unlink', name);
      return;
    }
    const found = await signatureOf(name);
    if (!found) {
      if (known.delete(name)) emit('unlink', name);
      return;
    }
    const before = known.get(name);
    known.set(name, found.signature);
    if (before === undefined) emit('add', name);
    else if (before !== found.signature || event === 'change') emit('change', name);
  };

  /** Compares the known files with a listing: adds, changes and unlinks that no event reported. */
  const catchUp = async (): Promise<void> => {
    if (!realFolder) return;
    let names: string[];
    try {
      names = await readdir(realFolder);
    } catch {
      return; // the next check reports the folder's problem
    }
    const present = new Set(names);
    for (const name of [...known.keys()]) {
      if (!present.has(name)) {
        known.delete(name);
        emit('unlink', name);
      }
    }
    const now = Date.now();
    for (const name of names.sort()) {
      if (ignoredName(name)) continue;
      const found = await signatureOf(name);
      const before = known.get(name);
      if (!found) {
        if (before !== undefined) {
          known.delete(name);
          emit('unlink', name);
        }
        continue;
      }
      // Still being written (or just written and chokidar is about to say so): left to the events.
      if (found.signature === before || now - found.mtimeMs < stabilityMs * 2) continue;
      known.set(name, found.signature);
      emit(before === undefined ? 'add' : 'change', name);
    }
  };

  const start = async (): Promise<void> => {
    const w = chokidarWatch(folder, {
      depth: 0,
      persistent: true,
      ignoreInitial: false,
      followSymlinks: true,
      ignorePermissionErrors: true,
      usePolling: options.polling,
      interval: options.pollIntervalMs ?? DEFAULT_POLL_MS,
      binaryInterval: options.pollIntervalMs ?? DEFAULT_POLL_MS,
      awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: Math.min(100, stabilityMs) },
      ignored: (p: string, stats?: { isDirectory(): boolean }) => {
        if (path.resolve(p) === folder) return false;
        return ignoredName(path.basename(p)) || Boolean(stats?.isDirectory());
      },
    });
    watcher = w;
    const ready = new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        endReadyWait = null;
        resolve();
      };
      const timer = setTimeout(done, READY_TIMEOUT_MS);
      endReadyWait = done;
      w.once('ready', done);
    });
    w.on('add', (p) => void enqueue(() => onEvent('add', p)));
    w.on('change', (p) => void enqueue(() => onEvent('change', p)));
    w.on('unlink', (p) => void enqueue(() => onEvent('unlink', p)));
    // The folder itself went away: look at it now rather than at the next check.
    w.on('unlinkDir', (p) => {
      if (path.resolve(p) === folder) void enqueue(() => check());
    });
    w.on('error', () => void enqueue(() => check()));
    await ready;
  };

  const stop = async (): Promise<void> => {
    const w = watcher;
    watcher = null;
    realFolder = null;
    folderIno = null;
    if (w) await w.close().catch(() => undefined);
    for (const name of [...known.keys()]) {
      known.delete(name);
      emit('unlink', name);
    }
  };

  /** Looks at the folder: starts, restarts or stops watching it, and catches up missed events. */
  const check = async (): Promise<void> => {
    let real: string;
    let ino: number;
    try {
      real = await realpath(folder);
      const info = await stat(real);
      if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      ino = info.ino;
      // Readable? (stat works on a folder that cannot be listed.)
      const dir = await opendir(real);
      await dir.close();
    } catch (error) {
      await stop();
      setStatus({ path: folder, ok: false, problem: problemOf(folder, error) });
      return;
    }
    if (watcher && (real !== realFolder || ino !== folderIno)) await stop(); // replaced
    realFolder = real;
    folderIno = ino;
    if (!watcher) await start();
    if (closed) return;
    setStatus({ path: folder, ok: true });
    await catchUp();
  };

  const readyPromise = enqueue(() => check());
  const timer = setInterval(() => void enqueue(() => check()), options.recheckMs ?? DEFAULT_RECHECK_MS);
  timer.unref?.();

  return {
    ready: () => readyPromise,
    status: () => ({ ...status, ...(status.problem ? { problem: { ...status.problem } } : {}) }),
    names: () => [...known.keys()],
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      endReadyWait?.();
      const w = watcher;
      watcher = null;
      if (w) await w.close().catch(() => undefined);
    },
  };
}
