// SQL for TOTP two-factor: the encrypted secret of each account and its recovery codes.
import { statement, type Db } from './connection';

export interface TwoFactorRow {
  accountId: number;
  secretEnc: string;
  enabledAt: string;
  /** The last accepted TOTP time step: only later steps are accepted. */
  lastStep: number;
}

export function twoFactorOf(db: Db, accountId: number): TwoFactorRow | undefined {
  const row = statement(db, 'SELECT account_id, secret_enc, enabled_at, last_step FROM two_factor WHERE account_id = ?').get(accountId) as
    | { account_id: number; secret_enc: string; enabled_at: string; last_step: number }
    | undefined;
  return row && { accountId: row.account_id, secretEnc: row.secret_enc, enabledAt: row.enabled_at, lastStep: row.last_step };
}

export function insertTwoFactor(db: Db, row: TwoFactorRow): void {
  statement(db, 'INSERT INTO two_factor (account_id, secret_enc, enabled_at, last_step) VALUES (?, ?, ?, ?)').run(row.accountId, row.secretEnc, row.enabledAt, row.lastStep);
}

/**
 * Records `step` as used if it is later than the last one used: true when the code is taken,
 * false when that step (or a later one) was already used. One statement, so two windows
 * sending the same code cannot both get in.
 */
export function consumeTotpStep(db: Db, accountId: number, step: number): boolean {
  return statement(db, 'UPDATE two_factor SET last_step = ? WHERE account_id = ? AND last_step < ?').run(step, accountId, step).changes === 1;
}

/** Removes two-factor and the recovery codes; true if two-factor was on. */
export function deleteTwoFactor(db: Db, accountId: number): boolean {
  statement(db, 'DELETE FROM recovery_codes WHERE account_id = ?').run(accountId);
  return statement(db, 'DELETE FROM two_factor WHERE account_id = ?').run(accountId).changes > 0;
}

export interface RecoveryCodeRow {
  id: number;
  codeHash: string;
}

export function unusedRecoveryCodes(db: Db, accountId: number): RecoveryCodeRow[] {
  return (statement(db, 'SELECT id, code_hash FROM recovery_codes WHERE account_id = ? AND used_at IS NULL ORDER BY id').all(accountId) as { id: number; code_hash: string }[]).map(
    (r) => ({ id: r.id, codeHash: r.code_hash }),
  );
}

export function countUnusedRecoveryCodes(db: Db, accountId: number): number {
  return (statement(db, 'SELECT count(*) AS n FROM recovery_codes WHERE account_id = ? AND used_at IS NULL').get(accountId) as { n: number }).n;
}

/** Replaces every recovery code of the account (used or not) with these hashes. */
export function replaceRecoveryCodes(db: Db, accountId: number, hashes: readonly string[]): void {
  statement(db, 'DELETE FROM recovery_codes WHERE account_id = ?').run(accountId);
  const insert = statement(db, 'INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)');
  for (const hash of hashes) insert.run(accountId, hash);
}

/** Marks a code used if it still was unused: false when another call used it first. */
export function useRecoveryCode(db: Db, id: number, at: string): boolean {
  return statement(db, 'UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(at, id).changes === 1;
}
