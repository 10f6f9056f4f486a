// The log monitor's contract: the watched log folders, their files, and what is appended to
// them (live tail). One monitor per backend, started at the first call of the Logs area and
// restarted when the settings change. The implementation (createLogMonitor) lives in
// ./liveTail.ts over the chokidar watcher of ../watch/logFolders.ts.
import type { LogFileChange, LogFormat } from '../../shared/logs';
import type { FileLogEntry } from './entries';
import type { LogEncoding } from './tailReader';

export interface MonitorConfig {
  /** Absolute paths of the folders (missing ones are reported, not created). */
  folders: string[];
  /** Glob patterns of file names (`*.log`, `*.log.[0-9]*`, `*.gz`). */
  patterns: string[];
  /** Poll the folders instead of OS notifications (network shares). */
  polling: boolean;
  /** The admin's choices for one file (its absolute path): format, time zone ('local', 'UTC' or IANA). */
  fileOptions(filePath: string): { format?: LogFormat; timeZone?: string };
}

export interface MonitoredFolder {
  path: string;
  ok: boolean;
  problem?: { code: string; message: string };
}

export interface MonitoredFile {
  /** `<folder index>/<name>`: what the renderer names the file by. */
  key: string;
  /** Absolute path (checked to be inside its folder: links leading out are ignored). */
  path: string;
  folder: string;
  name: string;
  size: number;
  modifiedAt: string;
  compressed: boolean;
  /** Bumped when the file is truncated or replaced (rotation): entry ids include it. */
  generation: number;
  detectedFormat: LogFormat | null;
  encoding: LogEncoding | null;
  problem?: { code: string; message: string };
}

/** An entry appended to a monitored file (its `file` is the absolute path). */
export interface TailEntry extends FileLogEntry {
  key: string;
  generation: number;
}

export interface TailBatch {
  /** Entries appended after `cursor`, and entries that grew since (same key, generation and offset). */
  entries: TailEntry[];
  changes: { key: string; change: LogFileChange }[];
  cursor: number;
  /** `cursor` is older than what the buffer keeps: the caller reloads the last entries. */
  reset: boolean;
}

export interface MonitorEvents {
  /** Called (debounced, at most every ~100 ms) when entries were appended or files changed. */
  onChange(change: { cursor: number; files: boolean }): void;
}

export interface LogMonitor {
  /** Resolves once the folders were scanned and every file's end noted (what follows is tail). */
  ready(): Promise<void>;
  folders(): MonitoredFolder[];
  files(): MonitoredFile[];
  file(key: string): MonitoredFile | undefined;
  /** The cursor now: tail(cursor) later returns what is appended after this moment. */
  cursor(): number;
  tail(cursor: number): TailBatch;
  /** New folders, patterns, polling or file options: rescans, keeps generations of files still there. */
  reconfigure(config: MonitorConfig): Promise<void>;
  close(): Promise<void>;
}
