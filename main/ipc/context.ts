// What a channel handler receives: the database, the clock, its session and the signed-in
// account, and `write`, the only way to change data (one transaction with its audit record).
import type { AccountRecord } from '../db/accounts';
import type { AuditEntry } from '../db/audit';
import type { Db } from '../db/connection';
import type { SecretStore } from '../secrets';
import type { LogsRuntime } from '../services/logsRuntime';
import type { RejectedRuntime } from '../services/rejectedRuntime';
import type { Session } from './session';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Waits in real time (the delay after a failed sign-in), whatever the clock says. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export type AuditNote = Omit<AuditEntry, 'at' | 'actorId' | 'actor'> & { actor?: { id: number | null; name: string } };

export interface Auditor {
  record(note: AuditNote): void;
}

/**
 * Asks the admin where to save a file (Electron: the native save dialog; the bridge: its
 * downloads folder; the CLI: --out). The renderer never names a path itself. Null: cancelled.
 */
export type ChooseSavePath = (request: { suggestedName: string; extensions: readonly string[] }) => Promise<string | null>;

/** What services need to start worker threads and reach the database file from them. */
export interface WorkerSetup {
  /** The folder holding the bundled workers (`<name>.cjs`). */
  workersDir: string;
  /** The SQLite file, which workers open read-only (WAL lets them read while main writes). */
  databaseFile: string;
  /** better-sqlite3's native binding for Electron, when not the default one. */
  nativeBinding?: string;
}

export interface HandlerContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly session: Session;
  /** The signed-in account, read at the start of this call (null when signed out). */
  readonly account: AccountRecord | null;
  readonly dataDir: string;
  /** The OS keychain (the key that encrypts two-factor secrets lives there). */
  readonly secrets: SecretStore;
  readonly sleep: Sleep;
  readonly chooseSavePath: ChooseSavePath;
  readonly workers: WorkerSetup;
  /** The Logs area's monitor and searches, shared by every session of the backend. */
  readonly logs: LogsRuntime;
  /** The Rejected imports area's watcher, scans and open files, shared by every session of the backend. */
  readonly rejected: RejectedRuntime;
  /** Tells the caller's window how far a long task (named by the caller's taskId) has come. */
  progress(taskId: string, done: number, total: number): void;
  /**
   * Runs `change` in one transaction. It must record at least one audit entry, or the
   * transaction is rolled back and the call fails: no change goes unaudited.
   */
  write<T>(change: (audit: Auditor) => T): T;
  /**
   * Says that sessions were ended (an account's session epoch was bumped): once the call is
   * over, the router emits 'auth.changed' so open windows check their sign-in at once.
   */
  sessionsEnded(): void;
}
