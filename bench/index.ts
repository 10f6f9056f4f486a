// `npm run bench`: runs each benchmark, prints its figures with the ratio to its yardstick,
// and writes bench/results/latest.json. Benchmarks measure; they assert nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VIGIE_VERSION } from '../main/backend';
import { accountsBenchmark } from './accounts';
import { accountsUiBenchmark } from './accountsUi';
import { auditBenchmark } from './audit';
import { coldStartBenchmark } from './coldstart';
import { createBenchContext, type BenchContext } from './context';
import { exportsBenchmark } from './exports';
import { importsBenchmark } from './imports';
import { liveTailBenchmark } from './liveTail';
import { logSearchBenchmark } from './logSearch';
import { logsBenchmark } from './logs';
import { rejectedCsvBenchmark } from './rejectedCsv';
import { rejectedUiBenchmark } from './rejectedUi';
import { round, type Figure } from './measure';
import { routerBenchmark } from './router';
import { securityBenchmark } from './security';
import { signInBenchmark } from './signin';

export const BENCHMARKS: Record<string, (ctx: BenchContext) => Promise<Figure[]>> = {
  router: routerBenchmark,
  audit: auditBenchmark,
  'sign-in': signInBenchmark,
  'cold start': coldStartBenchmark,
  security: securityBenchmark,
  accounts: accountsBenchmark,
  'accounts UI': accountsUiBenchmark,
  imports: importsBenchmark,
  exports: exportsBenchmark,
  logs: logsBenchmark,
  'log search': logSearchBenchmark,
  'live tail': liveTailBenchmark,
  'rejected CSV': rejectedCsvBenchmark,
  'rejected UI': rejectedUiBenchmark,
};

function table(figures: readonly Figure[]): string {
  const rows = [
    ['BENCHMARK', 'FIGURE', 'VALUE', 'YARDSTICK', 'RATIO'],
    ...figures.map((f) => [
      f.benchmark,
      f.figure,
      `${round(f.value).toLocaleString('en')} ${f.unit}`,
      f.yardstick ? `${f.yardstick.name}: ${round(f.yardstick.value).toLocaleString('en')} ${f.yardstick.unit}` : '-',
      f.ratio === undefined ? '-' : `${round(f.ratio)}x`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 2 || i === 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export async function runBenchmarks(options: { root: string; only?: readonly string[] }): Promise<Figure[]> {
  const names = options.only?.length ? options.only : Object.keys(BENCHMARKS);
  for (const name of names) if (!BENCHMARKS[name]) throw new Error(`unknown benchmark: ${name} (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const ctx = createBenchContext((message) => console.log(message));
  const figures: Figure[] = [];
  const started = performance.now();
  try {
    for (const name of names) {
      const t = performance.now();
      console.log(`${name}…`);
      figures.push(...(await BENCHMARKS[name]!(ctx)));
      console.log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    ctx.cleanUp();
  }
  console.log('');
  console.log(table(figures));
  for (const f of figures) if (f.note) console.log(`  ${f.benchmark} / ${f.figure}: ${f.note}`);

  const resultsDir = path.join(options.root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const report = {
    vigie: VIGIE_VERSION,
    at: new Date().toISOString(),
    seconds: round((performance.now() - started) / 1000),
    machine: { node: process.version, platform: `${process.platform} ${os.release()}`, arch: process.arch, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30) },
    figures: figures.map((f) => ({ ...f, value: round(f.value, 4), ...(f.ratio === undefined ? {} : { ratio: round(f.ratio, 4) }), ...(f.yardstick ? { yardstick: { ...f.yardstick, value: round(f.yardstick.value, 4) } } : {}) })),
  };
  const file = path.join(resultsDir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWritten to ${path.relative(options.root, file)} in ${report.seconds} s.`);
  return figures;
}
