// Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied;
// each runs in its own transaction, so a failure leaves the previous version intact.
// Append only: never edit a migration that has shipped, add the next number instead.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** A phone number as bare digits (and +), so a search for "0612" finds "06 12 …". */
function phoneDigits(column: string): string {
  return `replace(replace(replace(replace(replace(${column}, ' ', ''), '.', ''), '-', ''), '(', ''), ')', '')`;
}

/** The row of accounts_fts for an account (`row` is 'new.' in triggers, '' in a SELECT). */
function ftsValues(row: string): string {
  const phones = ['phone_work', 'phone_mobile', 'phone_landline', 'phone_fax'].map((c) => row + c);
  return `(${row}id, ${row}username, ${row}first_name, ${row}middle_name, ${row}last_name, ${row}email, ${phones.join(" || ' ' || ")}, ${phones.map(phoneDigits).join(" || ' ' || ")})`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sign-in attempts, audit trail',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE accounts (
        id                   INTEGER PRIMARY KEY,
        username             TEXT NOT NULL COLLATE NOCASE UNIQUE,
        first_name           TEXT NOT NULL,
        last_name            TEXT NOT NULL,
        email                TEXT NOT NULL,
        password_hash        TEXT NOT NULL,
        status               TEXT NOT NULL CHECK (status IN ('active', 'locked', 'inactive')),
        admin_level          TEXT NOT NULL DEFAULT 'none' CHECK (admin_level IN ('none', 'limited', 'full')),
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        parent_id            INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        last_sign_in_at      TEXT,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL
      );
      CREATE INDEX accounts_status ON accounts(status);
      CREATE INDEX accounts_parent ON accounts(parent_id);

      CREATE TABLE account_permissions (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        permission TEXT NOT NULL,
        PRIMARY KEY (account_id, permission)
      ) WITHOUT ROWID;

      -- Every sign-in attempt, kept for the "last logins" views. No foreign key on purpose
      -- for username: failed attempts name accounts that may not exist.
      CREATE TABLE sign_in_attempts (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        username   TEXT NOT NULL,
        success    INTEGER NOT NULL CHECK (success IN (0, 1)),
        reason     TEXT NOT NULL,
        origin     TEXT NOT NULL
      );
      CREATE INDEX sign_in_attempts_account ON sign_in_attempts(account_id, at);
      CREATE INDEX sign_in_attempts_at ON sign_in_attempts(at);

      -- Append-only, hash-chained. actor_id has no foreign key: the trail must outlive
      -- the accounts it names, and the readable names are kept beside the ids.
      CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor_id    INTEGER,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id   TEXT,
        target      TEXT NOT NULL,
        summary     TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_action ON audit_log(action);
      CREATE INDEX audit_log_target ON audit_log(target_type, target_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'account security: profile, lockout, two-factor, recovery codes, avatars, settings',
    sql: `
      ALTER TABLE accounts ADD COLUMN phone_work TEXT NOT NULL DEFAULT '';
      ALTER TABLE accounts ADD COLUMN phone_mobile TEXT NOT NULL DEFAULT '';
      ALTER TABLE accounts ADD COLUMN phone_landline TEXT NOT NULL DEFAULT '';
      -- Failed sign-ins since the last success, and the end of a temporary lockout.
      ALTER TABLE accounts ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN locked_until TEXT;
      -- Bumped by "sign out everywhere", a password change or a change of rights: sessions
      -- started under an older epoch end at their next call.
      ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN password_changed_at TEXT;
      -- Set while the password is a temporary one issued by a Manager.
      ALTER TABLE accounts ADD COLUMN temporary_password_expires_at TEXT;

      CREATE TABLE account_avatars (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        mime       TEXT NOT NULL,
        image      BLOB NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- The TOTP secret is stored encrypted (AES-256-GCM) with a key kept in the OS keychain:
      -- a copy of vigie.db alone does not give the secrets.
      CREATE TABLE two_factor (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        secret_enc TEXT NOT NULL,
        enabled_at TEXT NOT NULL,
        -- The last accepted TOTP time step: a code is never accepted twice.
        last_step  INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE recovery_codes (
        id         INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        code_hash  TEXT NOT NULL,
        used_at    TEXT
      );
      CREATE INDEX recovery_codes_account ON recovery_codes(account_id);

      -- Settings of the console, one JSON value per key (e.g. security.lockoutMinutes).
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'lockout state of usernames no account has',
    sql: `
      -- Made-up usernames go through the same lockout as accounts (same answers, same delays,
      -- same lock and end of lock), so the lockout tells nothing about which names exist.
      -- Rows are pruned once their lock and count can no longer matter.
      CREATE TABLE unknown_username_lockouts (
        username        TEXT PRIMARY KEY COLLATE NOCASE,
        failed_attempts INTEGER NOT NULL,
        locked_until    TEXT,
        updated_at      TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX unknown_username_lockouts_updated ON unknown_username_lockouts(updated_at);
    `,
  },
  {
    version: 4,
    name: 'account management: identity fields, user types, sites, grants, full-text search',
    sql: `
      ALTER TABLE accounts ADD COLUMN middle_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE accounts ADD COLUMN phone_fax TEXT NOT NULL DEFAULT '';
      ALTER TABLE accounts ADD COLUMN postal_address TEXT NOT NULL DEFAULT '';
      ALTER TABLE accounts ADD COLUMN user_type TEXT NOT NULL DEFAULT 'business' CHECK (user_type IN ('business', 'employee', 'readonly'));
      -- One index per sortable column of the accounts list, ending with the username that
      -- settles ties: a page of 50 among 100,000 accounts is a short walk of the index.
      CREATE INDEX accounts_last_name ON accounts(last_name COLLATE NOCASE, username COLLATE NOCASE);
      CREATE INDEX accounts_first_name ON accounts(first_name COLLATE NOCASE, username COLLATE NOCASE);
      CREATE INDEX accounts_email ON accounts(email COLLATE NOCASE, username COLLATE NOCASE);
      CREATE INDEX accounts_last_sign_in ON accounts(last_sign_in_at, username COLLATE NOCASE);
      CREATE INDEX accounts_created ON accounts(created_at, username COLLATE NOCASE);
      CREATE INDEX accounts_status_username ON accounts(status, username COLLATE NOCASE);
      CREATE INDEX accounts_user_type ON accounts(user_type, username COLLATE NOCASE);
      CREATE INDEX accounts_admin_rank ON accounts((CASE admin_level WHEN 'none' THEN 0 WHEN 'limited' THEN 1 ELSE 2 END), username COLLATE NOCASE);
      -- And one per filtered column alone, whose entries for one value come in id order: the
      -- filters' id sets merge without sorting (see accountQuery.ts).
      CREATE INDEX accounts_admin_level ON accounts(admin_level);
      CREATE INDEX accounts_user_type_only ON accounts(user_type);

      -- Who granted a permission, and when: the permission report says where each comes from.
      ALTER TABLE account_permissions ADD COLUMN granted_by TEXT;
      ALTER TABLE account_permissions ADD COLUMN granted_at TEXT;
      CREATE INDEX account_permissions_permission ON account_permissions(permission, account_id);

      CREATE TABLE sites (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
        retired_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE account_sites (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE RESTRICT,
        PRIMARY KEY (account_id, site_id)
      ) WITHOUT ROWID;
      CREATE INDEX account_sites_site ON account_sites(site_id, account_id);

      -- Full-text search over the words an admin types: username, names, email, phones (as
      -- written and as bare digits, so "0612" finds "06 12 …"). Contentless: the text
      -- lives once, in accounts; triggers keep the index in step. No positions (detail = none):
      -- searches are words and prefixes, never phrases, so the index is smaller and faster.
      CREATE VIRTUAL TABLE accounts_fts USING fts5(
        username, first_name, middle_name, last_name, email, phones, phone_digits,
        content = '', contentless_delete = 1, detail = none,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE TRIGGER accounts_fts_insert AFTER INSERT ON accounts BEGIN
        INSERT INTO accounts_fts (rowid, username, first_name, middle_name, last_name, email, phones, phone_digits)
        VALUES ${ftsValues('new.')};
      END;
      CREATE TRIGGER accounts_fts_delete AFTER DELETE ON accounts BEGIN
        DELETE FROM accounts_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER accounts_fts_update AFTER UPDATE OF username, first_name, middle_name, last_name, email, phone_work, phone_mobile, phone_landline, phone_fax ON accounts BEGIN
        DELETE FROM accounts_fts WHERE rowid = old.id;
        INSERT INTO accounts_fts (rowid, username, first_name, middle_name, last_name, email, phones, phone_digits)
        VALUES ${ftsValues('new.')};
      END;
      -- Accounts that existed before this migration.
      INSERT INTO accounts_fts (rowid, username, first_name, middle_name, last_name, email, phones, phone_digits)
        SELECT ${ftsValues('').slice(1, -1)} FROM accounts;
    `,
  },
];
