// Password hashing with argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
// @node-rs/argon2 is N-API, so the same binary loads under Node and Electron.
import { hash, verify } from '@node-rs/argon2';

export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id (a const enum upstream) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

/**
 * Stored for accounts created without a password (by an import): no password matches it, so
 * they cannot sign in until a Manager issues a temporary password.
 */
export const NO_PASSWORD_HASH = '!no-password';

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (passwordHash === NO_PASSWORD_HASH) {
    // The same time as a wrong password, so such accounts cannot be told apart.
    await verifyPassword(await dummyPasswordHash(), password);
    return false;
  }
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash to verify against when the username is unknown, so that a wrong username and a
 * wrong password cost the same time and give the same answer.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('vigie-unknown-account-placeholder');
  return dummyHash;
}
