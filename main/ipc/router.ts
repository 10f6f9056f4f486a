// The router: channel -> validate input -> authorize -> handler -> audit -> result.
// Both transports (Electron's ipcMain and the e2e/preview WebSocket bridge) call only this.
import type { z } from 'zod';
import { contract, isChannelName, type ChannelName, type ChannelParsedInput, type ChannelResult, type EventName, type EventPayload } from '../../shared/contract';
import { VigieError, type FieldError, type Result } from '../../shared/errors';
import { allows, type Permission } from '../../shared/permissions';
import { findAccountById, type AccountRecord } from '../db/accounts';
import { appendAudit } from '../db/audit';
import type { Db } from '../db/connection';
import type { AuditNote, Clock, HandlerContext } from './context';
import type { Session } from './session';

export type Handler<K extends ChannelName> = (ctx: HandlerContext, input: ChannelParsedInput<K>) => ChannelResult<K> | Promise<ChannelResult<K>>;
export type Handlers = { [K in ChannelName]: Handler<K> };

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface RouterDeps {
  /** Null when the database could not be opened: only public health channels answer then. */
  db: Db | null;
  clock: Clock;
  dataDir: string;
  handlers: Handlers;
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

export function createRouter(deps: RouterDeps): Router {
  const listeners = new Set<EventListener>();
  const log = deps.log ?? ((message, error) => console.error(`[vigie] ${message}`, error ?? ''));
  const withoutDb = new Set<string>(deps.withoutDb ?? ['app.health']);

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        log(`event listener failed for ${event}`, error);
      }
    }
  };

  function resolveAccount(db: Db, session: Session): AccountRecord | null {
    if (session.accountId === null) return null;
    const account = findAccountById(db, session.accountId);
    // A deactivated, locked or deleted account loses its session at its next call.
    if (!account || account.status !== 'active') {
      session.accountId = null;
      return null;
    }
    return account;
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
    const account = db ? resolveAccount(db, session) : null;
    const permissions = new Set<Permission>(account?.permissions ?? []);
    if (!allows(def.access, account !== null, permissions)) {
      if (!account) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'sign in first' } };
      recordDenied(db!, account, session, channel, def.access);
      return { ok: false, error: { code: 'FORBIDDEN', message: `${channel} needs the ${def.access} permission` } };
    }

    let audited = 0;
    let transactions = 0;
    const ctx: HandlerContext = {
      db: db!,
      clock: deps.clock,
      session,
      account,
      dataDir: deps.dataDir,
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

    try {
      const value = await (deps.handlers[channel] as Handler<typeof channel>)(ctx, parsed.data as never);
      if (def.writes && transactions === 0) {
        // A declared write that changed nothing is a bug: say so rather than claim success.
        throw new Error(`${channel} is declared as writing but returned without a transaction`);
      }
      if (audited > 0) emit('data.changed', { areas: [channel.split('.')[0]!, 'audit'] });
      return { ok: true, value: value ?? null };
    } catch (error) {
      if (audited > 0) emit('data.changed', { areas: [channel.split('.')[0]!, 'audit'] });
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
