// The audit trail: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so that
// editing, removing or reordering a row is detected by verifyAuditChain.
import { createHash } from 'node:crypto';
import type { AuditRecord, Page } from '../../shared/types';
import { likePattern, statement, type Db } from './connection';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

export interface AuditEntry {
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  target: string;
  summary: Record<string, unknown>;
}

interface AuditRow {
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

/** The hash covers every column but the hash itself, in a fixed order. */
export function auditHash(seq: number, entry: Omit<AuditEntry, 'summary'> & { summary: string }, prevHash: string): string {
  const material = JSON.stringify([seq, entry.at, entry.actorId, entry.actor, entry.action, entry.targetType, entry.targetId, entry.target, entry.summary, prevHash]);
  return createHash('sha256').update(material).digest('hex');
}

/** Appends one record. Call inside the transaction of the change it describes. */
export function appendAudit(db: Db, entry: AuditEntry): AuditRecord {
  const head = statement(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const summary = JSON.stringify(entry.summary);
  const hash = auditHash(seq, { ...entry, summary }, prevHash);
  statement(
    db,
    `INSERT INTO audit_log (seq, at, actor_id, actor, action, target_type, target_id, target, summary, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, entry.at, entry.actorId, entry.actor, entry.action, entry.targetType, entry.targetId, entry.target, summary, prevHash, hash);
  // The head is kept apart so that removing the newest rows is detected too.
  statement(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(HEAD_KEY, `${seq}:${hash}`);
  return { seq, ...entry, hash };
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}


export function listAudit(db: Db, filter: AuditFilter): Page<AuditRecord> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.actor) {
    where.push("actor LIKE ? ESCAPE '\\'");
    params.push(likePattern(filter.actor));
  }
  if (filter.action) {
    where.push('action = ?');
    params.push(filter.action);
  }
  if (filter.target) {
    where.push("(target LIKE ? ESCAPE '\\' OR target_id = ?)");
    params.push(likePattern(filter.target), filter.target);
  }
  if (filter.from) {
    where.push('at >= ?');
    params.push(new Date(filter.from).toISOString());
  }
  if (filter.to) {
    where.push('at <= ?');
    params.push(new Date(filter.to).toISOString());
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (statement(db, `SELECT count(*) AS n FROM audit_log ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM audit_log ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset) as AuditRow[];
  return { total, rows: rows.map(toRecord) };
}

export function auditActions(db: Db): string[] {
  return (statement(db, 'SELECT DISTINCT action FROM audit_log ORDER BY action').all() as { action: string }[]).map((r) => r.action);
}

export function countAudit(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    target: row.target,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    hash: row.hash,
  };
}

export type AuditVerification =
  | { ok: true; records: number; head: string }
  | { ok: false; records: number; badSeq: number; reason: string };

/**
 * Walks the chain from the first row. Reports the first row whose position, link or content
 * does not match: an edited row breaks its own hash, a removed or reordered row breaks the
 * link of the row after it (or the stored head, for the newest rows).
 */
export function verifyAuditChain(db: Db): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    records++;
    if (row.seq !== expectedSeq) {
      return { ok: false, records, badSeq: row.seq, reason: `row ${expectedSeq} is missing before row ${row.seq}` };
    }
    if (row.prev_hash !== prevHash) {
      return { ok: false, records, badSeq: row.seq, reason: `row ${row.seq} does not link to the row before it (removed or reordered rows)` };
    }
    const expected = auditHash(row.seq, { at: row.at, actorId: row.actor_id, actor: row.actor, action: row.action, targetType: row.target_type, targetId: row.target_id, target: row.target, summary: row.summary }, row.prev_hash);
    if (row.hash !== expected) {
      return { ok: false, records, badSeq: row.seq, reason: `row ${row.seq} was edited: its content does not match its hash` };
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  const head = (statement(db, 'SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined)?.value;
  const actualHead = records === 0 ? undefined : `${expectedSeq - 1}:${prevHash}`;
  if (head !== actualHead) {
    const [headSeq] = (head ?? '0:').split(':');
    return { ok: false, records, badSeq: Number(headSeq) || expectedSeq, reason: `the newest rows were removed: the trail ends at row ${expectedSeq - 1} but its head names ${head ?? 'nothing'}` };
  }
  return { ok: true, records, head: actualHead ?? `0:${GENESIS_HASH}` };
}

/** The stored hash of one row, to compare with a head recorded elsewhere (external anchoring). */
export function auditHashAt(db: Db, seq: number): string | undefined {
  return (statement(db, 'SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash;
}
