// A real backend (real SQLite file, real router and services) on a fresh temp data dir, with
// a hand-moved clock and typed helpers to call channels as a window would.
import type { ChannelInput, ChannelName, ChannelResult } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { Permission } from '../../shared/permissions';
import type { AccountSummary, SessionAccount } from '../../shared/types';
import { openBackend, type Backend, type BackendOptions } from '../../main/backend';
import { newSession, type Session } from '../../main/ipc/session';
import type { Db } from '../../main/db/connection';
import { createSecretStore, type SecretStore } from '../../main/secrets';
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { ManualClock } from './clock';
import { makeTempDir } from './tempDir';

/**
 * The keychain service of this test file: its own name, so tests never read or replace a real
 * Vigie secret. Nothing touches the keychain until a test needs it (two-factor).
 */
export const TEST_KEYCHAIN_SERVICE = `vigie-test-${randomBytes(4).toString('hex')}`;

const written = new Map<string, { store: SecretStore; name: string }>();

/** A keychain store under `service` that remembers what it wrote, to remove it after the file. */
export function testSecretStore(service = TEST_KEYCHAIN_SERVICE): SecretStore {
  const store = createSecretStore({ service, timeoutMs: 10_000 });
  return {
    ...store,
    async set(name, value) {
      await store.set(name, value);
      written.set(`${service}/${name}`, { store, name });
    },
  };
}

// Registered when a test file imports this module; only names written are removed, so a file
// that never used the keychain never calls it.
afterAll(async () => {
  for (const { store, name } of written.values()) await store.delete(name).catch(() => false);
  written.clear();
});

export const MANAGER = {
  username: 'claire.martin',
  firstName: 'Claire',
  lastName: 'Martin',
  email: 'claire.martin@example.com',
  password: 'correct horse battery staple',
} as const;

export interface TestBackend {
  backend: Backend;
  dataDir: string;
  clock: ManualClock;
  /** Messages the router logged (unexpected failures); the tests read them instead of stderr. */
  logged: string[];
  db: Db;
  session(origin?: string): Session;
  call<K extends ChannelName>(session: Session, channel: K, input: ChannelInput<K>): Promise<Result<ChannelResult<K>>>;
  /** Runs first-run setup and returns the signed-in Manager session. */
  setUpManager(origin?: string): Promise<{ session: Session; account: SessionAccount }>;
  /** Creates an account through the router (as `by`) and returns a session signed in as it. */
  accountWith(by: Session, username: string, permissions: Permission[], extra?: Partial<ChannelInput<'accounts.create'>>): Promise<{ session: Session; account: AccountSummary; password: string }>;
  close(): void;
}

let origins = 0;
let defaultStore: SecretStore | undefined;
const sharedStore = () => (defaultStore ??= testSecretStore());

export function startBackend(options: Omit<Partial<BackendOptions>, 'clock'> & { clock?: ManualClock } = {}): TestBackend {
  const dataDir = options.dataDir ?? makeTempDir('vigie-backend-');
  const clock = options.clock ?? new ManualClock();
  const logged: string[] = [];
  const backend = openBackend({ ...options, dataDir, clock, secrets: options.secrets ?? sharedStore(), log: options.log ?? ((message) => logged.push(message)) });

  const call = async <K extends ChannelName>(session: Session, channel: K, input: ChannelInput<K>) =>
    (await backend.router.call(session, channel, input)) as Result<ChannelResult<K>>;
  const session = (origin?: string) => newSession(origin ?? `test:${++origins}`);

  const t: TestBackend = {
    backend,
    dataDir,
    clock,
    logged,
    get db(): Db {
      if (!backend.db) throw new Error(`the backend has no database: ${backend.health().problem}`);
      return backend.db;
    },
    session,
    call,
    async setUpManager(origin) {
      const s = session(origin);
      const result = await call(s, 'auth.setup', { ...MANAGER });
      if (!result.ok) throw new Error(`setup failed: ${JSON.stringify(result.error)}`);
      return { session: s, account: result.value as SessionAccount };
    },
    async accountWith(by, username, permissions, extra = {}) {
      const password = `${username}-password-123`;
      const created = await call(by, 'accounts.create', {
        username,
        firstName: 'Test',
        lastName: username,
        email: `${username}@example.com`,
        password,
        permissions,
        ...extra,
      });
      if (!created.ok) throw new Error(`accounts.create failed: ${JSON.stringify(created.error)}`);
      const s = session();
      if ((extra.status ?? 'active') === 'active') {
        const signedIn = await call(s, 'auth.signIn', { username, password });
        if (!signedIn.ok) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(signedIn.error)}`);
      }
      return { session: s, account: created.value as AccountSummary, password };
    },
    close: () => backend.close(),
  };
  return t;
}
