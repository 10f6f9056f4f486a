// The watched log folders: chokidar on each folder (only the files directly in it), names
// filtered by the admin's glob patterns, and what each folder's state is (missing, not a folder,
// unreadable). The live tail (../logs/liveTail.ts) reads the files; this module only says which
// files there are and when one may have changed.
//
// Decisions, for the callers:
// - No `awaitWriteFinish`: a log is appended to line by line, and the live tail must show a
//   line within a second; the tail itself ignores a last line that has no newline yet.
// - A file reached through a symbolic link is accepted only if the link leads to a file inside
//   the folder (realpath check); a link to a file that is itself listed under its own name is
//   ignored (the file is listed once). Dotfiles are ignored (editors' and tools' temporary files).
// - Events are hints: a missed or extra event costs nothing, because the folder is also re-read
//   every `recheckMs` (a missed add or unlink is caught up) and the tail stats its files itself.
// - A folder that is missing, not a folder or unreadable is reported and checked again every
//   `recheckMs`: once it appears, it is watched. A folder that is deleted or replaced while
//   watched is noticed the same way (its files are reported as unlinked).
import { type Dir } from 'node:fs';
import { lstat, opendir, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { globToRegExp } from '../logs/entries';

/** Why a folder cannot be watched now (the UI translates the code). */
export type FolderProblemCode = 'FOLDER_MISSING' | 'NOT_A_FOLDER' | 'FOLDER_UNREADABLE';

export interface FolderStatus {
  path: string;
  ok: boolean;
  problem?: { code: FolderProblemCode; message: string };
}

export type FolderFileEvent = 'add' | 'change' | 'unlink';

export interface WatchedFile {
  folderIndex: number;
  /** Absolute path: the folder joined with the name (links are not resolved). */
  path: string;
  name: string;
}

export interface LogFolderWatchOptions {
  /** Absolute paths; their order gives `folderIndex`. */
  folders: readonly string[];
  patterns: readonly string[];
  /** Poll instead of OS notifications (network shares, some containers). */
  polling: boolean;
  /** Polling interval (default 300 ms). */
  pollIntervalMs?: number;
  /** How often each folder is checked again: appears, disappears, events missed (default 2 s). */
  recheckMs?: number;
  onFile(event: FolderFileEvent, file: WatchedFile): void;
  /** A folder's state changed (became watched, or got a problem). */
  onFolder?(index: number, status: FolderStatus): void;
}

export interface LogFolderWatcher {
  /** Resolves once every folder was looked at and the existing files reported as `add`. */
  ready(): Promise<void>;
  folders(): FolderStatus[];
  /** The accepted files now, every folder. */
  files(): WatchedFile[];
  /** Whether `filePath` is an accepted file now (as last seen). */
  has(filePath: string): boolean;
  /** Whether `filePath` is still an accepted file, looking at it now (a link may have been retargeted). */
  stillAccepted(filePath: string): Promise<boolean>;
  close(): Promise<void>;
}

const DEFAULT_POLL_MS = 300;
const DEFAULT_RECHECK_MS = 2000;
/** A watcher that never says it is ready (a hung network share) does not hold `ready()` forever. */
const READY_TIMEOUT_MS = 10_000;

function problemOf(folder: string, error: unknown): NonNullable<FolderStatus['problem']> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { code: 'FOLDER_MISSING', message: `The log folder ${folder} does not exist.` };
  if (code === 'ENOTDIR') return { code: 'NOT_A_FOLDER', message: `The log folder ${folder} is not a folder.` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'FOLDER_UNREADABLE', message: `The log folder ${folder} cannot be read: permission denied.` };
  const reason = error instanceof Error ? error.message : String(error);
  return { code: 'FOLDER_UNREADABLE', message: `The log folder ${folder} cannot be read: ${reason}.` };
}

/** Is `inner` inside `outer` (both real paths)? */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

class WatchedFolder {
  status: FolderStatus;
  private realFolder: string | null = null;
  private folderIno: number | null = null;
  private watcher: FSWatcher | null = null;
  /** Accepted files: name -> absolute path. */
  readonly known = new Map<string, string>();
  /** Events and re-checks run one at a time, in order: the known set stays consistent. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Ends the wait for chokidar's 'ready' (closing does not wait for a scan). */
  private endReadyWait: (() => void) | null = null;

  constructor(
    readonly index: number,
    readonly folder: string,
    private readonly matchers: readonly RegExp[],
    private readonly options: LogFolderWatchOptions,
  ) {
    this.status = { path: folder, ok: false };
  }

  private matches(name: string): boolean {
    return !name.startsWith('.') && this.matchers.some((re) => re.test(name));
  }

  /** Runs `task` after the previous ones; never rejects. */
  enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(() => (this.closed ? undefined : task())).catch(() => undefined);
    return this.queue;
  }

  private setStatus(status: FolderStatus): void {
    const before = this.status;
    this.status = status;
    if (before.ok !== status.ok || before.problem?.code !== status.problem?.code) {
      try {
        this.options.onFolder?.(this.index, status);
      } catch {
        // The caller's handler failing must not stop the watcher.
      }
    }
  }

  private emit(event: FolderFileEvent, name: string, filePath: string): void {
    if (this.closed) return;
    try {
      this.options.onFile(event, { folderIndex: this.index, path: filePath, name });
    } catch {
      // As above.
    }
  }

  /** Whether `name` is a log file of this folder now: a regular file, or a link to one inside. */
  async accepts(name: string): Promise<boolean> {
    if (!this.matches(name) || !this.realFolder) return false;
    const inFolder = path.join(this.realFolder, name);
    try {
      const link = await lstat(inFolder);
      if (!link.isSymbolicLink()) return link.isFile();
      const real = await realpath(inFolder);
      if (!isInside(real, this.realFolder)) return false;
      if (!(await stat(real)).isFile()) return false;
      // A link to a listed file of this folder: the file is listed under its own name.
      if (path.dirname(real) === this.realFolder && this.matches(path.basename(real))) return false;
      return true;
    } catch {
      return false; // gone since the event, a dangling link, unreadable
    }
  }

  private async onEvent(event: FolderFileEvent, eventPath: string): Promise<void> {
    const name = path.basename(eventPath);
    const filePath = path.join(this.folder, name);
    // Only the files directly in the folder (chokidar reports the folder itself too).
    if (path.resolve(path.dirname(eventPath)) !== path.resolve(this.folder)) return;
    if (event === 'unlink') {
      if (this.known.delete(name)) this.emit('unlink', name, filePath);
      return;
    }
    const accepted = await this.accepts(name);
    if (this.known.has(name)) {
      // Checked again at each change: a link may have been pointed elsewhere.
      if (accepted) this.emit('change', name, filePath);
      else {
        this.known.delete(name);
        this.emit('unlink', name, filePath);
      }
      return;
    }
    if (accepted) {
      this.known.set(name, filePath);
      this.emit('add', name, filePath);
    }
  }

  /** Looks at the folder: starts, restarts or stops watching it, and catches up missed events. */
  async check(): Promise<void> {
    let real: string;
    let ino: number;
    try {
      real = await realpath(this.folder);
      const info = await stat(real);
      if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      ino = info.ino;
      // Readable? (stat works on a folder that cannot be listed.)
      const dir: Dir = await opendir(real);
      await dir.close();
    } catch (error) {
      await this.stop();
      this.setStatus({ path: this.folder, ok: false, problem: problemOf(this.folder, error) });
      return;
    }
    if (this.watcher && (real !== this.realFolder || ino !== this.folderIno)) await this.stop(); // replaced
    this.realFolder = real;
    this.folderIno = ino;
    if (!this.watcher) await this.start();
    if (this.closed) return;
    this.setStatus({ path: this.folder, ok: true });
    await this.catchUp();
  }

  /** Compares the known files with a listing: adds and unlinks that no event reported. */
  private async catchUp(): Promise<void> {
    if (!this.realFolder) return;
    let names: string[];
    try {
      names = await readdir(this.realFolder);
    } catch {
      return; // the next check reports the folder's problem
    }
    const present = new Set(names);
    for (const [name, filePath] of [...this.known]) {
      if (!present.has(name) || !(await this.accepts(name))) {
        this.known.delete(name);
        this.emit('unlink', name, filePath);
      }
    }
    for (const name of names.sort()) {
      if (this.known.has(name) || !this.matches(name)) continue;
      if (await this.accepts(name)) {
        const filePath = path.join(this.folder, name);
        this.known.set(name, filePath);
        this.emit('add', name, filePath);
      }
    }
  }

  private async start(): Promise<void> {
    const root = path.resolve(this.folder);
    const watcher = chokidarWatch(root, {
      depth: 0,
      persistent: true,
      ignoreInitial: false,
      followSymlinks: true,
      ignorePermissionErrors: true,
      usePolling: this.options.polling,
      interval: this.options.pollIntervalMs ?? DEFAULT_POLL_MS,
      binaryInterval: this.options.pollIntervalMs ?? DEFAULT_POLL_MS,
      awaitWriteFinish: false,
      ignored: (p: string, stats?: { isDirectory(): boolean }) => {
        if (path.resolve(p) === root) return false;
        return !this.matches(path.basename(p)) || Boolean(stats?.isDirectory());
      },
    });
    this.watcher = watcher;
    const ready = new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.endReadyWait = null;
        resolve();
      };
      const timer = setTimeout(done, READY_TIMEOUT_MS);
      this.endReadyWait = done;
      watcher.once('ready', done);
    });
    watcher.on('add', (p) => void this.enqueue(() => this.onEvent('add', p)));
    watcher.on('change', (p) => void this.enqueue(() => this.onEvent('change', p)));
    watcher.on('unlink', (p) => void this.enqueue(() => this.onEvent('unlink', p)));
    // The folder itself went away: look at it now rather than at the next re-check.
    watcher.on('unlinkDir', (p) => {
      if (path.resolve(p) === root) void this.enqueue(() => this.check());
    });
    watcher.on('error', () => void this.enqueue(() => this.check()));
    await ready;
  }

  private async stop(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    this.realFolder = null;
    this.folderIno = null;
    if (watcher) await watcher.close().catch(() => undefined);
    for (const [name, filePath] of [...this.known]) {
      this.known.delete(name);
      this.emit('unlink', name, filePath);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endReadyWait?.();
    const watcher = this.watcher;
    this.watcher = null;
    if (watcher) await watcher.close().catch(() => undefined);
  }
}

/** Watches `options.folders`; see the decisions at the top of this file. */
export function watchLogFolders(options: LogFolderWatchOptions): LogFolderWatcher {
  const matchers = options.patterns.map(globToRegExp);
  const folders = options.folders.map((folder, index) => new WatchedFolder(index, path.resolve(folder), matchers, options));
  let closed = false;
  const readyPromise = Promise.all(folders.map((f) => f.enqueue(() => f.check()))).then(() => undefined);
  const timer = setInterval(() => {
    for (const f of folders) void f.enqueue(() => f.check());
  }, options.recheckMs ?? DEFAULT_RECHECK_MS);
  timer.unref?.();

  return {
    ready: () => readyPromise,
    folders: () => folders.map((f) => ({ ...f.status })),
    files: () => folders.flatMap((f) => [...f.known].map(([name, filePath]) => ({ folderIndex: f.index, path: filePath, name }))),
    has: (filePath) => {
      const name = path.basename(filePath);
      return folders.some((f) => f.known.get(name) === filePath);
    },
    stillAccepted: async (filePath) => {
      const name = path.basename(filePath);
      const folder = folders.find((f) => f.known.get(name) === filePath);
      return folder ? folder.accepts(name) : false;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await Promise.all(folders.map((f) => f.close().catch(() => undefined)));
    },
  };
}
