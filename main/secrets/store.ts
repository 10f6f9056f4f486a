// The secret store: named secrets (ERP password or API key, SMTP password…) kept in the OS
// keychain under one service name. Nothing here writes a secret anywhere else.
import { AsyncEntry } from '@napi-rs/keyring';
import { ENTRY_OPTIONS, keychainError } from './keychain';

export interface SecretStore {
  readonly service: string;
  set(name: string, value: string): Promise<void>;
  /** The secret, or null when none is saved under this name. */
  get(name: string): Promise<string | null>;
  /** True when a secret was removed, false when there was none. */
  delete(name: string): Promise<boolean>;
  has(name: string): Promise<boolean>;
}

export interface SecretStoreOptions {
  /** Keychain service name; tests use their own so they never touch real secrets. */
  service?: string;
  /** How long to wait for the keychain (it may be showing an unlock prompt). */
  timeoutMs?: number;
}

/** Names are ours (`erp.apiKey`, `smtp.password`), never user input: keep them plain. */
export const SECRET_NAME = /^[a-z][a-z0-9]*(?:[._-][a-zA-Z0-9]+)*$/;
const MAX_NAME_LENGTH = 64;
export const MAX_SECRET_LENGTH = 16 * 1024;

export class SecretNameError extends Error {
  constructor(name: unknown) {
    super(`invalid secret name ${JSON.stringify(String(name)).slice(0, 80)}: a lowercase letter, then letters, digits and . _ - (e.g. erp.apiKey), at most ${MAX_NAME_LENGTH} characters`);
    this.name = 'SecretNameError';
  }
}

function checkName(name: string): string {
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH || !SECRET_NAME.test(name)) throw new SecretNameError(name);
  return name;
}

export function createSecretStore(options: SecretStoreOptions = {}): SecretStore {
  const service = options.service ?? 'vigie';
  if (!/^[a-z][a-z0-9._-]{0,63}$/.test(service)) throw new Error(`invalid keychain service name: ${service}`);
  const timeoutMs = options.timeoutMs ?? 60_000;

  async function withEntry<T>(name: string, use: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>): Promise<T> {
    checkName(name);
    try {
      return await use(new AsyncEntry(service, name, ENTRY_OPTIONS), AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw keychainError(error);
    }
  }

  return {
    service,
    async set(name, value) {
      if (typeof value !== 'string' || value.length === 0) throw new TypeError('a secret must be a non-empty string (use delete to remove one)');
      if (value.length > MAX_SECRET_LENGTH) throw new RangeError(`a secret is limited to ${MAX_SECRET_LENGTH} characters`);
      await withEntry(name, (entry, signal) => entry.setPassword(value, signal));
    },
    get: (name) => withEntry(name, async (entry, signal) => (await entry.getPassword(signal)) ?? null),
    delete: (name) => withEntry(name, (entry, signal) => entry.deleteCredential(signal)),
    has: (name) => withEntry(name, async (entry, signal) => (await entry.getPassword(signal)) !== null),
  };
}
