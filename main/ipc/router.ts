// The router: channel -> validate input -> authorize -> handler -> audit -> result.
// Both transports (Electron's ipcMain and the e2e/preview WebSocket bridge) call only this.
import type { z } from 'zod';
import { contract, isChannelName, STEP_UP_WINDOW_MS, type ChannelName, type ChannelParsedInput, type ChannelResult, type EventName, type EventPayload } from '../../shared/contract';
import { VigieError, type FieldError, type Result } from '../../shared/errors';
import { allows, describeAccess, type Permission } from '../../shared/permissions';
import { findAccountById, type AccountRecord } from '../db/accounts';
import { appendAudit } from '../db/audit';
import type { Db } from '../db/connection';
import type { SecretStore } from '../secrets';
import type { LogsRuntime } from '../services/logsRuntime';
import type { RejectedRuntime } from '../services/rejectedRuntime';
import { securitySettings } from '../services/settings';
import { realSleep, type AuditNote, type ChooseSavePath, type Clock, type HandlerContext, type Sleep, type WorkerSetup } from './context';
import { endSignIn, type Session } from './session';

export type Handler<K extends ChannelName> = (ctx: HandlerContext, input: ChannelParsedInput<K>) => ChannelResult<K> | Promise<ChannelResult<K>>;
export type Handlers = { [K in ChannelName]: Handler<K> };

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface RouterDeps {
  /** Null when the database could not be opened: only public health channels answer then. */
  db: Db | null;
  clock: Clock;
  dataDir: string;
  handlers: Handlers;
  secrets: SecretStore;
  /** The real-time wait after a failed sign-in (default: setTimeout). */
  sleep?: Sleep;
  /** Where exports are saved (default: refuse, for transports without a dialog). */
  chooseSavePath?: ChooseSavePath;
  workers: WorkerSetup;
  logs: LogsRuntime;
  rejected: RejectedRuntime;
  /** Channels that still answer without a database (the error screen needs them). */
  withoutDb?: readonly ChannelName[];
  log?: (message: string, error?: unknown) => void;
}

export interface Router {
  call(session: Session, channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** Push events (data changed, new log lines…); transports forward them to their windows. */
  onEvent(listener: EventListener): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    // An extra field is reported on the object holding it; name each field instead, so the
    // caller sees which key is not allowed.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    return paths.map((path) => ({
      path: path.map(String).join('.') || '(input)',
      code: issue.code,
      message: issue.message,
    }));
  });
}

/** The size of the input as JSON; throws on what JSON cannot carry (cycles, BigInt). */
function inputBytes(input: unknown): number {
  const text = JSON.stringify(input ?? null);
  return Buffer.byteLength(text ?? 'null', 'utf8');
}

function sqliteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE');
}

const noSaveDialog: ChooseSavePath = () => Promise.reject(new VigieError('UNAVAILABLE', 'this window cannot save files'));

export function createRouter(deps: RouterDeps): Router {
  const listeners = new Set<EventListener>();
  const log = deps.log ?? ((message, error) => console.error(`[vigie] ${message}`, error ?? ''));
  const withoutDb = new Set<string>(deps.withoutDb ?? ['app.health']);
  const sleep = deps.sleep ?? realSleep;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        log(`event listener failed for ${event}`, error);
      }
    }
  };

  /**
   * The signed-in account of a session, read again at every call. A session ends here when its
   * account is gone, not active (deactivated, locked by a Manager), or its session epoch moved
   * on (signed out everywhere, password changed or reset, two-factor reset).
   */
  function resolveAccount(db: Db, session: Session): AccountRecord | null {
    if (session.accountId === null) return null;
    const account = findAccountById(db, session.accountId);
    if (!account || account.status !== 'active' || account.sessionEpoch > session.epoch) {
      endSignIn(session);
      return null;
    }
    return account;
  }

  /** Refused when the session made `max` calls to this channel within the last `windowMs`. */
  function overRateLimit(session: Session, channel: ChannelName, now: number): { max: number; windowMs: number } | null {
    const limit = contract[channel].rateLimit;
    if (!limit) return null;
    const recent = (session.recentCalls.get(channel) ?? []).filter((at) => now - at < limit.windowMs);
    if (recent.length >= limit.max) {
      session.recentCalls.set(channel, recent);
      return limit;
    }
    recent.push(now);
    session.recentCalls.set(channel, recent);
    return null;
  }

  function recordDenied(db: Db, account: AccountRecord, session: Session, channel: string, needed: string) {
    try {
      db.transaction(() =>
        appendAudit(db, {
          at: deps.clock.now().toISOString(),
          actorId: account.id,
          actor: account.username,
          action: 'access.denied',
          targetType: 'channel',
          targetId: channel,
          target: channel,
          summary: { needed, origin: session.origin },
        }),
      )();
    } catch (error) {
      log('could not record a refused call', error);
    }
  }

  async function answer(session: Session, channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      // Not String(channel): an object from JSON.parse may have no usable toString.
      const name = typeof channel === 'string' ? channel.slice(0, 80) : `(${typeof channel})`;
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${name}` } };
    }
    const def = contract[channel];
    let bytes: number;
    try {
      bytes = inputBytes(rawInput);
    } catch {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'the input is not plain JSON data' } };
    }
    if (bytes > def.maxBytes) {
      return { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: `input of ${bytes} bytes is over the ${def.maxBytes}-byte limit of ${channel}` } };
    }
    const parsed = (def.input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `invalid input for ${channel}`, fields: zodFields(parsed.error) } };
    }

    const db = deps.db;
    if (!db && !withoutDb.has(channel)) {
      return { ok: false, error: { code: 'DB_UNAVAILABLE', message: 'the database is not available' } };
    }
    const nowMs = deps.clock.now().getTime();
    const limited = overRateLimit(session, channel, nowMs);
    if (limited) {
      return { ok: false, error: { code: 'RATE_LIMITED', message: `more than ${limited.max} calls to ${channel} within ${limited.windowMs / 1000} s from this window; wait a moment` } };
    }
    const account = db ? resolveAccount(db, session) : null;

    if (account) {
      // The idle lock: decided on every call, reads included, so auth.status reports it.
      const idleMs = securitySettings(db!).idleLockMinutes * 60_000;
      if (!session.idleLocked && nowMs - session.lastActivityAt > idleMs) session.idleLocked = true;
      if (session.idleLocked && !def.whileIdleLocked) {
        return { ok: false, error: { code: 'SESSION_LOCKED', message: 'this session is locked after a time without activity; enter your password to unlock it' } };
      }
      if (account.mustChangePassword && !def.duringPasswordChange) {
        return { ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'change your temporary password first' } };
      }
    }

    const permissions = new Set<Permission>(account?.permissions ?? []);
    if (!allows(def.access, account !== null, permissions)) {
      if (!account) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'sign in first' } };
      recordDenied(db!, account, session, channel, describeAccess(def.access));
      return { ok: false, error: { code: 'FORBIDDEN', message: `${channel} needs the ${describeAccess(def.access)} permission` } };
    }
    if (def.stepUp && (session.confirmedAt === 0 || nowMs - session.confirmedAt > STEP_UP_WINDOW_MS)) {
      return { ok: false, error: { code: 'STEP_UP_REQUIRED', message: `${channel} is sensitive: confirm your identity (password${account?.twoFactorEnabled ? ' and code' : ''}) first` } };
    }
    // Activity of the admin: any call that passed the gates, but not the status reads a window
    // makes on its own (polling auth.status must not keep an unattended window unlocked).
    if (account && def.access !== 'public') session.lastActivityAt = nowMs;

    let audited = 0;
    let transactions = 0;
    let sessionsEnded = false;
    const ctx: HandlerContext = {
      db: db!,
      clock: deps.clock,
      session,
      account,
      dataDir: deps.dataDir,
      secrets: deps.secrets,
      sleep,
      chooseSavePath: deps.chooseSavePath ?? noSaveDialog,
      workers: deps.workers,
      logs: deps.logs,
      rejected: deps.rejected,
      progress(taskId, done, total) {
        emit('task.progress', { taskId, done, total });
      },
      sessionsEnded() {
        sessionsEnded = true;
      },
      write<T>(change: (audit: { record(note: AuditNote): void }) => T): T {
        if (!def.writes) throw new Error(`${channel} is not declared as writing in the contract`);
        let recorded = 0;
        const result = db!.transaction(() => {
          const value = change({
            record(note) {
              const actor = note.actor ?? { id: account?.id ?? null, name: account?.username ?? '(anonymous)' };
              const { actor: _omit, ...entry } = note;
              appendAudit(db!, { ...entry, at: deps.clock.now().toISOString(), actorId: actor.id, actor: actor.name });
              recorded++;
            },
          });
          if (recorded === 0) throw new Error(`${channel} changed data without an audit record`);
          return value;
        })();
        transactions++;
        audited += recorded;
        return result;
      },
    };

    const announce = () => {
      if (audited > 0) emit('data.changed', { areas: [channel.split('.')[0]!, 'audit'] });
      if (sessionsEnded) emit('auth.changed', {});
    };
    try {
      const value = await (deps.handlers[channel] as Handler<typeof channel>)(ctx, parsed.data as never);
      if (def.writes && transactions === 0) {
        // A declared write that changed nothing is a bug: say so rather than claim success.
        throw new Error(`${channel} is declared as writing but returned without a transaction`);
      }
      announce();
      return { ok: true, value: value ?? null };
    } catch (error) {
      announce();
      if (error instanceof VigieError) return { ok: false, error: error.toData() };
      if (sqliteConflict(error)) return { ok: false, error: { code: 'CONFLICT', message: 'this value is already used' } };
      log(`${channel} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: `${channel} failed; see the application log` } };
    }
  }

  /** Never throws: a failure outside the handler (the database, say) is INTERNAL too. */
  async function call(session: Session, channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    try {
      return await answer(session, channel, rawInput);
    } catch (error) {
      log(`${typeof channel === 'string' ? channel.slice(0, 80) : 'a call'} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'the call failed; see the application log' } };
    }
  }

  return {
    call,
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
