// The live tail: what is appended to the watched log files, as entries, for the viewer to add
// below what it loaded. The folders are watched by ../watch/logFolders.ts; this module keeps,
// for each file, where its tail starts and reads forward from there when the file changes.
//
// Decisions, for the callers (see ./monitor.ts for the contract):
// - What is "tail": at ready() (and for files found by reconfigure) every file's end is noted and
//   only what follows is tail; the viewer reads what was there with readLastEntries. A file that
//   appears later is tail from its first byte (a rotated-in empty file, or a new log), unless it
//   is over 64 MiB (copied in, not written live: it starts at its end). A file that could not be
//   read at ready() starts at its end once it can be.
// - Cursors are sequence numbers starting at the clock (ms) when the monitor is created, so that
//   a cursor from an earlier monitor gets `reset` rather than a wrong slice.
// - Events are hints. Every change is settled by looking at the file (stat, identity, read), and
//   every file is also looked at every `statCheckMs` in case an event was missed; so an event
//   seen twice or out of order costs a stat, not a duplicate.
// - Multi-line entries: the start of the last entry read is kept; the next read starts there
//   (when it is at most 1 MiB back), so a stack trace written in two writes becomes one entry,
//   pushed again with the same offset and generation (the viewer replaces it by id).
// - A last line without its newline is held back until it is completed, or until the file has
//   been idle for `partialIdleMs` (1 s): then it is shown, and shown again (same id) once complete.
// - Rotation: when a file's name gets another file (new inode), the rest of the old file is read
//   first if it is still in the folder under another name (app.log -> app.log.1), as entries of
//   the old key and generation; then the generation is bumped and the new file is read from its
//   start. The renamed file, if its name matches the patterns, carries on from where the old name
//   stopped (nothing read twice). Entries keep `file` = the path of their key, even when their
//   bytes were read under the new name. A file that appears as a copy of a watched one (copytruncate:
//   same first 256 bytes) gives the watched file what it had not read yet, and starts at its end.
// - Truncation (shrank, or first bytes rewritten): generation bumped, read again from 0.
// - Lines longer than 1 MiB keep their first 1 MiB (`truncated`); reads go by rounds of at most
//   8 MiB; a file that grew by more than 64 MiB at once is skipped to its end and every caller's
//   cursor is reset (they reload the last entries): nobody reads that much as a live tail.
// - Nothing throws out of the monitor: a file that cannot be read gets `problem` (code
//   FILE_UNREADABLE or FILE_ERROR) and is tried again at the next look.
import { constants, type Stats } from 'node:fs';
import { access, lstat, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VigieError } from '../../shared/errors';
import { watchLogFolders, type LogFolderWatcher } from '../watch/logFolders';
import type { FileLogEntry } from './entries';
import { detectFormat, groupEntries, type LogFormat } from './formats';
import { localTimeZone } from './formats/time';
import type { LogMonitor, MonitorConfig, MonitorEvents, MonitoredFile, MonitoredFolder, TailBatch, TailEntry } from './monitor';
import {
  DEFAULT_MAX_LINE_BYTES,
  detectRotation,
  fileIdentity,
  HEAD_BYTES,
  readLastLines,
  readLinesFrom,
  type FileIdentity,
  type LogEncoding,
  type LogLine,
} from './tailReader';

export interface LogMonitorTiming {
  /** Every file is looked at this often, whatever the events (default 1000 ms). */
  statCheckMs?: number;
  /** Folders are checked again this often: appear, disappear (default 2000 ms). */
  folderRecheckMs?: number;
  /** A last line without newline is shown once the file was idle this long (default 1000 ms). */
  partialIdleMs?: number;
  /** Polling interval when `config.polling` (default 300 ms). */
  pollIntervalMs?: number;
  /** onChange comes this long after the first change it reports (default 30 ms). */
  debounceMs?: number;
}

export interface LogMonitorOptions extends MonitorEvents {
  config: MonitorConfig;
  timing?: LogMonitorTiming;
  /** Entries and changes kept for tail() (default 20,000). */
  bufferSize?: number;
}

/**
 * The read options of a file from the admin's choices, as the monitor uses them: 'local' is this
 * machine's zone; no zone leaves each format's default (UTC for the Odoo server log). Whoever
 * reads the same file's last entries should use the same options so that timestamps agree.
 */
export function entryOptionsFor(choice: { format?: LogFormat; timeZone?: string }): { format?: LogFormat; timeZone?: string } {
  const timeZone = choice.timeZone === 'local' ? localTimeZone() : choice.timeZone;
  return { ...(choice.format ? { format: choice.format } : {}), ...(timeZone ? { timeZone } : {}) };
}

const MiB = 1024 * 1024;
/** Bytes read at a time when a file grew. */
const ROUND_BYTES = 8 * MiB;
/** The last entry is read again (to regroup continuation lines) when it starts at most this far back. */
const REGROUP_MAX_BYTES = 1 * MiB;
const MAX_LINE_BYTES = DEFAULT_MAX_LINE_BYTES;
/** Growth at once beyond which the tail jumps to the end (see the decisions above). */
const SKIP_AHEAD_BYTES = 64 * MiB;
/** Lines read from the end of a file to detect its format and find its last entry. */
const DETECT_LINES = 100;
const DETECT_MAX_LINE_BYTES = 64 * 1024;
const DEFAULT_BUFFER_SIZE = 20_000;
/** Memory kept for tail(), roughly (UTF-16 text): the oldest entries go first beyond it. */
const BUFFER_BYTES = 32 * MiB;
/** Where a renamed file carries on: kept this long for its new name to be seen. */
const HANDOFF_TTL_MS = 5 * 60_000;
const MAX_HANDOFFS = 200;
/** Names looked at to find where a rotated file went. */
const MAX_INODE_SEARCH = 5000;
/** A file is looked at again this long after the last event about it (see followUp). */
const FOLLOW_UP_MS = 50;

interface LastEntry {
  offset: number;
  line: number | null;
  lines: number;
  message: string;
}

type StartMode = 'initial' | 'new';

interface Tracked {
  path: string;
  folderIndex: number;
  folder: string;
  name: string;
  key: string;
  compressed: boolean;
  generation: number;
  dev: number;
  ino: number;
  /** Size and modification time at the last look (what says "nothing changed"). */
  size: number;
  mtimeMs: number;
  /** Where the tail starts is known; until then (unreadable) `pendingMode` says how to start. */
  positioned: boolean;
  pendingMode: StartMode;
  identity: FileIdentity | null;
  /** Start of the next complete line to read. */
  offset: number;
  /** Its line number, when known from the start of the file. */
  offsetLine: number | null;
  /** `offset` is inside a line longer than a round: its remaining pieces are skipped. */
  skipping: boolean;
  last: LastEntry | null;
  /** The last line without newline was shown (idle): it is read again with the rest. */
  partialShown: boolean;
  partialSize: number | null;
  partialSince: number;
  partialTimer: NodeJS.Timeout | null;
  detectedFormat: LogFormat | null;
  encoding: LogEncoding | null;
  problem?: { code: string; message: string };
}

interface Handoff {
  identity: FileIdentity;
  offset: number;
  offsetLine: number | null;
  skipping: boolean;
  detectedFormat: LogFormat | null;
  encoding: LogEncoding | null;
  at: number;
}

type Item = { seq: number; cost: number; entry: TailEntry; change?: undefined } | { seq: number; cost: number; entry?: undefined; change: TailBatch['changes'][number] };

/** Entries and changes in order, numbered; the oldest go beyond `size` items or BUFFER_BYTES. */
class TailBuffer {
  private items: Item[] = [];
  private start = 0;
  private bytes = 0;
  /** Sequence of the last item pushed: the cursor. Starts at the clock so that a cursor from an earlier monitor is seen as stale. */
  seq = Date.now();
  /** Sequence just before the oldest item kept. */
  private floor = this.seq;

  constructor(private readonly size: number) {}

  push(item: Omit<Item, 'seq'>): void {
    this.seq++;
    this.items.push({ ...item, seq: this.seq } as Item);
    this.bytes += item.cost;
    while (this.items.length - this.start > this.size || (this.bytes > BUFFER_BYTES && this.items.length - this.start > 1)) {
      const dropped = this.items[this.start]!;
      this.items[this.start] = undefined as unknown as Item;
      this.start++;
      this.bytes -= dropped.cost;
      this.floor = dropped.seq;
    }
    if (this.start > 4096 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** Drops everything: every cursor given so far is reset. */
  clear(): void {
    this.items = [];
    this.start = 0;
    this.bytes = 0;
    this.seq++;
    this.floor = this.seq;
  }

  since(cursor: number): TailBatch {
    if (cursor < this.floor || cursor > this.seq) return { entries: [], changes: [], cursor: this.seq, reset: true };
    const from = this.start + (cursor - this.floor);
    const entries: TailEntry[] = [];
    const changes: TailBatch['changes'] = [];
    // An entry pushed again (it grew) counts once, where it was last pushed.
    const seen = new Set<string>();
    for (let i = this.items.length - 1; i >= from; i--) {
      const item = this.items[i]!;
      if (item.change) changes.push(item.change);
      else {
        const id = `${item.entry.key}#${item.entry.generation}:${item.entry.offset}`;
        if (seen.has(id)) continue;
        seen.add(id);
        entries.push(item.entry);
      }
    }
    return { entries: entries.reverse(), changes: changes.reverse(), cursor: this.seq, reset: false };
  }
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

const encoder = new TextEncoder();
const scratch = new Uint8Array(MAX_LINE_BYTES);

/** `text` cut to at most MAX_LINE_BYTES of UTF-8, on a character boundary. */
function cutText(text: string): { text: string; cut: boolean } {
  if (text.length * 3 <= MAX_LINE_BYTES || Buffer.byteLength(text) <= MAX_LINE_BYTES) return { text, cut: false };
  const { read } = encoder.encodeInto(text, scratch);
  return { text: text.slice(0, read), cut: true };
}

function entryCost(entry: TailEntry): number {
  return 2 * entry.message.length + (entry.fields ? 2 * entry.message.length : 0) + 256;
}

/** The monitor of `options.config`'s folders; see the decisions at the top of this file. */
export function createLogMonitor(options: LogMonitorOptions): LogMonitor {
  const timing = {
    statCheckMs: options.timing?.statCheckMs ?? 1000,
    folderRecheckMs: options.timing?.folderRecheckMs ?? 2000,
    partialIdleMs: options.timing?.partialIdleMs ?? 1000,
    pollIntervalMs: options.timing?.pollIntervalMs ?? 300,
    debounceMs: options.timing?.debounceMs ?? 30,
  };
  let config = options.config;
  const buffer = new TailBuffer(Math.max(1, options.bufferSize ?? DEFAULT_BUFFER_SIZE));
  const createdSeq = buffer.seq;
  const tracked = new Map<string, Tracked>();
  /** Last generation of each path, kept when the file goes: a file coming back gets the next one. */
  const generations = new Map<string, number>();
  const handoffs = new Map<string, Handoff>();
  /** Files as they were just before they were truncated (what a copy of them continues). */
  const truncatedBefore: (Tracked & { at: number })[] = [];
  let watcher: LogFolderWatcher | null = null;
  /** Paths present when the folders were (re)scanned: their content so far is not tail. */
  let initialPaths = new Set<string>();
  let started = false;
  let closed = false;

  // --- change notification (debounced) ---------------------------------------------------------
  let notifyTimer: NodeJS.Timeout | null = null;
  let notifyFiles = false;
  function notify(files: boolean): void {
    // Before ready() the caller has nothing to compare with: it reads files() and cursor() then.
    if (closed || !started) return;
    notifyFiles ||= files;
    if (notifyTimer) return;
    notifyTimer = setTimeout(() => {
      notifyTimer = null;
      const change = { cursor: buffer.seq, files: notifyFiles };
      notifyFiles = false;
      if (closed) return;
      try {
        options.onChange(change);
      } catch {
        // The listener's failure is its own; the tail goes on.
      }
    }, timing.debounceMs);
  }

  function pushChange(state: Tracked, change: TailBatch['changes'][number]['change']): void {
    buffer.push({ cost: 64, change: { key: state.key, change } });
    notify(change !== 'truncated');
  }

  function setProblem(state: Tracked, problem: { code: string; message: string } | undefined): void {
    if (state.problem?.code === problem?.code && state.problem?.message === problem?.message) return;
    if (problem) state.problem = problem;
    else delete state.problem;
    notify(true);
  }

  async function problemOf(filePath: string, error: unknown): Promise<{ code: string; message: string }> {
    // The readers throw VigieError('FILE_ERROR') with the reason in words: ask the system why.
    let code = error instanceof VigieError ? undefined : errnoOf(error);
    if (!code) code = await access(filePath, constants.R_OK).then(() => undefined, (e: unknown) => errnoOf(e));
    const message = error instanceof Error ? error.message : String(error);
    return { code: code === 'EACCES' || code === 'EPERM' ? 'FILE_UNREADABLE' : 'FILE_ERROR', message };
  }

  // --- the work queue: one file at a time ------------------------------------------------------
  let lockChain: Promise<unknown> = Promise.resolve();
  function locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = lockChain.then(fn);
    lockChain = run.catch(() => undefined);
    return run;
  }
  const dirty = new Set<string>();
  let draining = false;
  function schedule(filePath: string): void {
    if (closed) return;
    dirty.add(filePath);
    kick();
  }
  function kick(): void {
    if (draining || !started || closed || dirty.size === 0) return;
    draining = true;
    void (async () => {
      try {
        while (dirty.size > 0 && started && !closed) {
          const next = dirty.values().next().value as string;
          dirty.delete(next);
          await locked(() => reconcile(next)).catch(() => undefined);
        }
      } finally {
        draining = false;
        kick();
      }
    })().catch(() => undefined);
  }

  // chokidar drops a file's change events for 5 ms after one it reported (it throttles, with no
  // trailing event): a write right after another would wait for the stat check. One more look
  // shortly after the last event of a burst catches it.
  const followUps = new Map<string, NodeJS.Timeout>();
  function followUp(filePath: string): void {
    if (closed) return;
    const pending = followUps.get(filePath);
    if (pending) clearTimeout(pending);
    followUps.set(
      filePath,
      setTimeout(() => {
        followUps.delete(filePath);
        schedule(filePath);
      }, FOLLOW_UP_MS),
    );
  }

  // --- reading ---------------------------------------------------------------------------------
  function fileChoice(filePath: string): { format?: LogFormat; timeZone?: string } {
    try {
      return entryOptionsFor(config.fileOptions(filePath));
    } catch {
      return {};
    }
  }

  /** Lines grouped into entries of `state`'s file, located by offset and line. */
  function group(state: Tracked, lines: readonly LogLine[]): FileLogEntry[] {
    const choice = fileChoice(state.path);
    const format = choice.format ?? state.detectedFormat ?? 'raw';
    const out: FileLogEntry[] = [];
    const indexed = lines.map((l, i) => ({ text: l.text, line: i }));
    for (const entry of groupEntries(indexed, format, choice.timeZone ? { timeZone: choice.timeZone } : {})) {
      const first = lines[entry.line]!;
      let truncated = false;
      for (let i = entry.line; i < entry.line + entry.lines; i++) if (lines[i]!.truncated) truncated = true;
      out.push({ ...entry, file: state.path, line: first.line, offset: first.offset, ...(truncated ? { truncated: true as const } : {}) });
    }
    return out;
  }

  function pushEntry(state: Tracked, entry: FileLogEntry): void {
    const tailEntry: TailEntry = { ...entry, key: state.key, generation: state.generation };
    buffer.push({ cost: entryCost(tailEntry), entry: tailEntry });
  }

  /**
   * Reads what follows `state.offset` in `readPath` (the file's own path, or where its old inode
   * went) up to the end, by rounds, and pushes the entries. 'moved': the path no longer holds the
   * inode that was read (rotated meanwhile), nothing was pushed from that round.
   */
  async function readNew(state: Tracked, readPath: string, allowPartial: boolean): Promise<'done' | 'moved' | 'shrank'> {
    let noRegroup = false;
    for (let round = 0; !closed; round++) {
      const regroup = !noRegroup && state.last !== null && !state.skipping && state.offset - state.last.offset <= REGROUP_MAX_BYTES;
      noRegroup = false;
      const start = regroup ? state.last!.offset : state.offset;
      let lineNo = regroup ? state.last!.line : state.offsetLine;
      const read = await readLinesFrom(readPath, start, ROUND_BYTES, state.encoding ? { encoding: state.encoding } : {});
      if (read.size < state.offset) return 'shrank';
      if (state.encoding === null && read.lines.length > 0) state.encoding = read.encoding;
      if (round === 0 && read.size - state.offset > SKIP_AHEAD_BYTES) {
        await skipToEnd(state, readPath);
        return 'done';
      }
      const kept: LogLine[] = [];
      let skipping = regroup ? false : state.skipping;
      for (const line of read.lines) {
        if (skipping) {
          // The rest of a line cut at a round's end: skipped up to the piece that ends it.
          skipping = line.truncated;
          continue;
        }
        const cut = cutText(line.text);
        kept.push({ text: cut.text, offset: line.offset, truncated: line.truncated || cut.cut, line: lineNo });
        if (lineNo !== null) lineNo++;
        if (line.truncated) skipping = true;
      }
      const next = read.nextOffset;
      const nextLine = lineNo;
      const readAll = read.size - start <= ROUND_BYTES;
      let partialIncluded = false;
      if ((allowPartial || state.partialShown) && readAll && next < read.size && !skipping) {
        const last = (await readLastLines(readPath, 1, { maxLineBytes: MAX_LINE_BYTES })).lines[0];
        if (last && last.offset === next) {
          const cut = cutText(last.text);
          kept.push({ text: cut.text, offset: last.offset, truncated: last.truncated || cut.cut, line: lineNo });
          partialIncluded = true;
        }
      }
      if (state.detectedFormat === null && kept.length > 0) state.detectedFormat = detectFormat(kept.map((l) => l.text));
      const entries = group(state, kept);
      // The path must still hold the inode these bytes came from.
      const after = await stat(readPath).catch(() => null);
      if (!after || after.ino !== state.ino || after.dev !== state.dev) return 'moved';
      let pushed = 0;
      entries.forEach((entry, i) => {
        const unchanged = i === 0 && regroup && state.last !== null && entry.offset === state.last.offset && entry.lines === state.last.lines && entry.message === state.last.message;
        if (unchanged) return;
        pushEntry(state, entry);
        pushed++;
      });
      if (entries.length > 0) {
        const last = entries[entries.length - 1]!;
        state.last = { offset: last.offset, line: last.line, lines: last.lines, message: last.message };
      }
      if (pushed > 0) notify(false);
      const progressed = next > state.offset;
      state.offset = Math.max(state.offset, next);
      if (progressed) {
        state.offsetLine = nextLine;
        state.skipping = skipping;
      }
      state.partialShown = partialIncluded;
      if (next >= read.size || readAll) return 'done';
      // More than a round: go on. A round that moved nothing (the entry read again filled it, and
      // a very long line follows) is read again from `offset`, where the long line gets cut.
      if (!progressed) {
        if (!regroup) return 'done'; // cannot happen (a round without a newline is cut): never loop
        noRegroup = true;
      }
    }
    return 'done';
  }

  /** Positions `state` at the end of its file: the last lines tell its format and last entry. */
  async function startAtEnd(state: Tracked, readPath = state.path): Promise<void> {
    const identity = await fileIdentity(readPath);
    const tail = await readLastLines(readPath, DETECT_LINES, { maxLineBytes: DETECT_MAX_LINE_BYTES });
    const lines = tail.lines.slice();
    let offset = tail.size;
    if (tail.size > 0 && !(await endsWithNewline(readPath, tail.size))) {
      // A last line being written: it is read (as tail) once complete.
      offset = lines.pop()?.offset ?? tail.size;
    }
    state.detectedFormat ??= tail.lines.length > 0 ? detectFormat(tail.lines.map((l) => l.text)) : null;
    state.encoding ??= tail.lines.length > 0 ? tail.encoding : null;
    const reachedStart = tail.startOffset === 0;
    const entries = group(state, lines);
    // Without the start of the file, the first group may be the end of an entry that starts above.
    const last = entries.length >= (reachedStart ? 1 : 2) ? entries[entries.length - 1]! : null;
    state.identity = stripHead(identity);
    state.offset = offset;
    state.offsetLine = reachedStart ? lines.length + 1 : null;
    state.skipping = false;
    state.last = last ? { offset: last.offset, line: last.line, lines: last.lines, message: last.message } : null;
    state.partialShown = false;
    state.positioned = true;
  }

  async function skipToEnd(state: Tracked, readPath: string): Promise<void> {
    state.last = null;
    await startAtEnd(state, readPath);
    buffer.clear();
    notify(true);
  }

  async function endsWithNewline(filePath: string, size: number): Promise<boolean> {
    const handle = await open(filePath, 'r');
    try {
      const byte = Buffer.alloc(1);
      const { bytesRead } = await handle.read(byte, 0, 1, size - 1);
      return bytesRead === 1 && byte[0] === 0x0a;
    } finally {
      await handle.close();
    }
  }

  function stripHead(identity: FileIdentity & { head?: Buffer }): FileIdentity {
    return { size: identity.size, ino: identity.ino, headLength: identity.headLength, headHash: identity.headHash };
  }

  // --- partial last lines ----------------------------------------------------------------------
  function notePartial(state: Tracked): void {
    if (state.offset >= state.size) {
      state.partialSize = null;
      return;
    }
    if (state.partialSize === state.size) return;
    state.partialSize = state.size;
    state.partialSince = Date.now();
    if (state.partialTimer) clearTimeout(state.partialTimer);
    state.partialTimer = setTimeout(() => {
      state.partialTimer = null;
      if (tracked.get(state.path) === state) schedule(state.path);
    }, timing.partialIdleMs + 10);
  }

  function partialIsIdle(state: Tracked): boolean {
    return !state.partialShown && state.partialSize === state.size && state.offset < state.size && Date.now() - state.partialSince >= timing.partialIdleMs;
  }

  // --- rotation, removal, renames --------------------------------------------------------------
  /** Where the inode `dev:ino` is now in `folder` (another name), or null. */
  async function findInode(folder: string, dev: number, ino: number, name: string): Promise<string | null> {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return null;
    }
    // Rotated names usually start with the old one (app.log.1, app.log-20260619).
    names.sort((a, b) => Number(b.startsWith(name)) - Number(a.startsWith(name)) || a.localeCompare(b));
    for (const candidate of names.slice(0, MAX_INODE_SEARCH)) {
      const candidatePath = path.join(folder, candidate);
      const info = await lstat(candidatePath).catch(() => null);
      if (info && info.isFile() && info.ino === ino && info.dev === dev) return candidatePath;
    }
    return null;
  }

  function handoffKey(dev: number, ino: number): string {
    return `${dev}:${ino}`;
  }

  /** The file's inode left its path: reads the rest of it where it went, and says where it stopped. */
  async function drainOld(state: Tracked): Promise<void> {
    if (state.compressed || !state.positioned || !state.identity) return;
    const found = await findInode(state.folder, state.dev, state.ino, state.name);
    if (found) {
      try {
        // Inode numbers are reused at once: the file found must begin as the old one did. (A
        // file that was empty at the last look cannot be told apart: its name's successor, if
        // any, reads it from 0 instead.)
        const identity = await fileIdentity(found);
        const same = state.identity.headLength > 0 && detectRotation(state.identity, { ...identity, ino: state.identity.ino }) !== 'truncated';
        if (same) await readNew(state, found, false);
      } catch {
        // Gone meanwhile: what could be read was.
      }
    }
    const now = Date.now();
    for (const [key, handoff] of handoffs) if (now - handoff.at > HANDOFF_TTL_MS) handoffs.delete(key);
    if (handoffs.size >= MAX_HANDOFFS) handoffs.delete(handoffs.keys().next().value as string);
    handoffs.set(handoffKey(state.dev, state.ino), {
      identity: state.identity,
      offset: state.offset,
      offsetLine: state.offsetLine,
      skipping: state.skipping,
      detectedFormat: state.detectedFormat,
      encoding: state.encoding,
      at: now,
    });
  }

  function clearTimers(state: Tracked): void {
    if (state.partialTimer) clearTimeout(state.partialTimer);
    state.partialTimer = null;
  }

  async function release(state: Tracked, drain: boolean): Promise<void> {
    if (drain) await drainOld(state);
    clearTimers(state);
    tracked.delete(state.path);
    generations.set(state.path, state.generation);
    pushChange(state, 'removed');
  }

  function resetPosition(state: Tracked, st: Stats): void {
    clearTimers(state);
    state.dev = st.dev;
    state.ino = st.ino;
    state.positioned = false;
    state.identity = null;
    state.offset = 0;
    state.offsetLine = 1;
    state.skipping = false;
    state.last = null;
    state.partialShown = false;
    state.partialSize = null;
  }

  /**
   * Where the tail of `state`'s (new) inode starts: where it stopped under another name (a
   * rename), at its end (`initial`, a hard link, a copy of a watched file) or at 0 (`new`).
   */
  async function position(state: Tracked, mode: StartMode): Promise<void> {
    state.pendingMode = mode;
    const owner = [...tracked.values()].find((s) => s !== state && !s.compressed && s.dev === state.dev && s.ino === state.ino);
    // A rename: the other name gives the inode up first (reading what it had not read).
    if (owner && !busy.has(owner.path)) await reconcile(owner.path);
    const identity = await fileIdentity(state.path);
    if (identity.ino !== state.ino) throw Object.assign(new Error('replaced while opened'), { code: 'EAGAIN' });
    const key = handoffKey(state.dev, state.ino);
    const handoff = handoffs.get(key);
    if (handoff && detectRotation(handoff.identity, { ...identity, ino: handoff.identity.ino }) !== 'truncated') {
      handoffs.delete(key);
      state.identity = stripHead(identity);
      state.offset = handoff.offset;
      state.offsetLine = handoff.offsetLine;
      state.skipping = handoff.skipping;
      state.detectedFormat ??= handoff.detectedFormat;
      state.encoding ??= handoff.encoding;
      state.positioned = true;
      return;
    }
    const stillOwned = owner && tracked.get(owner.path) === owner && owner.ino === state.ino;
    // A big file copied in is not a live tail: it is listed ('added'), its last entries read as
    // any file's, and what is appended to it later is tail.
    if (mode === 'initial' || stillOwned || identity.size > SKIP_AHEAD_BYTES) {
      await startAtEnd(state);
      return;
    }
    // copytruncate: a copy of a watched file appears, then that file is emptied. The copy holds
    // what the watched file had not read yet: it is read from the copy, as the watched file's.
    // The watched file may already have been seen emptied: its state from before then is kept.
    if (identity.headLength >= HEAD_BYTES) {
      const now = Date.now();
      for (let i = truncatedBefore.length - 1; i >= 0; i--) if (now - truncatedBefore[i]!.at > HANDOFF_TTL_MS) truncatedBefore.splice(i, 1);
      for (const other of [...tracked.values(), ...truncatedBefore]) {
        if (other === state || other.compressed || !other.positioned || !other.identity || other.folder !== state.folder) continue;
        if (other.identity.headLength < HEAD_BYTES) continue;
        if (detectRotation(other.identity, { size: identity.size, ino: other.identity.ino, head: identity.head }) === 'truncated') continue;
        const saved = { dev: other.dev, ino: other.ino };
        other.dev = state.dev;
        other.ino = state.ino;
        try {
          await readNew(other, state.path, false);
        } finally {
          other.dev = saved.dev;
          other.ino = saved.ino;
        }
        const used = truncatedBefore.indexOf(other as Tracked & { at: number });
        if (used >= 0) truncatedBefore.splice(used, 1);
        await startAtEnd(state);
        return;
      }
    }
    state.identity = stripHead(identity);
    state.offset = 0;
    state.offsetLine = 1;
    state.positioned = true;
  }

  // --- one look at one path --------------------------------------------------------------------
  const busy = new Set<string>();

  function newState(filePath: string, st: Stats): Tracked | null {
    const info = watcher?.files().find((f) => f.path === filePath);
    if (!info) return null;
    const folder = config.folders[info.folderIndex] ?? path.dirname(filePath);
    const previous = generations.get(filePath);
    return {
      path: filePath,
      folderIndex: info.folderIndex,
      folder: path.resolve(folder),
      name: info.name,
      key: `${info.folderIndex}/${info.name}`,
      compressed: /\.gz$/i.test(info.name),
      generation: previous === undefined ? 0 : previous + 1,
      dev: st.dev,
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
      positioned: false,
      pendingMode: 'new',
      identity: null,
      offset: 0,
      offsetLine: 1,
      skipping: false,
      last: null,
      partialShown: false,
      partialSize: null,
      partialSince: 0,
      partialTimer: null,
      detectedFormat: null,
      encoding: null,
    };
  }

  /** Reads what `state`'s file has beyond its tail position, settling problems and retries. */
  async function catchUp(state: Tracked, allowPartial: boolean): Promise<void> {
    const result = await readNew(state, state.path, allowPartial);
    if (result !== 'done') {
      schedule(state.path);
      return;
    }
    notePartial(state);
  }

  async function reconcile(filePath: string): Promise<void> {
    if (busy.has(filePath) || closed) return;
    busy.add(filePath);
    let state = tracked.get(filePath);
    try {
      let st: Stats | null = null;
      if (watcher?.has(filePath) && (await watcher.stillAccepted(filePath))) {
        try {
          st = await stat(filePath);
        } catch (error) {
          const code = errnoOf(error);
          if (code !== 'ENOENT' && code !== 'ENOTDIR') {
            if (state) setProblem(state, await problemOf(filePath, error));
            return;
          }
        }
      }
      if (!st || !st.isFile()) {
        if (state) await release(state, true);
        return;
      }
      if (!state) {
        const created = newState(filePath, st);
        if (!created) return;
        state = created;
        tracked.set(filePath, state);
        const mode: StartMode = initialPaths.has(filePath) ? 'initial' : 'new';
        state.pendingMode = mode;
        if (mode === 'new') pushChange(state, 'added');
        if (state.compressed) return;
        await position(state, mode);
        setProblem(state, undefined);
        await catchUp(state, false);
        return;
      }
      const changed = st.size !== state.size || st.mtimeMs !== state.mtimeMs || st.ino !== state.ino || st.dev !== state.dev;
      state.size = st.size;
      state.mtimeMs = st.mtimeMs;
      if (state.compressed) return;
      if (!state.positioned) {
        // Not read yet (it could not be): no old inode to finish, nothing to bump.
        state.dev = st.dev;
        state.ino = st.ino;
        await position(state, state.pendingMode);
        setProblem(state, undefined);
        await catchUp(state, false);
        return;
      }
      if (st.ino !== state.ino || st.dev !== state.dev) {
        // Another file has the name now: the old one is read to its end where it went.
        await drainOld(state);
        generations.set(filePath, state.generation);
        state.generation++;
        resetPosition(state, st);
        pushChange(state, 'rotated');
        await position(state, 'new');
        setProblem(state, undefined);
        await catchUp(state, false);
        return;
      }
      if (!changed && !state.problem) {
        if (partialIsIdle(state)) await catchUp(state, true);
        return;
      }
      const identity = await fileIdentity(filePath);
      setProblem(state, undefined);
      const change = state.identity ? detectRotation(state.identity, identity) : 'grown';
      if (change === 'rotated') {
        schedule(filePath); // the stat above was older than the identity: look again
        return;
      }
      if (change === 'truncated') {
        // Kept for a copy of the old content that may show up (copytruncate, see position()).
        if (state.identity && state.identity.headLength >= HEAD_BYTES) {
          truncatedBefore.push({ ...state, partialTimer: null, at: Date.now() });
          if (truncatedBefore.length > MAX_HANDOFFS) truncatedBefore.shift();
        }
        state.generation++;
        resetPosition(state, st);
        state.positioned = true;
        pushChange(state, 'truncated');
      }
      state.identity = stripHead(identity);
      await catchUp(state, partialIsIdle(state));
    } catch (error) {
      if (state && tracked.get(filePath) === state) {
        if (errnoOf(error) === 'EAGAIN') schedule(filePath);
        else setProblem(state, await problemOf(filePath, error).catch(() => ({ code: 'FILE_ERROR', message: String(error) })));
      }
    } finally {
      busy.delete(filePath);
    }
  }

  // --- watching --------------------------------------------------------------------------------
  function startWatcher(): LogFolderWatcher {
    return watchLogFolders({
      folders: config.folders,
      patterns: config.patterns,
      polling: config.polling,
      pollIntervalMs: timing.pollIntervalMs,
      recheckMs: timing.folderRecheckMs,
      onFile: (_event, file) => {
        schedule(file.path);
        followUp(file.path);
      },
      onFolder: () => notify(true),
    });
  }

  /** Scans the watcher's files: new ones start at their end, gone ones are removed. */
  async function scan(): Promise<void> {
    if (!watcher) return;
    await watcher.ready();
    const present = new Map(watcher.files().map((f) => [f.path, f]));
    for (const state of [...tracked.values()]) {
      const file = present.get(state.path);
      if (!file) {
        await release(state, false);
        continue;
      }
      const folder = config.folders[file.folderIndex];
      state.folderIndex = file.folderIndex;
      state.folder = folder ? path.resolve(folder) : state.folder;
      state.key = `${file.folderIndex}/${file.name}`;
    }
    initialPaths = new Set([...present.keys()].filter((p) => !tracked.has(p)));
    try {
      for (const filePath of initialPaths) {
        if (closed) return;
        await reconcile(filePath);
      }
    } finally {
      initialPaths = new Set();
    }
  }

  let statTimer: NodeJS.Timeout | null = null;
  const readyPromise: Promise<void> = locked(async () => {
    if (closed) return;
    watcher = startWatcher();
    await scan();
  })
    .catch(() => undefined)
    .then(() => {
      if (closed) return;
      started = true;
      if (buffer.seq !== createdSeq) notify(false); // files that came during the scan
      statTimer = setInterval(() => {
        for (const filePath of tracked.keys()) dirty.add(filePath);
        kick();
      }, timing.statCheckMs);
      kick();
    });

  function view(state: Tracked): MonitoredFile {
    return {
      key: state.key,
      path: state.path,
      folder: state.folder,
      name: state.name,
      size: state.size,
      modifiedAt: new Date(state.mtimeMs).toISOString(),
      compressed: state.compressed,
      generation: state.generation,
      detectedFormat: state.detectedFormat,
      encoding: state.encoding,
      ...(state.problem ? { problem: { ...state.problem } } : {}),
    };
  }

  return {
    ready: () => readyPromise,
    folders: (): MonitoredFolder[] =>
      watcher ? watcher.folders().map((f) => ({ path: f.path, ok: f.ok, ...(f.problem ? { problem: { ...f.problem } } : {}) })) : config.folders.map((f) => ({ path: f, ok: false })),
    files: () =>
      [...tracked.values()]
        .sort((a, b) => a.folderIndex - b.folderIndex || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(view),
    file: (key) => {
      for (const state of tracked.values()) if (state.key === key) return view(state);
      return undefined;
    },
    cursor: () => buffer.seq,
    tail: (cursor) => buffer.since(cursor),
    reconfigure: async (next) => {
      if (closed) return;
      await readyPromise;
      await locked(async () => {
        if (closed) return;
        config = next;
        const previous = watcher;
        watcher = null;
        await previous?.close().catch(() => undefined);
        if (closed) return;
        watcher = startWatcher();
        await scan();
        notify(true);
      }).catch(() => undefined);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      started = false;
      if (statTimer) clearInterval(statTimer);
      if (notifyTimer) clearTimeout(notifyTimer);
      for (const timer of followUps.values()) clearTimeout(timer);
      followUps.clear();
      for (const state of tracked.values()) clearTimers(state);
      dirty.clear();
      await watcher?.close().catch(() => undefined);
      await lockChain.catch(() => undefined);
      // A watcher started by ready() or reconfigure() while closing.
      await watcher?.close().catch(() => undefined);
    },
  };
}
