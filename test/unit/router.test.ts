// The router is the only door into the main process: every input, however malformed, must
// come back as a typed Result, and every refusal, write and event must follow the contract.
import { createLogsRuntime } from '../../main/services/logsRuntime';
import { createRejectedRuntime } from '../../main/services/rejectedRuntime';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, type ChannelInput, type ChannelName } from '../../shared/contract';
import { ERROR_CODES, VigieError, type Result } from '../../shared/errors';
import { ALL_PERMISSIONS, permissionsOf } from '../../shared/permissions';
import type { AppHealth } from '../../shared/types';
import { insertAccount } from '../../main/db/accounts';
import { countAudit, listAudit, verifyAuditChain } from '../../main/db/audit';
import { openDatabase, type Db } from '../../main/db/connection';
import { createHandlers } from '../../main/ipc/handlers';
import { createRouter, type Handlers, type Router } from '../../main/ipc/router';
import { newSession, type Session } from '../../main/ipc/session';
import { startBackend, testSecretStore, type TestBackend } from '../support/backend';
import { SAMPLE_INPUTS, sampleInput } from '../support/samples';
import { ManualClock } from '../support/clock';
import { makeTempDir } from '../support/tempDir';
import { seededRandom } from '../support/random';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const thing of opened.splice(0)) thing.close();
});

function backend(): TestBackend {
  const t = startBackend();
  opened.push(t);
  return t;
}

/** The account the Manager-only channels act on (a test sets it to one it may act on). */
let sampleTargetId = 1;
const CHANNELS = Object.keys(contract) as ChannelName[];
function sample(channel: ChannelName): unknown {
  return sampleInput(channel, { accountId: sampleTargetId });
}

function expectError(result: Result<unknown>, code: string): NonNullable<Extract<Result<unknown>, { ok: false }>['error']> {
  if (result.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe(code);
  return result.error;
}

/** A router over a real database with some handlers replaced, to simulate faulty channels. */
function routerWith(overrides: Partial<Handlers>) {
  const dataDir = makeTempDir();
  const db = openDatabase(dataDir);
  opened.push(db);
  const clock = new ManualClock();
  const logged: string[] = [];
  const health = (): AppHealth => ({ status: 'ok', version: 'test', dataDir });
  const router = createRouter({ db, clock, dataDir, secrets: testSecretStore(), workers: { workersDir: 'out/workers', databaseFile: '' }, logs: createLogsRuntime({ emit: () => undefined }), rejected: createRejectedRuntime({ emit: () => undefined }), handlers: { ...createHandlers(health), ...overrides } as Handlers, log: (m) => logged.push(m) });
  // Signed in without a password check: these tests are about the router, not sign-in.
  const manager = insertAccount(
    db,
    { username: 'root', firstName: 'R', lastName: 'Oot', email: 'r@example.com', passwordHash: 'unused', status: 'active', adminLevel: 'full', permissions: ALL_PERMISSIONS, parentId: null },
    clock.now().toISOString(),
  );
  const session = newSession('test:router');
  session.accountId = manager.id;
  session.lastActivityAt = clock.now().getTime();
  return { db, router, logged, session, managerId: manager.id };
}

function insertNamed(db: Db, username: string) {
  return insertAccount(
    db,
    { username, firstName: 'Half', lastName: 'Written', email: `${username}@example.com`, passwordHash: 'unused', status: 'active', adminLevel: 'none', permissions: ['orders.pm'], parentId: null },
    new Date().toISOString(),
  );
}
const accountCount = (db: Db) => (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
const permissionRows = (db: Db) => (db.prepare('SELECT count(*) AS n FROM account_permissions').get() as { n: number }).n;

describe('input checks', () => {
  it('has a sample input for every channel of the contract (add one with each new channel)', () => {
    expect(CHANNELS.filter((c) => !SAMPLE_INPUTS[c])).toEqual([]);
  });

  it('answers UNKNOWN_CHANNEL for names outside the contract, including inherited object keys', async () => {
    const t = backend();
    const s = t.session();
    for (const name of ['nope', 'accounts.purge', '', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 42, null, undefined, {}, ['auth.status']]) {
      const error = expectError(await t.backend.router.call(s, name, {}), 'UNKNOWN_CHANNEL');
      expect(typeof error.message).toBe('string');
    }
  });

  it('answers UNKNOWN_CHANNEL, not a crash, for channel names that cannot become strings', async () => {
    const t = backend();
    // What JSON.parse can hand the bridge: an object whose toString is not a function.
    for (const name of [{ toString: 1 }, JSON.parse('{"toString":{},"valueOf":{}}'), Object.create(null), Symbol('x')]) {
      expectError(await t.backend.router.call(t.session(), name, {}), 'UNKNOWN_CHANNEL');
    }
  });

  it('gives INVALID_INPUT with the path of each wrong field', async () => {
    const t = backend();
    const error = expectError(
      await t.backend.router.call(t.session(), 'auth.setup', { username: 42, firstName: 'A', lastName: ['x'], email: 'not an email', password: 'short' }),
      'INVALID_INPUT',
    );
    const byPath = Object.fromEntries(error.fields!.map((f) => [f.path, f.code]));
    expect(byPath).toEqual({ username: 'invalid_type', lastName: 'invalid_type', email: 'invalid_format', password: 'too_small' });
    for (const field of error.fields!) expect(field.message).toEqual(expect.any(String));
  });

  it('gives INVALID_INPUT naming each extra field', async () => {
    const t = backend();
    const error = expectError(await t.backend.router.call(t.session(), 'auth.status', { admin: true, role: 'root' }), 'INVALID_INPUT');
    expect(error.fields!.map((f) => [f.path, f.code])).toEqual([
      ['admin', 'unrecognized_keys'],
      ['role', 'unrecognized_keys'],
    ]);
    // An extra field next to valid ones is refused too: nothing unexpected reaches a service.
    const s = t.session();
    const withExtra = { username: 'eve', password: 'whatever', isAdmin: true };
    expect(expectError(await t.backend.router.call(s, 'auth.signIn', withExtra), 'INVALID_INPUT').fields).toEqual([expect.objectContaining({ path: 'isAdmin' })]);
  });

  it('names nested paths of wrong fields', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const error = expectError(
      await t.backend.router.call(session, 'accounts.create', { ...sample('accounts.create') as object, permissions: ['manager.accounts', 'root.everything'] }),
      'INVALID_INPUT',
    );
    expect(error.fields).toEqual([expect.objectContaining({ path: 'permissions.1', code: 'invalid_value' })]);
    expect(accountCount(t.db)).toBe(1);
  });

  it('refuses a top-level value that is not an object', async () => {
    const t = backend();
    for (const input of ['text', 5, true, [], [1, 2]]) {
      expectError(await t.backend.router.call(t.session(), 'auth.status', input), 'INVALID_INPUT');
    }
    // No input at all means "no fields", as a window calling api.auth.status() sends nothing.
    expect((await t.backend.router.call(t.session(), 'auth.status', undefined)).ok).toBe(true);
  });

  it('gives INVALID_INPUT, without throwing, for what JSON cannot carry', async () => {
    const t = backend();
    const cyclic: Record<string, unknown> = { username: 'a' };
    cyclic.self = cyclic;
    const inputs: unknown[] = [cyclic, { username: 10n, password: 'x' }, 10n, { toJSON: () => { throw new Error('no'); } }];
    for (const input of inputs) {
      const error = expectError(await t.backend.router.call(t.session(), 'auth.signIn', input), 'INVALID_INPUT');
      expect(error.message).toMatch(/JSON/);
    }
  });

  it('gives PAYLOAD_TOO_LARGE over the channel limit, counting UTF-8 bytes, before validating', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const limit = contract['accounts.list'].maxBytes;
    // 2 bytes per character: under the limit in characters, over it in bytes.
    const error = expectError(await t.backend.router.call(session, 'accounts.list', { query: 'é'.repeat(Math.ceil(limit / 2) + 10) }), 'PAYLOAD_TOO_LARGE');
    expect(error.message).toContain(String(limit));
    // Just under the limit, the same (too long) query is an INVALID_INPUT instead.
    const fits = 'q'.repeat(limit - JSON.stringify({ query: '' }).length);
    expect(Buffer.byteLength(JSON.stringify({ query: fits }))).toBe(limit);
    expect(expectError(await t.backend.router.call(session, 'accounts.list', { query: fits }), 'INVALID_INPUT').fields![0]!.path).toBe('query');
    // Signed out, the size is checked before anything else too.
    expectError(await t.backend.router.call(t.session(), 'auth.signIn', { username: 'a', password: 'x'.repeat(limit) }), 'PAYLOAD_TOO_LARGE');
  });
});

describe('authorization', () => {
  it('answers UNAUTHENTICATED on every non-public channel when signed out', async () => {
    const t = backend();
    await t.setUpManager();
    const guarded = CHANNELS.filter((c) => contract[c].access !== 'public');
    expect(guarded.length).toBeGreaterThan(3);
    for (const channel of guarded) {
      expectError(await t.backend.router.call(t.session(), channel, sample(channel)), 'UNAUTHENTICATED');
    }
    expect(listAudit(t.db, { action: 'access.denied', limit: 10, offset: 0 }).total).toBe(0);
  });

  it('answers FORBIDDEN to a signed-in account without the permission, and audits the refusal', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { session: clerk, account } = await t.accountWith(manager, 'orders.clerk', ['orders.pm', 'monitoring.logs']);
    const beforeAccounts = accountCount(t.db);

    for (const channel of ['accounts.list', 'accounts.create', 'audit.list'] as const) {
      t.clock.advance(1000);
      const error = expectError(await t.backend.router.call(clerk, channel, sample(channel)), 'FORBIDDEN');
      expect(error.message).toContain(contract[channel].access);
      const denied = listAudit(t.db, { action: 'access.denied', limit: 1, offset: 0 }).rows[0]!;
      expect(denied).toMatchObject({ actorId: account.id, actor: 'orders.clerk', targetType: 'channel', targetId: channel, at: t.clock.now().toISOString() });
      expect(denied.summary).toEqual({ needed: contract[channel].access, origin: clerk.origin });
    }
    expect(listAudit(t.db, { action: 'access.denied', limit: 10, offset: 0 }).total).toBe(3);
    expect(accountCount(t.db)).toBe(beforeAccounts);
    expect(verifyAuditChain(t.db).ok).toBe(true);
    // Channels open to any signed-in account still answer.
    expect((await t.call(clerk, 'dashboard.counts', {})).ok).toBe(true);
  });

  /** Guarded channels whose sample input succeeds as is on a fresh backend. */
  const SAMPLES_THAT_SUCCEED: readonly string[] = ['accounts.unlock', 'accounts.resetPassword', 'accounts.resetTwoFactor', 'accounts.signIns', 'settings.security.update', 'accounts.list', 'accounts.get', 'accounts.grantOptions', 'accounts.permissionReport', 'signIns.list', 'sites.create', 'audit.list'];

  it('enforces exactly the permission each channel names', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    // What the Manager-only channels act on: an account without rights, two-factor on.
    const { account: target } = await t.accountWith(manager, 'plain.target', []);
    sampleTargetId = target.id;
    const guarded = CHANNELS.filter((c) => contract[c].access !== 'public' && contract[c].access !== 'signedIn');
    expect(guarded).toEqual(expect.arrayContaining(['accounts.unlock', 'accounts.resetPassword', 'accounts.resetTwoFactor', 'accounts.signIns', 'settings.security.update']));
    try {
      for (const channel of guarded) {
        // One permission, or any one of several ({anyOf}): the holder gets the first, `without` none of them.
        const needed = permissionsOf(contract[channel].access);
        const { session: without, password: withoutPassword } = await t.accountWith(manager, `without.${channel}`, ALL_PERMISSIONS.filter((p) => !needed.includes(p)));
        // A full administrator, so that its scope of sites reaches the target account.
        const { session: holder, password } = await t.accountWith(manager, `only.${channel}`, [needed[0]!], { adminLevel: 'full' });
        if (contract[channel].stepUp) {
          // Confirmed, so that only the permission stands between them and the channel.
          expect((await t.call(without, 'auth.confirm', { password: withoutPassword })).ok).toBe(true);
          expect((await t.call(holder, 'auth.confirm', { password })).ok).toBe(true);
        }
        t.db.prepare("INSERT OR IGNORE INTO two_factor (account_id, secret_enc, enabled_at) VALUES (?, 'v1.x.y.z', '2026-01-01T00:00:00.000Z')").run(target.id);
        expectError(await t.backend.router.call(without, channel, sample(channel)), 'FORBIDDEN');
        const allowed = await t.backend.router.call(holder, channel, sample(channel));
        // Past the router's permission check, a service may still refuse on the data (a sample
        // names no file to save, a site that does not exist…), but never for want of permission.
        if (SAMPLES_THAT_SUCCEED.includes(channel)) expect(allowed.ok ? 'ok' : allowed.error.code, channel).toBe('ok');
        else expect(allowed.ok ? 'ok' : allowed.error.code, channel).not.toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
      }
    } finally {
      sampleTargetId = 1;
    }
  });

  it('reads permissions again on every call', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { session: reader, account } = await t.accountWith(manager, 'auditor', ['manager.rights']);
    expect((await t.call(reader, 'audit.list', {})).ok).toBe(true);
    t.db.prepare('DELETE FROM account_permissions WHERE account_id = ?').run(account.id);
    expectError(await t.call(reader, 'audit.list', {}), 'FORBIDDEN');
  });

  for (const status of ['inactive', 'locked'] as const) {
    it(`ends the session of an account made ${status} at its next call`, async () => {
      const t = backend();
      const { session: manager } = await t.setUpManager();
      const { session: other, account } = await t.accountWith(manager, `soon.${status}`, ['manager.accounts']);
      expect((await t.call(other, 'accounts.list', {})).ok).toBe(true);

      t.db.prepare('UPDATE accounts SET status = ? WHERE id = ?').run(status, account.id);
      expectError(await t.call(other, 'accounts.list', {}), 'UNAUTHENTICATED');
      expect(other.accountId).toBeNull();
      // Ended, not suspended: making the account active again does not revive the session.
      t.db.prepare("UPDATE accounts SET status = 'active' WHERE id = ?").run(account.id);
      expectError(await t.call(other, 'dashboard.counts', {}), 'UNAUTHENTICATED');
      const status_ = await t.call(other, 'auth.status', {});
      expect(status_.ok && status_.value.account).toBeNull();
      // Other sessions are untouched.
      expect((await t.call(manager, 'dashboard.counts', {})).ok).toBe(true);
    });
  }

  it('ends the session of a deleted account', async () => {
    const t = backend();
    const { session: manager } = await t.setUpManager();
    const { session: other, account } = await t.accountWith(manager, 'gone', []);
    t.db.prepare('DELETE FROM accounts WHERE id = ?').run(account.id);
    expectError(await t.call(other, 'dashboard.counts', {}), 'UNAUTHENTICATED');
  });
});

describe('writes', () => {
  it('rolls back everything when a write handler throws after partial work', async () => {
    const { db, router, session } = routerWith({
      'accounts.create': (ctx) =>
        ctx.write((audit) => {
          insertNamed(ctx.db, 'first.half');
          insertNamed(ctx.db, 'second.half');
          audit.record({ action: 'account.create', targetType: 'account', targetId: null, target: 'halves', summary: {} });
          throw new Error('disk full, say');
        }),
    });
    const auditBefore = countAudit(db);
    const error = expectError(await router.call(session, 'accounts.create', sample('accounts.create')), 'INTERNAL');
    expect(error.message).not.toContain('disk full'); // internals stay in the log
    expect(accountCount(db)).toBe(1);
    expect(permissionRows(db)).toBe(ALL_PERMISSIONS.length);
    expect(countAudit(db)).toBe(auditBefore);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('rolls back and passes on a VigieError thrown inside a write', async () => {
    const { db, router, session } = routerWith({
      'accounts.create': (ctx) =>
        ctx.write((audit) => {
          insertNamed(ctx.db, 'will.vanish');
          audit.record({ action: 'account.create', targetType: 'account', targetId: null, target: 'x', summary: {} });
          throw new VigieError('CONFLICT', 'changed meanwhile');
        }),
    });
    expect(expectError(await router.call(session, 'accounts.create', sample('accounts.create')), 'CONFLICT').message).toBe('changed meanwhile');
    expect(accountCount(db)).toBe(1);
  });

  it('rolls back a write without an audit record and answers INTERNAL', async () => {
    const { db, router, session, logged } = routerWith({
      'accounts.create': (ctx) =>
        ctx.write(() => {
          insertNamed(ctx.db, 'unaudited');
          return null as never;
        }),
    });
    expectError(await router.call(session, 'accounts.create', sample('accounts.create')), 'INTERNAL');
    expect(accountCount(db)).toBe(1);
    expect(countAudit(db)).toBe(0);
    expect(logged).toEqual(['accounts.create failed']);
  });

  it('refuses ctx.write from a channel the contract does not declare as writing', async () => {
    const { db, router, session } = routerWith({
      'dashboard.counts': (ctx) =>
        ctx.write((audit) => {
          insertNamed(ctx.db, 'sneaky');
          audit.record({ action: 'account.create', targetType: 'account', targetId: null, target: 'sneaky', summary: {} });
          return null as never;
        }),
    });
    expect(contract['dashboard.counts'].writes).toBe(false);
    expectError(await router.call(session, 'dashboard.counts', {}), 'INTERNAL');
    expect(accountCount(db)).toBe(1);
    expect(countAudit(db)).toBe(0);
  });

  it('answers INTERNAL when a declared write returns without writing', async () => {
    const { router, session } = routerWith({ 'accounts.create': () => null as never });
    expectError(await router.call(session, 'accounts.create', sample('accounts.create')), 'INTERNAL');
  });

  it('keeps the audit record in the same transaction as the change', async () => {
    const t = backend();
    const { session } = await t.setUpManager();
    const before = countAudit(t.db);
    const created = await t.call(session, 'accounts.create', { ...(sample('accounts.create') as ChannelInput<'accounts.create'>), username: 'new.one' });
    expect(created.ok).toBe(true);
    expect(countAudit(t.db)).toBe(before + 1);
    const record = listAudit(t.db, { limit: 1, offset: 0 }).rows[0]!;
    expect(record).toMatchObject({ action: 'account.create', actor: 'claire.martin', target: 'new.one', at: t.clock.now().toISOString() });
    expect(JSON.stringify(record.summary)).not.toContain('sample password');
  });

  it("emits 'data.changed' after a successful write, and not for reads or refused writes", async () => {
    const t = backend();
    const events: unknown[] = [];
    t.backend.router.onEvent((event, payload) => events.push([event, payload]));
    const { session } = await t.setUpManager();
    expect(events).toEqual([['data.changed', { areas: ['auth', 'audit'] }]]);
    events.length = 0;

    await t.call(session, 'accounts.list', {});
    await t.call(session, 'dashboard.counts', {});
    expect(events).toEqual([]);

    expect((await t.call(session, 'accounts.create', sample('accounts.create') as ChannelInput<'accounts.create'>)).ok).toBe(true);
    expect(events).toEqual([['data.changed', { areas: ['accounts', 'audit'] }]]);
    events.length = 0;

    // Refused before any write (invalid input): nothing changed, nothing emitted.
    await t.call(session, 'accounts.create', { username: '' } as never);
    expect(events).toEqual([]);
  });

  it('keeps other listeners and the call working when an event listener throws', async () => {
    const t = backend();
    const seen: string[] = [];
    t.backend.router.onEvent(() => {
      throw new Error('listener bug');
    });
    const off = t.backend.router.onEvent((event) => seen.push(event));
    const { session } = await t.setUpManager();
    expect(seen).toEqual(['data.changed']);
    expect(t.logged).toEqual(['event listener failed for data.changed']);
    off();
    expect((await t.call(session, 'auth.signOut', {})).ok).toBe(true);
    expect(seen).toEqual(['data.changed']);
  });
});

describe('unexpected failures', () => {
  const throwers: [string, () => never][] = [
    ['an Error', () => { throw new TypeError('bug'); }],
    ['a string', () => { throw 'text'; }],
    ['null', () => { throw null; }],
    ['undefined', () => { throw undefined; }],
    ['a rejected promise', () => Promise.reject(new Error('async bug')) as never],
  ];
  for (const [what, thrower] of throwers) {
    it(`answers INTERNAL when a handler throws ${what}, and keeps serving`, async () => {
      const { router, session, logged } = routerWith({ 'dashboard.counts': thrower, 'accounts.list': thrower });
      expectError(await router.call(session, 'dashboard.counts', {}), 'INTERNAL');
      expectError(await router.call(session, 'accounts.list', {}), 'INTERNAL');
      expect(logged).toEqual(['dashboard.counts failed', 'accounts.list failed']);
      expect((await router.call(session, 'auth.status', {})).ok).toBe(true);
    });
  }

  it('answers INTERNAL, not a rejection, when the database fails under the router', async () => {
    const { db, router, session } = routerWith({});
    db.close();
    expectError(await router.call(session, 'dashboard.counts', {}), 'INTERNAL');
    expectError(await router.call(newSession('test:closed'), 'auth.status', {}), 'INTERNAL');
  });

  it('turns a unique-constraint failure into CONFLICT', async () => {
    const { router, session } = routerWith({
      'accounts.create': (ctx) =>
        ctx.write((audit) => {
          audit.record({ action: 'account.create', targetType: 'account', targetId: null, target: 'x', summary: {} });
          insertNamed(ctx.db, 'root');
          return null as never;
        }),
    });
    expectError(await router.call(session, 'accounts.create', sample('accounts.create')), 'CONFLICT');
  });
});


const FIELD_NAMES = [...new Set(Object.values(contract).flatMap((def) => Object.keys((def.input as unknown as { shape?: object }).shape ?? {})))];

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const kind = Math.floor(next() * (depth > 3 ? 5 : 8));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return pick([0, -1, 1.5, 1e308, -0, 12, 500, 501, Number.MAX_SAFE_INTEGER, Math.floor(next() * 1e6)]);
    case 2:
      return pick([true, false]);
    case 3:
      return pick(['', 'a', 'é😀', '\u0000', '   ', 'x'.repeat(Math.floor(next() * 300)), "'; DROP TABLE accounts; --", '2026-01-01T00:00:00Z', 'claire.martin', '%_\\', 'manager.accounts']);
    case 4:
      return pick([undefined, 'a@b.co', 'correct horse battery staple']);
    case 5:
    case 6: {
      const object: Record<string, unknown> = {};
      const keys = Math.floor(next() * 6);
      for (let i = 0; i < keys; i++) object[next() < 0.7 ? pick(FIELD_NAMES) : pick(['__proto__', 'constructor', 'x', '', '0'])] = randomValue(next, depth + 1);
      // JSON.parse makes '__proto__' an own key, as the bridge would receive it.
      return next() < 0.2 ? JSON.parse(JSON.stringify(object)) : object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
}

function isTypedResult(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as Record<string, unknown>;
  if (r.ok === true) return 'value' in r && r.value !== undefined;
  if (r.ok !== false) return false;
  const error = r.error as Record<string, unknown>;
  if (!(ERROR_CODES as readonly unknown[]).includes(error.code) || typeof error.message !== 'string') return false;
  if (error.fields === undefined) return true;
  return Array.isArray(error.fields) && error.fields.every((f) => typeof f.path === 'string' && typeof f.code === 'string' && typeof f.message === 'string');
}

describe('fuzz', () => {
  it('answers 500 random payloads on every channel with a typed Result, never a throw or INTERNAL', async () => {
    const seed = Number(process.env.VIGIE_FUZZ_SEED ?? Date.now() % 1e9);
    const next = seededRandom(seed);
    // Fuzzed passwords are wrong ones: the progressive delay after each would only slow the run.
    const t = startBackend({ sleep: async () => {} });
    opened.push(t);
    const { account } = await t.setUpManager();
    const router: Router = t.backend.router;
    const seenCodes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const payload = randomValue(next, 0);
      for (const channel of CHANNELS) {
        // A fresh signed-in session per call, so a fuzzed sign-out cannot end the others.
        const session: Session = newSession('test:fuzz');
        session.accountId = next() < 0.8 ? account.id : null;
        // As a sign-in would set them (a fuzzed "sign out everywhere" moves the epoch on).
        session.epoch = (t.db.prepare('SELECT session_epoch AS e FROM accounts WHERE id = ?').get(account.id) as { e: number } | undefined)?.e ?? 0;
        session.lastActivityAt = t.clock.now().getTime();
        let result: unknown;
        try {
          result = await router.call(session, channel, payload);
        } catch (error) {
          throw new Error(`seed ${seed}, case ${i}: ${channel} threw ${String(error)} for ${safeShow(payload)}`);
        }
        if (!isTypedResult(result)) throw new Error(`seed ${seed}, case ${i}: ${channel} gave ${safeShow(result)}`);
        const r = result as Result<unknown>;
        seenCodes.add(r.ok ? 'ok' : r.error.code);
        if (!r.ok && r.error.code === 'INTERNAL') throw new Error(`seed ${seed}, case ${i}: ${channel} gave INTERNAL for ${safeShow(payload)}`);
      }
    }
    expect(t.logged).toEqual([]);
    expect(seenCodes).toContain('INVALID_INPUT');
    expect(seenCodes).toContain('ok');
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });
});

function safeShow(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    return String(value);
  }
}

