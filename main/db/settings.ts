// SQL for the console's settings: one JSON value per key (`security.lockoutMinutes`…).
import { statement, type Db } from './connection';

/** The stored value, or undefined when the key was never set (or holds unreadable JSON). */
export function readSetting(db: Db, key: string): unknown {
  const row = statement(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return undefined;
  }
}

/** Every setting whose key starts with `prefix`, keyed by the rest of its name. */
export function readSettings(db: Db, prefix: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const rows = statement(db, "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?").all(prefix.length, prefix) as { key: string; value: string }[];
  for (const row of rows) {
    try {
      values[row.key.slice(prefix.length)] = JSON.parse(row.value) as unknown;
    } catch {
      // An unreadable value counts as unset: the caller's default applies.
    }
  }
  return values;
}

export function writeSetting(db: Db, key: string, value: unknown, now: string): void {
  statement(db, 'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
    key,
    JSON.stringify(value),
    now,
  );
}
