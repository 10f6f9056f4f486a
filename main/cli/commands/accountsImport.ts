// `vigie accounts import FILE`: the console's CSV import of accounts from the command line,
// as the operator (see ../operator.ts): the same reading, checks, single transaction, audit
// records and rejected-rows file as the Import dialog. `--dry-run` shows what it would do.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_MAX_BYTES } from '../../../shared/contract';
import { VigieError } from '../../../shared/errors';
import { decodeCsvBytes } from '../../imports/accountsCsv';
import { commitImport, previewImport } from '../../services/imports';
import { CliError, EXIT_OK, EXIT_PROBLEM, type Command } from '../command';
import { openForReading, withDatabase } from '../database';
import { printable } from '../format';
import { openForWriting, operatorContext, operatorName } from '../operator';

/** Errors listed by --dry-run without --json; the rest are counted. */
const LISTED_ERRORS = 50;

const IGNORED_REASONS: Record<string, string> = {
  password: 'passwords are never imported',
  'not-importable': 'kept by the console',
  unknown: 'unknown column',
  duplicate: 'column already mapped',
  'error-column': 'errors of a rejected file',
  unmapped: 'not mapped',
};

function readCsvFile(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new CliError(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > IMPORT_MAX_BYTES) throw new CliError(`${file} is too large (${Math.ceil(size / 1024)} KiB; at most ${IMPORT_MAX_BYTES / 1024 / 1024} MiB)`);
  try {
    return decodeCsvBytes(readFileSync(file));
  } catch (error) {
    if (error instanceof VigieError) throw new CliError(`${file}: ${error.message}`);
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A refusal of the service (not a CSV, bad mapping) as one line naming the file. */
async function asCli<T>(file: string, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof VigieError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

export const accountsImport: Command = {
  name: 'accounts import',
  summary: 'Import accounts from a CSV file (same checks as the console; --dry-run to preview)',
  usage: '<file> [--dry-run] [--json]',
  details:
    'The first line names the columns, in French or English (Identifiant, Prénom, Nom, Courriel,\n' +
    'Sites, Droits… or username, firstName, lastName, email, sites, permissions…, as exports write\n' +
    'them); the delimiter (, ; or tab) and the encoding (UTF-8, UTF-16, Windows-1252) are found.\n' +
    'A row whose username exists updates that account (the columns of the file only); the same file\n' +
    'imported twice changes nothing. New accounts get no password: issue one with\n' +
    '`vigie accounts reset-password` or from the console. Password columns are ignored.\n' +
    'Valid rows are imported in one transaction, audited as cli:<your OS user name>; invalid rows go,\n' +
    'with an `error` column, to a CSV in the rejected-imports folder.\n' +
    'Exit code 1 when rows were rejected (the valid ones are imported) or, with --dry-run, are invalid.',
  options: {
    'dry-run': { type: 'boolean', description: 'Only say what the import would do, row by row; change nothing' },
    json: { type: 'boolean', description: 'Print the preview (--dry-run) or the summary as JSON' },
  },
  positionals: { min: 1, max: 1 },
  usesDataDir: true,
  async run(args, io) {
    const file = path.resolve(io.cwd, args.positionals[0]!);
    const shown = printable(args.positionals[0]!);
    const content = readCsvFile(file);
    const input = { fileName: path.basename(file), content };
    const actor = operatorName(io.env);

    if (args.values['dry-run']) {
      const preview = await withDatabase(openForReading(args.dataDir), (db) => asCli(shown, () => previewImport(operatorContext(db, actor, args.dataDir), input)));
      if (args.values.json) {
        io.out(JSON.stringify(preview, null, 2));
        return preview.invalid > 0 ? EXIT_PROBLEM : EXIT_OK;
      }
      io.out(`${shown}: ${preview.rows} row${preview.rows === 1 ? '' : 's'}`);
      io.out('Columns:');
      preview.headers.forEach((header, i) => {
        const column = preview.mapping[i];
        const ignored = preview.ignored.find((g) => g.index === i);
        io.out(`  ${printable(header) || `(column ${i + 1})`} -> ${column ?? `(ignored: ${IGNORED_REASONS[ignored?.reason ?? 'unmapped']})`}`);
      });
      io.out(`Would create ${preview.create}, update ${preview.update}, leave ${preview.unchanged} unchanged; ${preview.invalid} invalid row${preview.invalid === 1 ? '' : 's'}.`);
      if (preview.errors.length > 0) {
        io.out('');
        for (const error of preview.errors.slice(0, LISTED_ERRORS)) io.out(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${printable(error.message)}`);
        const more = preview.errors.length - LISTED_ERRORS;
        if (more > 0) io.out(`  … and ${more}${preview.errors.length >= 1000 ? '+' : ''} more (--json lists them)`);
      }
      io.out('');
      io.out('Nothing was written (--dry-run).');
      return preview.invalid > 0 ? EXIT_PROBLEM : EXIT_OK;
    }

    const summary = await withDatabase(openForWriting(args.dataDir), (db) => asCli(shown, () => commitImport(operatorContext(db, actor, args.dataDir), input)));
    if (args.values.json) {
      io.out(JSON.stringify(summary, null, 2));
      return summary.rejected > 0 ? EXIT_PROBLEM : EXIT_OK;
    }
    io.out(`Imported ${shown}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected.`);
    if (summary.rejectedFile) io.out(`Rejected rows, with an error column: ${printable(summary.rejectedFile)}`);
    if (summary.rejectedFileError) io.out(`The rejected rows could not be written to the rejected-imports folder: ${printable(summary.rejectedFileError)}`);
    if (summary.created > 0) io.out('New accounts have no password yet: issue one with `vigie accounts reset-password <username>` or from the console.');
    io.out(`Recorded in the audit trail as ${actor}.`);
    return summary.rejected > 0 ? EXIT_PROBLEM : EXIT_OK;
  },
};
