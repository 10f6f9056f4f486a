// Child process of test/integration/crash.test.ts (bundled to .cjs first, as plain node
// cannot run .ts): opens the database with Vigie's own code and commits batches in a loop,
// each one transaction holding N rows, a marker recording N and its audit record. After each
// commit it prints `committed <batch> <N>`; the test kills it with SIGKILL at a random moment.
import { appendAudit } from '../../main/db/audit';
import { openDatabase } from '../../main/db/connection';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crashWriter <dataDir>');

const db = openDatabase(dataDir);
db.exec(`
  CREATE TABLE IF NOT EXISTS crash_batches (batch INTEGER PRIMARY KEY, n INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS crash_rows (
    batch   INTEGER NOT NULL,
    i       INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (batch, i)
  );
`);

const insertRow = db.prepare('INSERT INTO crash_rows (batch, i, payload) VALUES (?, ?, ?)');
const insertBatch = db.prepare('INSERT INTO crash_batches (batch, n) VALUES (?, ?)');
const writeBatch = db.transaction((batch: number, n: number) => {
  for (let i = 0; i < n; i++) insertRow.run(batch, i, `${batch}:${i}:${'x'.repeat(64 + ((batch * 31 + i) % 200))}`);
  insertBatch.run(batch, n);
  appendAudit(db, { at: new Date().toISOString(), actorId: null, actor: 'crash-writer', action: 'test.batch', targetType: 'batch', targetId: String(batch), target: `batch ${batch}`, summary: { n } });
});

let batch = (db.prepare('SELECT coalesce(max(batch), 0) AS b FROM crash_batches').get() as { b: number }).b;
process.stdout.write(`ready ${batch}\n`);
for (;;) {
  batch++;
  const n = 20 + Math.floor(Math.random() * 480);
  writeBatch(batch, n);
  // Written only once the commit has returned: a reported batch is a committed one.
  process.stdout.write(`committed ${batch} ${n}\n`);
}
