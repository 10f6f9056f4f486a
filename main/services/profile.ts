// The signed-in admin's own profile: personal and contact details, email (behind the current
// password), avatar, and what the profile page shows about the account's security.
import { VigieError, fieldError, type FieldError } from '../../shared/errors';
import type { Profile } from '../../shared/types';
import { findAccountById, signInAttemptsOf, type AccountRecord } from '../db/accounts';
import type { Db } from '../db/connection';
import { avatarOf, deleteAvatar, saveAvatar, updateEmail, updatePersonalDetails, type PersonalDetails } from '../db/profile';
import type { HandlerContext } from '../ipc/context';
import { decodeBase64Strict, normalizeAvatar, sha256Hex, sniffImageFormat } from './avatar';
import { acceptCredentials, checkOwnCredentials } from './credentials';
import { twoFactorStatusOf } from './twoFactor';

/** Sign-in attempts shown on the profile page. */
export const RECENT_SIGN_INS = 20;

function signedIn(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

export function avatarDataUrlOf(db: Db, accountId: number): string | null {
  const avatar = avatarOf(db, accountId);
  return avatar ? `data:${avatar.mime};base64,${avatar.image.toString('base64')}` : null;
}

export function profileOf(db: Db, accountId: number): Profile {
  const account = findAccountById(db, accountId);
  if (!account) throw new VigieError('NOT_FOUND', 'this account no longer exists');
  return {
    id: account.id,
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    phoneWork: account.phoneWork,
    phoneMobile: account.phoneMobile,
    phoneLandline: account.phoneLandline,
    avatar: avatarDataUrlOf(db, accountId),
    adminLevel: account.adminLevel,
    permissions: account.permissions,
    createdAt: account.createdAt,
    passwordChangedAt: account.passwordChangedAt,
    twoFactor: twoFactorStatusOf(db, accountId),
    recentSignIns: signInAttemptsOf(db, accountId, RECENT_SIGN_INS).map((a) => ({ at: a.at, success: a.success, reason: a.reason, origin: a.origin })),
  };
}

export function getProfile(ctx: HandlerContext): Profile {
  return profileOf(ctx.db, signedIn(ctx).id);
}

export interface ProfileUpdate {
  firstName: string;
  lastName: string;
  phoneWork: string;
  phoneMobile: string;
  phoneLandline: string;
}

const PHONE_FIELDS = ['phoneWork', 'phoneMobile', 'phoneLandline'] as const;
const NAME_FIELDS = ['firstName', 'lastName'] as const;

/** Spaces as typed are noise: trimmed, runs (tabs, line breaks) made one space. */
export function collapseSpaces(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

// Control characters and bidirectional overrides can disguise a name in lists and in the audit
// trail. (Other format characters stay: ZWJ/ZWNJ are part of how some scripts write names.)
const HIDDEN_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/**
 * Checks what the contract cannot say with a pattern. The contract has already limited the
 * characters of a phone number; here a non-empty number must hold a digit and a + only first.
 */
function profileProblems(update: ProfileUpdate): FieldError[] {
  const problems: FieldError[] = [];
  for (const field of NAME_FIELDS) {
    const value = update[field];
    if (value === '') problems.push({ path: field, code: 'required', message: 'this name is required' });
    else if (HIDDEN_CHARACTERS.test(value)) problems.push({ path: field, code: 'invalid_characters', message: 'this name contains invisible or control characters' });
  }
  for (const field of PHONE_FIELDS) {
    const value = update[field];
    if (value === '') continue;
    if (!/\d/.test(value) || value.indexOf('+', 1) !== -1) {
      problems.push({ path: field, code: 'invalid_phone', message: 'a phone number is made of digits, with an optional + first and spaces ( ) . / - between them' });
    }
  }
  return problems;
}

export function updateProfile(ctx: HandlerContext, input: ProfileUpdate): Profile {
  const account = signedIn(ctx);
  const update: PersonalDetails = {
    firstName: collapseSpaces(input.firstName),
    lastName: collapseSpaces(input.lastName),
    phoneWork: collapseSpaces(input.phoneWork),
    phoneMobile: collapseSpaces(input.phoneMobile),
    phoneLandline: collapseSpaces(input.phoneLandline),
  };
  // Every field is checked before anything is written: all problems at once, nothing half-saved.
  const problems = profileProblems(update);
  if (problems.length > 0) throw new VigieError('INVALID_INPUT', 'some fields are not valid', problems);

  ctx.write((audit) => {
    const current = findAccountById(ctx.db, account.id) ?? account;
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    for (const field of [...NAME_FIELDS, ...PHONE_FIELDS]) {
      if (current[field] !== update[field]) {
        before[field] = current[field];
        after[field] = update[field];
      }
    }
    updatePersonalDetails(ctx.db, account.id, update, ctx.clock.now().toISOString());
    audit.record({ action: 'profile.update', targetType: 'account', targetId: String(account.id), target: account.username, summary: { before, after } });
  });
  return profileOf(ctx.db, account.id);
}

/**
 * Changes the account's email after checking its current password: whoever has the open
 * window is not taken to be its owner for this. (The address is not verified by mail: the
 * console is offline; the screen warns that the new address must be reachable.)
 * The checks run in this order: an unchanged address is answered without asking argon2.
 */
export async function changeEmail(ctx: HandlerContext, input: { currentPassword: string; email: string }): Promise<Profile> {
  const account = signedIn(ctx);
  const email = input.email.normalize('NFC').trim();
  if (email === account.email) throw fieldError('email', 'unchanged', 'this is already the email address of the account');
  // A wrong password counts against the lockout like a failed sign-in (profile.changeEmailFailed).
  await checkOwnCredentials(ctx, { password: input.currentPassword, passwordPath: 'currentPassword', requireCode: false, allowRecovery: false, action: 'profile.changeEmail' });
  ctx.write((audit) => {
    acceptCredentials(ctx, account.id, null);
    const before = findAccountById(ctx.db, account.id)?.email ?? account.email;
    updateEmail(ctx.db, account.id, email, ctx.clock.now().toISOString());
    audit.record({
      action: 'profile.changeEmail',
      targetType: 'account',
      targetId: String(account.id),
      target: account.username,
      summary: { before: { email: before }, after: { email } },
    });
  });
  return profileOf(ctx.db, account.id);
}

export async function setAvatar(ctx: HandlerContext, input: { imageBase64: string }): Promise<Profile> {
  const account = signedIn(ctx);
  const source = decodeBase64Strict(input.imageBase64);
  // The slow part (decoding, resizing) runs before the transaction, which stays short.
  const avatar = await normalizeAvatar(source);
  ctx.write((audit) => {
    const previous = avatarOf(ctx.db, account.id);
    saveAvatar(ctx.db, account.id, avatar, ctx.clock.now().toISOString());
    audit.record({
      action: 'profile.setAvatar',
      targetType: 'account',
      targetId: String(account.id),
      target: account.username,
      summary: {
        before: previous ? { bytes: previous.image.length, sha256: sha256Hex(previous.image) } : null,
        after: { mime: avatar.mime, bytes: avatar.image.length, sha256: sha256Hex(avatar.image) },
        source: { format: sniffImageFormat(source), bytes: source.length },
      },
    });
  });
  return profileOf(ctx.db, account.id);
}

/** Removing an avatar that is not there is not an error (a second click): it is recorded as such. */
export function removeAvatar(ctx: HandlerContext): Profile {
  const account = signedIn(ctx);
  ctx.write((audit) => {
    const previous = avatarOf(ctx.db, account.id);
    deleteAvatar(ctx.db, account.id);
    audit.record({
      action: 'profile.removeAvatar',
      targetType: 'account',
      targetId: String(account.id),
      target: account.username,
      summary: { before: previous ? { bytes: previous.image.length, sha256: sha256Hex(previous.image) } : null },
    });
  });
  return profileOf(ctx.db, account.id);
}
