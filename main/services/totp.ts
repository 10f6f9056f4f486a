// TOTP (RFC 6238) and what keeps it safe at rest: codes from a secret and a time, the
// authenticator app's otpauth URI, the AES-256-GCM sealing of secrets with a key kept in the OS
// keychain, and the format of recovery codes. No database here.
import { createCipheriv, createDecipheriv, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { VigieError } from '../../shared/errors';
import { KeychainError, type SecretStore } from '../secrets';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_S = 30;
/** Codes of the previous and next time step are accepted too (clock drift, typing time). */
export const TOTP_WINDOW = 1;
export const TOTP_SECRET_BYTES = 20;

/** The time step (counter of RFC 6238) of an instant. */
export function timeStep(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_S);
}

/** The code of one time step (HOTP of RFC 4226 over the step, HMAC-SHA1). */
export function codeForStep(secret: Uint8Array, step: number, digits = TOTP_DIGITS): string {
  return HOTP.generate({ secret: new Secret({ buffer: copyOf(secret).buffer }), counter: step, digits, algorithm: 'SHA1' });
}

/** The code an authenticator app shows at `atMs`. */
export function totpCode(secret: Uint8Array, atMs: number, digits = TOTP_DIGITS): string {
  return TOTP.generate({ secret: new Secret({ buffer: copyOf(secret).buffer }), timestamp: atMs, digits, period: TOTP_PERIOD_S, algorithm: 'SHA1' });
}

function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/** `123 456` and `123456` are the same code; anything else is not a TOTP code. */
export function normalizeTotpCode(text: string): string | null {
  const digits = text.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step whose code `code` is, among the steps around `atMs` (±TOTP_WINDOW), or null.
 * Every candidate is compared, in constant time, so the answer's timing says nothing.
 */
export function matchingStep(secret: Uint8Array, code: string, atMs: number): number | null {
  const given = normalizeTotpCode(code);
  if (given === null) return null;
  const now = timeStep(atMs);
  let found: number | null = null;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    const expected = codeForStep(secret, step);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(given)) && found === null) found = step;
  }
  return found;
}

export function newTotpSecret(): Uint8Array {
  return new Uint8Array(randomBytes(TOTP_SECRET_BYTES));
}

export function toBase32(secret: Uint8Array): string {
  return new Secret({ buffer: copyOf(secret).buffer }).base32;
}

export function fromBase32(text: string): Uint8Array {
  return new Uint8Array(Secret.fromBase32(text.replace(/\s+/g, '').toUpperCase()).bytes);
}

/** The URI an authenticator app reads from the QR code: issuer = the console's display name. */
export function otpauthUri(secret: Uint8Array, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: new Secret({ buffer: copyOf(secret).buffer }), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_S }).toString();
}

// --- The key in the keychain and the sealed secrets ----------------------------------------

/** Name of the keychain entry holding the 32-byte key that seals the TOTP secrets. */
export const TOTP_KEY_NAME = 'totp-key';
const KEY_BYTES = 32;
const keys = new WeakMap<SecretStore, Promise<Buffer>>();

function keychainProblem(error: unknown): VigieError {
  if (error instanceof VigieError) return error;
  if (error instanceof KeychainError) return new VigieError('KEYCHAIN_UNAVAILABLE', `two-factor codes need the OS keychain, which cannot be used: ${error.message}. ${error.hint}`);
  return new VigieError('KEYCHAIN_UNAVAILABLE', `two-factor codes need the OS keychain, which failed: ${error instanceof Error ? error.message : String(error)}`);
}

async function readKey(secrets: SecretStore, create: boolean): Promise<Buffer> {
  let stored: string | null;
  try {
    stored = await secrets.get(TOTP_KEY_NAME);
    if (stored === null && create) {
      await secrets.set(TOTP_KEY_NAME, randomBytes(KEY_BYTES).toString('base64'));
      // Read back: another Vigie process may have created it at the same moment; the keychain's copy wins.
      stored = await secrets.get(TOTP_KEY_NAME);
    }
  } catch (error) {
    throw keychainProblem(error);
  }
  if (stored === null) {
    throw new VigieError(
      'KEYCHAIN_UNAVAILABLE',
      `the two-factor key ("${TOTP_KEY_NAME}" of service "${secrets.service}") is not in the OS keychain: was the keychain reset, or the data folder copied from another computer? Sign in with a recovery code, or ask a Manager to reset two-factor`,
    );
  }
  const key = Buffer.from(stored, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new VigieError('KEYCHAIN_UNAVAILABLE', `the two-factor key ("${TOTP_KEY_NAME}" of service "${secrets.service}") in the OS keychain is not a ${KEY_BYTES}-byte key; it was altered`);
  }
  return key;
}

/**
 * The key sealing TOTP secrets, read once per secret store. `create`: make one if there is
 * none (when enrolling); checking a code never creates one, as a new key opens no old secret.
 */
export async function totpKey(secrets: SecretStore, options: { create: boolean }): Promise<Buffer> {
  const cached = keys.get(secrets);
  if (cached) return cached;
  const loading = readKey(secrets, options.create);
  keys.set(secrets, loading);
  try {
    return await loading;
  } catch (error) {
    if (keys.get(secrets) === loading) keys.delete(secrets);
    throw error;
  }
}

const SEAL_VERSION = 'v1';

/** What the sealed secret is bound to: moving it to another account's row breaks it. */
const sealContext = (accountId: number) => Buffer.from(`vigie:two-factor:${accountId}`, 'utf8');

export function sealSecret(key: Buffer, accountId: number, secret: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(sealContext(accountId));
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return [SEAL_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

export function openSecret(key: Buffer, accountId: number, sealed: string): Uint8Array {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== SEAL_VERSION || !iv || !tag || data === undefined) {
    throw new VigieError('INTERNAL', 'the stored two-factor secret is not in a known format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(sealContext(accountId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]));
  } catch {
    throw new VigieError(
      'KEYCHAIN_UNAVAILABLE',
      `the two-factor key in the OS keychain ("${TOTP_KEY_NAME}") does not open this account's two-factor secret: the key was replaced, or the data folder comes from another computer. Sign in with a recovery code, or ask a Manager to reset two-factor`,
    );
  }
}

// --- Recovery codes --------------------------------------------------------------------------

export const RECOVERY_CODE_COUNT = 10;
const BASE32_LOWER = 'abcdefghijklmnopqrstuvwxyz234567';

/** `xxxxx-xxxxx`: ten base32 characters, 50 random bits. */
export function newRecoveryCode(): string {
  let text = '';
  for (let i = 0; i < 10; i++) text += BASE32_LOWER[randomInt(BASE32_LOWER.length)];
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  return [...codes];
}

/** The form that is hashed: lower case, no dash or spaces. Null if it is not a recovery code. */
export function normalizeRecoveryCode(text: string): string | null {
  const compact = text.replace(/[\s-]+/g, '').toLowerCase();
  return /^[a-z2-7]{10}$/.test(compact) ? compact : null;
}
