// Rejected-imports viewer, CSV core: a generated 1,000,000-row, ~100 MB CSV (semicolons, a
// quoted multi-line comment on 1 row in 200, an error column filled on 1 row in 100) indexed
// in the csvIndex worker thread, as the viewer opens a file. Figures: time to the first rows
// (worker start -> first-rows message; target <= 500 ms), the full index (median of 3) against a bare
// papaparse parse of the same file in the same run (a read stream decoded as UTF-8 into
// Papa.parse with a `chunk` callback that does nothing; target <= 1.5x), the process's peak
// memory while indexing (RSS sampled every 20 ms; it counts the worker thread, which shares the
// process; target <= 2x the file's size), the index's own size, and reading a 100-row window in
// the middle (readRows).
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import { defaultWorkersDir } from '../main/backend';
import { indexCsvFile } from '../main/imports/csv/background';
import type { CsvIndex } from '../main/imports/csv/indexer';
import { readRows } from '../main/imports/csv/rows';
import type { BenchContext } from './context';
import { median, timed, type Figure } from './measure';

export const CSV_ROWS = 1_000_000;
const FIRST = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Emma', 'Gabriel', 'Yuki', 'Haruto', 'Sakura', 'Ren', 'Manon', 'Jules'];
const CITIES = ['Lyon', 'Paris', 'Tokyo', 'Osaka', 'Nantes', 'Lille', 'Bordeaux', 'Kyoto'];

/**
 * Writes the generated file (in batches: the text of the whole file is never held). Plain
 * JavaScript run in a worker thread: its garbage goes with the thread, so the memory measured
 * afterwards starts from this process's own baseline.
 */
const GENERATOR = `
const { openSync, writeSync, closeSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { file, rows, first, cities } = workerData;
const fd = openSync(file, 'w');
writeSync(fd, '\\uFEFFid;username;first_name;last_name;email;phone;city;amount;date;comment;error\\r\\n');
let batch = [];
for (let i = 1; i <= rows; i++) {
  const comment = i % 200 === 0 ? '"Called back; said ""later""\\r\\nsecond line of the note ' + i + '"' : i % 7 === 0 ? 'VIP customer' : '';
  const error = i % 100 === 3 ? "email: 'user." + i + "@' is not an e-mail address" : '';
  const email = error ? 'user.' + i + '@' : 'user.' + i + '@example.com';
  batch.push([i, 'user.' + i, first[i % first.length], 'Martin ' + i, email, '+33 6 ' + String(i).padStart(8, '0'), cities[i % cities.length], (i % 9973) / 10, '2026-06-' + String((i % 28) + 1).padStart(2, '0'), comment, error].join(';'));
  if (batch.length === 10000) { writeSync(fd, batch.join('\\r\\n') + '\\r\\n'); batch = []; }
}
if (batch.length) writeSync(fd, batch.join('\\r\\n') + '\\r\\n');
closeSync(fd);
`;

export function writeRejectedCsv(file: string, rows: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(GENERATOR, { eval: true, workerData: { file, rows, first: FIRST, cities: CITIES } });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the generator stopped with code ${code}`))));
  });
}

/** Papaparse alone over the same file: the yardstick. */
function barePapaparse(file: string): Promise<number> {
  let rows = 0;
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
    stream.on('error', reject);
    Papa.parse<string[]>(stream as unknown as File, {
      delimiter: ';',
      newline: '\n',
      chunk: (results) => void (rows += results.data.length),
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

interface Indexed {
  index: CsvIndex;
  firstRowsMs: number;
  totalMs: number;
  peakRss: number;
  progressMessages: number;
}

async function indexInWorker(file: string): Promise<Indexed> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  let firstRowsMs = -1;
  let progressMessages = 0;
  const started = performance.now();
  try {
    const index = await indexCsvFile({ workersDir: defaultWorkersDir(), databaseFile: '' }, file, {
      onFirstRows: () => (firstRowsMs = performance.now() - started),
      onProgress: () => progressMessages++,
    });
    return { index, firstRowsMs, totalMs: performance.now() - started, peakRss: Math.max(peakRss, process.memoryUsage().rss), progressMessages };
  } finally {
    clearInterval(sampler);
  }
}

const MB = 1e6;

export async function rejectedCsvBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const dir = ctx.tempDir('rejected-csv-');
  const file = path.join(dir, 'accounts-rejected.csv');
  const generating = performance.now();
  await writeRejectedCsv(file, CSV_ROWS);
  const size = statSync(file).size;
  ctx.log(`  wrote ${CSV_ROWS.toLocaleString('en')} rows, ${(size / MB).toFixed(1)} MB, in ${Math.round(performance.now() - generating)} ms`);

  // The page cache warm (the file read once). The first index is measured alone for memory: it
  // then starts from this process's own baseline, not from papaparse's garbage.
  await new Promise<void>((resolve, reject) => createReadStream(file, { highWaterMark: 1024 * 1024 }).on('data', () => undefined).on('end', resolve).on('error', reject));
  const baseRss = process.memoryUsage().rss;
  const { index, ...firstRun } = await indexInWorker(file);
  if (index.rowCount !== CSV_ROWS) throw new Error(`indexed ${index.rowCount} rows, expected ${CSV_ROWS}`);
  // Then rounds of both, one after the other, so that the load of the machine weighs on both
  // alike; wall time and CPU time of every thread (the worker's included).
  await barePapaparse(file);
  const runs: Omit<Indexed, 'index'>[] = [firstRun];
  const indexCpu: number[] = [];
  const bareTimes: number[] = [];
  const bareCpu: number[] = [];
  let bareRows = 0;
  for (let i = 0; i < 3; i++) {
    let cpu = process.cpuUsage();
    const { index: _again, ...run } = await indexInWorker(file);
    let used = process.cpuUsage(cpu);
    indexCpu.push((used.user + used.system) / 1000);
    if (i > 0) runs.push(run); // three index runs in all, the first one included
    cpu = process.cpuUsage();
    bareTimes.push(await timed(async () => void (bareRows = await barePapaparse(file))));
    used = process.cpuUsage(cpu);
    bareCpu.push((used.user + used.system) / 1000);
  }
  const bare = median(bareTimes);
  const total = median(runs.map((r) => r.totalMs));
  const papa = { name: 'bare papaparse, same file (read stream + chunk)', value: bare, unit: 'ms' };

  const middle = Math.floor(CSV_ROWS / 2);
  const windows: number[] = [];
  for (let i = 0; i < 20; i++) windows.push(await timed(() => readRows(file, index, middle + i * 1000, 100)));

  const indexBytes = index.rowStarts.reduce((n, c) => n + c.byteLength, 0) + index.errorRows.byteLength + index.raggedRows.byteLength;
  const peak = firstRun.peakRss;
  return [
    { benchmark: 'rejected CSV', figure: `first rows of a ${(size / MB).toFixed(0)} MB file (worker start -> message; target <= 500 ms)`, value: median(runs.map((r) => r.firstRowsMs)), unit: 'ms' },
    {
      benchmark: 'rejected CSV',
      figure: `index ${CSV_ROWS.toLocaleString('en')} rows in the worker (target <= 1.5x)`,
      value: total,
      unit: 'ms',
      yardstick: papa,
      ratio: total / bare,
      note: `${(size / MB / (total / 1000)).toFixed(0)} MB/s; ${index.errorRows.length.toLocaleString('en')} rows with errors, ${index.groups.length} message groups; papaparse alone saw ${bareRows.toLocaleString('en')} records; ${runs[0]!.progressMessages} progress messages`,
    },
    {
      benchmark: 'rejected CSV',
      figure: '  CPU time of the index, all threads (median of 3)',
      value: median(indexCpu),
      unit: 'ms',
      yardstick: { name: 'bare papaparse CPU time', value: median(bareCpu), unit: 'ms' },
      ratio: median(indexCpu) / median(bareCpu),
    },
    {
      benchmark: 'rejected CSV',
      figure: 'peak RSS of the process while indexing (target <= 2x the file)',
      value: peak / MB,
      unit: 'MB',
      yardstick: { name: 'file size', value: size / MB, unit: 'MB' },
      ratio: peak / size,
      note: `this bench process holds ${(baseRss / MB).toFixed(0)} MB before indexing (every benchmark and the app's modules loaded)`,
    },
    {
      benchmark: 'rejected CSV',
      figure: '  of which indexing added (peak - before)',
      value: (peak - baseRss) / MB,
      unit: 'MB',
      yardstick: { name: 'file size', value: size / MB, unit: 'MB' },
      ratio: (peak - baseRss) / size,
    },
    { benchmark: 'rejected CSV', figure: '  the index itself (offsets, error and ragged rows)', value: indexBytes / MB, unit: 'MB' },
    { benchmark: 'rejected CSV', figure: 'readRows: a 100-row window in the middle (median of 20)', value: median(windows), unit: 'ms' },
  ];
}
