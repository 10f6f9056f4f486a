// Which OS keychain Vigie's secrets live in, and how to explain it when it cannot be used.
// There is no plain-text fallback: without a keychain, secrets cannot be saved at all.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { randomBytes } from 'node:crypto';

export type KeychainProblem = 'no-session-bus' | 'no-secret-service' | 'locked' | 'timeout' | 'failure';

export type KeychainStatus =
  | { available: true; backend: string }
  | { available: false; problem: KeychainProblem; reason: string; hint: string };

/** Raised by the secret store when the keychain refuses or cannot be reached. */
export class KeychainError extends Error {
  constructor(
    readonly problem: KeychainProblem,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'KeychainError';
  }
}

/**
 * On Linux the binding silently falls back to the kernel keyring (in memory, lost at reboot)
 * when no Secret Service answers; we require the Secret Service so a secret that was saved
 * is still there tomorrow, and a missing service is reported instead.
 */
export const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export function backendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (D-Bus)';
}

function classify(message: string): KeychainProblem {
  if (/aborted|timed? ?out/i.test(message)) return 'timeout';
  if (/autolaunch|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|NoServer|Connection refused|No such file/i.test(message)) return 'no-session-bus';
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service/i.test(message)) return 'no-secret-service';
  if (/no result found|NoDefaultCollection|locked|prompt|dismissed|NoSession/i.test(message)) return 'locked';
  return 'failure';
}

const REASONS: Record<KeychainProblem, string> = {
  'no-session-bus': 'no D-Bus session bus could be reached',
  'no-secret-service': 'no Secret Service is running on the D-Bus session bus',
  locked: 'the keychain is locked or has no default keyring to store secrets in',
  timeout: 'the keychain did not answer in time (an unlock prompt may be waiting)',
  failure: 'the keychain refused the operation',
};

export function keychainHint(problem: KeychainProblem, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') {
    return 'Vigie keeps secrets in the macOS Keychain: open Keychain Access, unlock the "login" keychain, and allow Vigie when macOS asks.';
  }
  if (platform === 'win32') {
    return 'Vigie keeps secrets in Windows Credential Manager: sign in to Windows with your own account (not a service account without a profile) and check that Credential Manager opens.';
  }
  switch (problem) {
    case 'no-session-bus':
      return 'Run Vigie inside a desktop session (DBUS_SESSION_BUS_ADDRESS must be set), or start one with `dbus-run-session -- <command>`.';
    case 'no-secret-service':
      return 'Install a Secret Service such as gnome-keyring (`sudo apt install gnome-keyring`) or KWallet, and sign in to a desktop session that starts it.';
    case 'locked':
      return 'Unlock your keyring (sign in to the desktop session, or open "Passwords and Keys" / seahorse); headless: `echo -n <password> | gnome-keyring-daemon --unlock --components=secrets`.';
    case 'timeout':
      return 'Answer the keyring unlock prompt on the desktop, then try again.';
    default:
      return 'Check that your Secret Service (gnome-keyring, KWallet) is running and unlocked, then try again.';
  }
}

export function keychainError(error: unknown, platform: NodeJS.Platform = process.platform): KeychainError {
  const detail = error instanceof Error ? error.message : String(error);
  const problem = classify(detail);
  return new KeychainError(problem, `${backendName(platform)}: ${REASONS[problem]} (${detail})`, keychainHint(problem, platform));
}

/**
 * Proves the keychain works with a full round trip (write, read back, delete) of a random
 * probe value: on Linux a keyring can answer reads and still refuse writes.
 */
export async function checkKeychain(options: { service?: string; timeoutMs?: number } = {}): Promise<KeychainStatus> {
  const service = options.service ?? 'vigie';
  const signal = () => AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const probe = randomBytes(12).toString('hex');
  try {
    const entry = new AsyncEntry(service, `vigie-keychain-probe-${process.pid}`, ENTRY_OPTIONS);
    await entry.setPassword(probe, signal());
    const read = await entry.getPassword(signal());
    await entry.deleteCredential(signal());
    if (read !== probe) {
      return { available: false, problem: 'failure', reason: `${backendName()}: a value written could not be read back`, hint: keychainHint('failure') };
    }
    return { available: true, backend: backendName() };
  } catch (error) {
    const failure = keychainError(error);
    return { available: false, problem: failure.problem, reason: failure.message, hint: failure.hint };
  }
}
