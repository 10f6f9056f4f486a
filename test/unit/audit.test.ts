// The audit trail: append-only, hash-chained, and verifiable. The tamper cases act as an
// attacker with the sqlite3 CLI would: drop the triggers, then edit, delete or reorder rows.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, auditActions, auditHash, countAudit, GENESIS_HASH, listAudit, verifyAuditChain, type AuditEntry } from '../../main/db/audit';
import { dbPath, openDatabase, type Db } from '../../main/db/connection';
import { MANAGER, startBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

interface RawRow {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target: string;
  summary: string;
  prev_hash: string;
  hash: string;
}

function entry(i: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date(Date.UTC(2026, 2, 1 + i, 9, 0, 0)).toISOString(),
    actorId: (i % 3) + 1,
    actor: ['alice', 'bob', 'carol'][i % 3]!,
    action: ['account.create', 'account.update', 'auth.signIn'][i % 3]!,
    targetType: 'account',
    targetId: String(100 + i),
    target: `user${i}`,
    summary: { before: { n: i - 1 }, after: { n: i } },
    ...overrides,
  };
}

/** A database with `n` chained records, each appended in its own transaction as the router does. */
function chain(n: number): { db: Db; dir: string } {
  const dir = makeTempDir();
  const db = openDatabase(dir);
  open.push(db);
  for (let i = 1; i <= n; i++) db.transaction(() => appendAudit(db, entry(i)))();
  return { db, dir };
}

/** A second connection without Vigie's code and without the append-only triggers. */
function attacker(dir: string): Db {
  const raw = new Database(dbPath(dir));
  open.push(raw);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  return raw;
}

const rows = (db: Db) => db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as RawRow[];

describe('appending', () => {
  it('chains each record to the one before it, from the genesis hash', () => {
    const { db } = chain(6);
    const all = rows(db);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    for (const row of all) {
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      const { seq, prev_hash, hash, actor_id, target_type, target_id, ...rest } = row;
      expect(auditHash(seq, { ...rest, actorId: actor_id, targetType: target_type, targetId: target_id }, prev_hash)).toBe(hash);
    }
    expect(new Set(all.map((r) => r.hash)).size).toBe(6);
  });

  it('returns the stored record and keeps the summary as JSON', () => {
    const { db } = chain(0);
    const record = db.transaction(() => appendAudit(db, entry(1, { summary: { after: { email: 'x@example.com' }, note: 'ünïcødé "quoted"' } })))();
    expect(record).toMatchObject({ seq: 1, actor: 'bob', summary: { after: { email: 'x@example.com' }, note: 'ünïcødé "quoted"' } });
    expect(listAudit(db, { limit: 1, offset: 0 }).rows[0]).toEqual(record);
  });

  it('refuses UPDATE and DELETE through the triggers', () => {
    const { db } = chain(3);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    // INSERT OR REPLACE deletes the old row first: refused as well.
    const [first] = rows(db);
    expect(() => db.prepare("INSERT OR REPLACE INTO audit_log SELECT seq, at, actor_id, 'mallory', action, target_type, target_id, target, summary, prev_hash, hash FROM audit_log WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("REPLACE INTO audit_log SELECT seq, at, actor_id, 'mallory', action, target_type, target_id, target, summary, prev_hash, hash FROM audit_log WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 1 ON CONFLICT(seq) DO UPDATE SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(rows(db)[0]).toEqual(first);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, records: 3 });
  });

  it('is written in the same transaction as the change: a rollback removes the record and keeps the head', () => {
    const { db } = chain(2);
    const head = verifyAuditChain(db);
    expect(() =>
      db.transaction(() => {
        appendAudit(db, entry(3));
        throw new Error('change failed');
      })(),
    ).toThrow('change failed');
    expect(countAudit(db)).toBe(2);
    expect(verifyAuditChain(db)).toEqual(head);
  });
});

describe('verifying', () => {
  it('accepts an intact chain with the right count and head', () => {
    const { db } = chain(10);
    const last = rows(db).at(-1)!;
    expect(verifyAuditChain(db)).toEqual({ ok: true, records: 10, head: `10:${last.hash}` });
  });

  it('accepts an empty trail', () => {
    const { db } = chain(0);
    expect(verifyAuditChain(db)).toEqual({ ok: true, records: 0, head: `0:${GENESIS_HASH}` });
  });

  const editable: [string, string][] = [
    ['at', "'2026-01-01T00:00:00.000Z'"],
    ['actor_id', '999'],
    ['actor', "'mallory'"],
    ['action', "'account.delete'"],
    ['target_type', "'site'"],
    ['target_id', 'NULL'],
    ['target', "'someone else'"],
    ['summary', `'{"before":{"n":4},"after":{"n":999}}'`],
  ];
  for (const [column, value] of editable) {
    it(`names the edited row when its ${column} is changed`, () => {
      const { db, dir } = chain(10);
      attacker(dir).prepare(`UPDATE audit_log SET ${column} = ${value} WHERE seq = 5`).run();
      expect(verifyAuditChain(db)).toMatchObject({ ok: false, badSeq: 5, reason: expect.stringMatching(/row 5 was edited/) });
    });
  }

  it('names the row after an edited one whose hash was recomputed (its link breaks)', () => {
    const { db, dir } = chain(10);
    const row = rows(db)[4]!;
    const forged = auditHash(row.seq, { at: row.at, actorId: row.actor_id, actor: 'mallory', action: row.action, targetType: row.target_type, targetId: row.target_id, target: row.target, summary: row.summary }, row.prev_hash);
    attacker(dir).prepare("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 5").run(forged);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badSeq: 6, reason: expect.stringMatching(/row 6 does not link/) });
  });

  it('names the row after a deleted middle row', () => {
    const { db, dir } = chain(10);
    attacker(dir).prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badSeq: 6, reason: expect.stringMatching(/row 5 is missing/) });
  });

  it('detects a deleted middle row even when the later rows are renumbered to close the gap', () => {
    const { db, dir } = chain(10);
    const raw = attacker(dir);
    raw.transaction(() => {
      raw.prepare('DELETE FROM audit_log WHERE seq = 5').run();
      for (let seq = 6; seq <= 10; seq++) raw.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(seq - 1, seq);
    })();
    const result = verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, badSeq: 5 });
  });

  it('detects two rows swapped (reordered)', () => {
    const { db, dir } = chain(10);
    const raw = attacker(dir);
    // Swap the whole contents of rows 4 and 7, keeping their numbers.
    raw.transaction(() => {
      raw.prepare('UPDATE audit_log SET seq = -4 WHERE seq = 4').run();
      raw.prepare('UPDATE audit_log SET seq = 4 WHERE seq = 7').run();
      raw.prepare('UPDATE audit_log SET seq = 7 WHERE seq = -4').run();
    })();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badSeq: 4 });
  });

  it('detects two adjacent rows whose contents (not hashes) were swapped', () => {
    const { db, dir } = chain(10);
    const raw = attacker(dir);
    const [a, b] = [rows(db)[5]!, rows(db)[6]!];
    const set = raw.prepare('UPDATE audit_log SET at = ?, actor_id = ?, actor = ?, action = ?, target_id = ?, target = ?, summary = ? WHERE seq = ?');
    set.run(b.at, b.actor_id, b.actor, b.action, b.target_id, b.target, b.summary, a.seq);
    set.run(a.at, a.actor_id, a.actor, a.action, a.target_id, a.target, a.summary, b.seq);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badSeq: 6 });
  });

  it('detects the newest rows deleted, through the stored head', () => {
    const { db, dir } = chain(10);
    attacker(dir).prepare('DELETE FROM audit_log WHERE seq > 8').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, records: 8, badSeq: 10, reason: expect.stringMatching(/newest rows were removed/) });
  });

  it('detects the whole trail deleted', () => {
    const { db, dir } = chain(4);
    attacker(dir).prepare('DELETE FROM audit_log').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, records: 0 });
  });

  it('detects a forged row appended without going through appendAudit', () => {
    const { db, dir } = chain(4);
    const last = rows(db).at(-1)!;
    attacker(dir)
      .prepare("INSERT INTO audit_log (seq, at, actor_id, actor, action, target_type, target_id, target, summary, prev_hash, hash) VALUES (5, ?, 1, 'alice', 'x', 'y', NULL, 'z', '{}', ?, ?)")
      .run(last.at, last.hash, 'f'.repeat(64));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badSeq: 5 });
  });

  it('keeps verifying after the database is reopened and more records are appended', () => {
    const { db, dir } = chain(3);
    db.close();
    open.splice(open.indexOf(db), 1);
    const reopened = openDatabase(dir);
    open.push(reopened);
    reopened.transaction(() => appendAudit(reopened, entry(4)))();
    expect(verifyAuditChain(reopened)).toMatchObject({ ok: true, records: 4 });
  });
});

describe('listing', () => {
  function listed(): Db {
    const { db } = chain(0);
    const add = (at: string, actor: string, action: string, target: string, targetId: string | null = null) =>
      db.transaction(() => appendAudit(db, { at, actorId: null, actor, action, targetType: 'account', targetId, target, summary: {} }))();
    add('2026-03-01T08:00:00.000Z', 'alice', 'account.create', 'bob', '2');
    add('2026-03-01T12:00:00.000Z', 'alice', 'auth.signIn', 'alice', '1');
    add('2026-03-02T09:30:00.000Z', 'bob', 'auth.signIn', 'bob', '2');
    add('2026-03-03T23:59:59.999Z', 'alice', 'account.update', 'bob', '2');
    add('2026-03-04T00:00:00.000Z', '100%_real', 'auth.signInFailed', 'ghost_user', null);
    add('2026-03-05T10:00:00.000Z', 'bob', 'account.create', 'carol', '3');
    return db;
  }
  const seqs = (db: Db, filter: Parameters<typeof listAudit>[1]) => listAudit(db, filter).rows.map((r) => r.seq);
  const all = { limit: 100, offset: 0 };

  it('lists the newest first with the total', () => {
    const db = listed();
    expect(listAudit(db, all).total).toBe(6);
    expect(seqs(db, all)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('filters by actor (part of the name, wildcards taken literally)', () => {
    const db = listed();
    expect(seqs(db, { ...all, actor: 'alice' })).toEqual([4, 2, 1]);
    expect(seqs(db, { ...all, actor: 'ALI' })).toEqual([4, 2, 1]);
    expect(seqs(db, { ...all, actor: '%' })).toEqual([5]);
    expect(seqs(db, { ...all, actor: '_' })).toEqual([5]);
    expect(seqs(db, { ...all, actor: 'nobody' })).toEqual([]);
  });

  it('filters by exact action', () => {
    const db = listed();
    expect(seqs(db, { ...all, action: 'auth.signIn' })).toEqual([3, 2]);
    expect(seqs(db, { ...all, action: 'account.create' })).toEqual([6, 1]);
    expect(seqs(db, { ...all, action: 'auth' })).toEqual([]);
    expect(auditActions(db)).toEqual(['account.create', 'account.update', 'auth.signIn', 'auth.signInFailed']);
  });

  it('filters by target name or target id', () => {
    const db = listed();
    expect(seqs(db, { ...all, target: 'bob' })).toEqual([4, 3, 1]);
    expect(seqs(db, { ...all, target: '3' })).toEqual([6]);
    expect(seqs(db, { ...all, target: 'ghost_' })).toEqual([5]);
  });

  it('filters by date range, both ends included, in any offset', () => {
    const db = listed();
    expect(seqs(db, { ...all, from: '2026-03-02T00:00:00Z' })).toEqual([6, 5, 4, 3]);
    expect(seqs(db, { ...all, to: '2026-03-01T12:00:00Z' })).toEqual([2, 1]);
    expect(seqs(db, { ...all, from: '2026-03-02T09:30:00.000Z', to: '2026-03-04T00:00:00.000Z' })).toEqual([5, 4, 3]);
    // 01:00 in Paris on the 4th is midnight UTC.
    expect(seqs(db, { ...all, from: '2026-03-04T01:00:00+01:00' })).toEqual([6, 5]);
    expect(seqs(db, { ...all, from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toEqual([]);
  });

  it('combines filters', () => {
    const db = listed();
    expect(seqs(db, { ...all, actor: 'alice', target: 'bob' })).toEqual([4, 1]);
    expect(seqs(db, { ...all, actor: 'bob', action: 'auth.signIn', from: '2026-03-02T00:00:00Z' })).toEqual([3]);
    expect(listAudit(db, { ...all, actor: 'alice', target: 'bob' }).total).toBe(2);
  });

  it('pages through the results with limit and offset, the total staying whole', () => {
    const db = listed();
    expect(listAudit(db, { limit: 2, offset: 0 })).toMatchObject({ total: 6, rows: [{ seq: 6 }, { seq: 5 }] });
    expect(listAudit(db, { limit: 2, offset: 2 })).toMatchObject({ total: 6, rows: [{ seq: 4 }, { seq: 3 }] });
    expect(listAudit(db, { limit: 2, offset: 4 })).toMatchObject({ total: 6, rows: [{ seq: 2 }, { seq: 1 }] });
    expect(listAudit(db, { limit: 2, offset: 6 })).toEqual({ total: 6, rows: [] });
    expect(listAudit(db, { actor: 'alice', limit: 1, offset: 1 })).toMatchObject({ total: 3, rows: [{ seq: 2 }] });
  });

  it('is served to Managers by audit.list with the filters and the list of actions', async () => {
    const t = startBackend();
    open.push(t);
    const { session } = await t.setUpManager();
    t.clock.advance(60_000);
    await t.call(session, 'auth.signIn', { username: MANAGER.username, password: 'wrong password!' });
    const result = await t.call(session, 'audit.list', { action: 'auth.signInFailed', from: t.clock.now().toISOString(), limit: 10 });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.total).toBe(1);
    expect(result.value.rows[0]).toMatchObject({ action: 'auth.signInFailed', actor: MANAGER.username, summary: { outcome: 'bad-password' } });
    expect(result.value.actions).toEqual(['auth.signInFailed', 'setup.firstManager']);
    const bad = await t.call(session, 'audit.list', { from: 'yesterday' });
    expect(bad.ok ? 'ok' : bad.error.fields?.[0]?.path).toBe('from');
  });
});
