// TOTP two-factor of the signed-in admin: enrolment (QR code, then a first code), recovery
// codes (shown once, stored as argon2id hashes, single use), disabling, and the status shown
// on the profile page.
import QRCode from 'qrcode';
import { VigieError } from '../../shared/errors';
import type { TwoFactorEnrolment, TwoFactorStatus } from '../../shared/types';
import type { AccountRecord } from '../db/accounts';
import type { Db } from '../db/connection';
import { countUnusedRecoveryCodes, deleteTwoFactor, insertTwoFactor, replaceRecoveryCodes, twoFactorOf } from '../db/twoFactor';
import type { HandlerContext } from '../ipc/context';
import { acceptCredentials, badCode, checkOwnCredentials } from './credentials';
import { hashPassword } from './passwords';
import { displayName } from './settings';
import { fromBase32, matchingStep, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, otpauthUri, sealSecret, toBase32, totpKey } from './totp';

export function twoFactorStatusOf(db: Db, accountId: number): TwoFactorStatus {
  const row = twoFactorOf(db, accountId);
  return { enabled: row !== undefined, enabledAt: row?.enabledAt ?? null, recoveryCodesLeft: row ? countUnusedRecoveryCodes(db, accountId) : 0 };
}

function signedIn(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

const alreadyOn = () => new VigieError('CONFLICT', 'two-factor is already on for this account; turn it off first to enrol another app');

/** Recovery codes and their hashes (what is stored). */
async function freshRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normalizeRecoveryCode(code)!)));
  return { codes, hashes };
}

/**
 * Starts enrolment: a new secret, kept in this window's session only until a first code
 * proves the app has it. The keychain key is made ready now, so a keychain problem shows
 * before the admin scans anything.
 */
export async function beginEnrolment(ctx: HandlerContext): Promise<TwoFactorEnrolment> {
  const account = signedIn(ctx);
  if (twoFactorOf(ctx.db, account.id)) throw alreadyOn();
  await totpKey(ctx.secrets, { create: true });
  const secret = newTotpSecret();
  const base32 = toBase32(secret);
  const uri = otpauthUri(secret, displayName(ctx.db), account.username);
  ctx.session.pendingTwoFactorSecret = base32;
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: base32, otpauthUri: uri, qrSvg };
}

/** Turns two-factor on once a code from the app is right; returns the recovery codes, shown once. */
export async function confirmEnrolment(ctx: HandlerContext, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const account = signedIn(ctx);
  const pending = ctx.session.pendingTwoFactorSecret;
  if (!pending) throw new VigieError('CONFLICT', 'no two-factor enrolment was started in this window; start again');
  if (twoFactorOf(ctx.db, account.id)) throw alreadyOn();
  const secret = fromBase32(pending);
  const step = matchingStep(secret, input.code, ctx.clock.now().getTime());
  // Not counted against the lockout: the admin is proving the app works, not who they are.
  if (step === null) throw badCode('code');
  const key = await totpKey(ctx.secrets, { create: true });
  const { codes, hashes } = await freshRecoveryCodes();
  ctx.write((audit) => {
    if (twoFactorOf(ctx.db, account.id)) throw alreadyOn();
    // The code just typed is used: it cannot be replayed to sign in.
    insertTwoFactor(ctx.db, { accountId: account.id, secretEnc: sealSecret(key, account.id, secret), enabledAt: ctx.clock.now().toISOString(), lastStep: step });
    replaceRecoveryCodes(ctx.db, account.id, hashes);
    audit.record({ action: 'twoFactor.enable', targetType: 'account', targetId: String(account.id), target: account.username, summary: { recoveryCodes: hashes.length } });
  });
  ctx.session.pendingTwoFactorSecret = null;
  return { recoveryCodes: codes };
}

/** Turns two-factor off: the password and a code (from the app, or a recovery code). */
export async function disableTwoFactor(ctx: HandlerContext, input: { password: string; code: string }): Promise<null> {
  const account = signedIn(ctx);
  if (!twoFactorOf(ctx.db, account.id)) throw new VigieError('CONFLICT', 'two-factor is not on for this account');
  const proof = await checkOwnCredentials(ctx, { password: input.password, passwordPath: 'password', code: input.code, codePath: 'code', requireCode: true, allowRecovery: true, action: 'twoFactor.disable' });
  ctx.write((audit) => {
    if (!acceptCredentials(ctx, account.id, proof)) throw badCode('code');
    deleteTwoFactor(ctx.db, account.id);
    audit.record({ action: 'twoFactor.disable', targetType: 'account', targetId: String(account.id), target: account.username, summary: { with: proof?.kind ?? null } });
  });
  return null;
}

/** New recovery codes (the old ones stop working): the password and a code from the app. */
export async function regenerateRecoveryCodes(ctx: HandlerContext, input: { password: string; code: string }): Promise<{ recoveryCodes: string[] }> {
  const account = signedIn(ctx);
  if (!twoFactorOf(ctx.db, account.id)) throw new VigieError('CONFLICT', 'two-factor is not on for this account');
  const proof = await checkOwnCredentials(ctx, { password: input.password, passwordPath: 'password', code: input.code, codePath: 'code', requireCode: true, allowRecovery: false, action: 'twoFactor.regenerateRecoveryCodes' });
  const { codes, hashes } = await freshRecoveryCodes();
  ctx.write((audit) => {
    if (!acceptCredentials(ctx, account.id, proof)) throw badCode('code');
    replaceRecoveryCodes(ctx.db, account.id, hashes);
    audit.record({ action: 'twoFactor.regenerateRecoveryCodes', targetType: 'account', targetId: String(account.id), target: account.username, summary: { recoveryCodes: hashes.length } });
  });
  return { recoveryCodes: codes };
}
