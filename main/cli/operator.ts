// The operator at the machine: the break-glass path when no Manager can sign in (forgotten
// password, lockout, lost second factor). Whoever can run `vigie` on the data directory can
// already read and replace vigie.db, so the command line acts with a full administrator's
// power, through the same services as the console, and every change is audited under
// `cli:<OS user name>` in the transaction that makes it.
import { createLogsRuntime } from '../services/logsRuntime';
import { createRejectedRuntime } from '../services/rejectedRuntime';
import os from 'node:os';
import { VigieError } from '../../shared/errors';
import { ALL_PERMISSIONS } from '../../shared/permissions';
import { findAccountByUsername, type AccountRecord } from '../db/accounts';
import { appendAudit } from '../db/audit';
import { DatabaseProblem, dbPath, openDatabase, type Db } from '../db/connection';
import { defaultWorkersDir } from '../backend';
import { systemClock, type AuditNote, type Clock, type HandlerContext } from '../ipc/context';
import { newSession } from '../ipc/session';
import { createSecretStore } from '../secrets';
import { CliError } from './command';
import { requireDatabaseFile } from './database';
import { printable } from './format';

/** `cli:<OS user name>`, the actor of the audit records the command line writes. */
export function operatorName(env: NodeJS.ProcessEnv): string {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    // No entry in the user database (a container run under a bare uid): fall back on the environment.
  }
  user ||= env.USER ?? env.USERNAME ?? env.LOGNAME ?? '';
  if (!user && typeof process.getuid === 'function') user = `uid-${process.getuid()}`;
  return `cli:${printable(user || 'unknown').slice(0, 64)}`;
}

/**
 * Opens the database to change it (the console may be running: SQLite's locks and the busy
 * timeout keep both consistent). An older schema is brought up to date, as the console would.
 */
export function openForWriting(dataDir: string): Db {
  requireDatabaseFile(dataDir);
  try {
    return openDatabase(dataDir);
  } catch (error) {
    if (error instanceof DatabaseProblem) throw new CliError(`database problem: ${error.message}`);
    throw error;
  }
}

/** The account named on the command line, or a clear exit 1. */
export function accountNamed(db: Db, username: string): AccountRecord {
  const account = findAccountByUsername(db, username.trim());
  if (!account) throw new CliError(`no account named '${printable(username)}' (\`vigie accounts list --include-inactive\` lists them all)`);
  return account;
}

/**
 * The operator as the services see an acting administrator: every permission and the full
 * level, so no check of "may this admin act on that account" stands in the way. Its id (0) is
 * no account's, so "not on your own account" never applies.
 */
function operatorAccount(name: string): AccountRecord {
  return {
    id: 0,
    username: name,
    firstName: 'Operator',
    lastName: '(command line)',
    email: '',
    status: 'active',
    adminLevel: 'full',
    permissions: [...ALL_PERMISSIONS],
    lastSignInAt: null,
    createdAt: '',
    twoFactorEnabled: false,
    lockedUntil: null,
    failedAttempts: 0,
    mustChangePassword: false,
    passwordHash: '',
    parentId: null,
    sessionEpoch: 0,
    passwordChangedAt: null,
    temporaryPasswordExpiresAt: null,
    phoneWork: '',
    phoneMobile: '',
    phoneLandline: '',
    phoneFax: '',
    postalAddress: '',
    middleName: '',
    userType: 'business',
    sites: [],
    parent: null,
  };
}

export interface OperatorOptions {
  clock?: Clock;
  /** Where an export is written (the command's --out); without it, exports are refused. */
  savePath?: string;
  /** Prints the progress of a long task. */
  onProgress?: (done: number, total: number) => void;
}

/** A handler context for the operator: what the router builds for a window, without a window. */
export function operatorContext(db: Db, name: string, dataDir: string, options: OperatorOptions = {}): HandlerContext {
  const savePath = options.savePath;
  const clock = options.clock ?? systemClock;
  return {
    db,
    clock,
    session: newSession('cli'),
    account: operatorAccount(name),
    dataDir,
    // Created lazily by the services that need it; unlocking and resetting never do.
    secrets: createSecretStore({ service: 'vigie', timeoutMs: 10_000 }),
    sleep: async () => undefined,
    chooseSavePath: async () => {
      if (!savePath) throw new VigieError('UNAVAILABLE', 'name the file to write with --out');
      return savePath;
    },
    workers: { workersDir: defaultWorkersDir(), databaseFile: dbPath(dataDir) },
    // The CLI reads log files itself (vigie logs …); no monitor is started for the operator.
    logs: createLogsRuntime({ emit: () => undefined }),
    // Nothing starts until a rejected.* service is called (the CLI reads rejected files itself).
    rejected: createRejectedRuntime({ emit: () => undefined }),
    progress: (_taskId, done, total) => options.onProgress?.(done, total),
    write<T>(change: (audit: { record(note: AuditNote): void }) => T): T {
      let recorded = 0;
      return db.transaction(() => {
        const value = change({
          record(note) {
            const { actor: _ignored, ...entry } = note;
            appendAudit(db, { ...entry, at: clock.now().toISOString(), actorId: null, actor: name });
            recorded++;
          },
        });
        if (recorded === 0) throw new Error('a change without an audit record');
        return value;
      })();
    },
    // Open windows notice at their next call (the account's session epoch moved on).
    sessionsEnded: () => undefined,
  };
}

/**
 * Runs `act` in ONE transaction, so that several services called in a row (a new password and
 * no more two-factor) are all applied or none is. The services' own transactions become
 * savepoints inside it. A refusal of a service becomes a one-line CliError.
 */
export async function asOperator<T>(db: Db, name: string, dataDir: string, act: (ctx: HandlerContext) => Promise<T> | T): Promise<T> {
  const ctx = operatorContext(db, name, dataDir);
  db.exec('BEGIN IMMEDIATE');
  try {
    const value = await act(ctx);
    db.exec('COMMIT');
    return value;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (error instanceof VigieError) throw new CliError(error.message);
    throw error;
  }
}
