// The keychain of the benchmarks: kept in memory, so a run never writes into the OS keychain
// (nor depends on one being unlocked). Vigie reads the two-factor key once per secret store
// and keeps it, so after the first sign-in the keychain is not on the measured path anyway.
import type { SecretStore } from '../main/secrets';

export function memorySecretStore(service = 'vigie-bench'): SecretStore {
  const values = new Map<string, string>();
  return {
    service,
    set: async (name, value) => {
      values.set(name, value);
    },
    get: async (name) => values.get(name) ?? null,
    delete: async (name) => values.delete(name),
    has: async (name) => values.has(name),
  };
}
