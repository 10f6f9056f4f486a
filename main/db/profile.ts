// SQL for an account's own profile: personal and contact details, email, avatar image.
// (Reading them is findAccountById's job, in accounts.ts.)
import { statement, type Db } from './connection';

export interface PersonalDetails {
  firstName: string;
  lastName: string;
  phoneWork: string;
  phoneMobile: string;
  phoneLandline: string;
}

export function updatePersonalDetails(db: Db, accountId: number, details: PersonalDetails, now: string): void {
  statement(db, 'UPDATE accounts SET first_name = ?, last_name = ?, phone_work = ?, phone_mobile = ?, phone_landline = ?, updated_at = ? WHERE id = ?').run(
    details.firstName,
    details.lastName,
    details.phoneWork,
    details.phoneMobile,
    details.phoneLandline,
    now,
    accountId,
  );
}

export function updateEmail(db: Db, accountId: number, email: string, now: string): void {
  statement(db, 'UPDATE accounts SET email = ?, updated_at = ? WHERE id = ?').run(email, now, accountId);
}

export interface StoredAvatar {
  mime: string;
  image: Buffer;
  updatedAt: string;
}

export function avatarOf(db: Db, accountId: number): StoredAvatar | undefined {
  const row = statement(db, 'SELECT mime, image, updated_at FROM account_avatars WHERE account_id = ?').get(accountId) as
    | { mime: string; image: Buffer; updated_at: string }
    | undefined;
  return row && { mime: row.mime, image: row.image, updatedAt: row.updated_at };
}

export function saveAvatar(db: Db, accountId: number, avatar: { mime: string; image: Buffer }, now: string): void {
  statement(db, 
    `INSERT INTO account_avatars (account_id, mime, image, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(account_id) DO UPDATE SET mime = excluded.mime, image = excluded.image, updated_at = excluded.updated_at`,
  ).run(accountId, avatar.mime, avatar.image, now);
}

/** True if there was an avatar to remove. */
export function deleteAvatar(db: Db, accountId: number): boolean {
  return statement(db, 'DELETE FROM account_avatars WHERE account_id = ?').run(accountId).changes > 0;
}
