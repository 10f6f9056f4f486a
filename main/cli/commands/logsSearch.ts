// `vigie logs search <file|folder> <pattern>`: the lines of whole log files (`.gz` included)
// that match, like grep: exit 0 when some line matches, 1 when none does. Needs no data
// directory (it reads log files only). Runs in this process: Ctrl-C stops it.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VigieError } from '../../../shared/errors';
import { DEFAULT_MAX_MATCHES } from '../../logs/search';
import { searchFiles } from '../../workers/logSearch';
import { CliError, EXIT_OK, EXIT_PROBLEM, UsageError, type Command } from '../command';
import { printable } from '../format';

/** The file itself, or a folder's `*.log*` files (not its subfolders; links leading out of it are skipped), by name. */
export async function logFilesOf(target: string): Promise<string[]> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${target}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  if (!info.isDirectory()) return [target];
  const folder = await realpath(target);
  const names = (await readdir(folder)).filter((name) => name.includes('.log')).sort();
  const files: string[] = [];
  for (const name of names) {
    try {
      const real = await realpath(path.join(folder, name));
      if (path.dirname(real) !== folder) continue;
      if ((await stat(real)).isFile()) files.push(real);
    } catch {
      // a dangling link or an entry removed meanwhile: not a log file to search
    }
  }
  return files;
}

export const logsSearch: Command = {
  name: 'logs search',
  summary: 'Search whole log files (.gz included) for a text or a regex, like grep',
  usage: '<file|folder> <pattern> [--regex] [--ignore-case] [--max N] [--json]',
  details:
    'A folder means its *.log* files (rotated and .gz ones included, not its subfolders).\n' +
    'Prints FILE:LINE: TEXT for each matching line (lines longer than 2,000 characters are cut\n' +
    'around the match), or with --json one object a line: {file, line, offset, text}.\n' +
    'Exit code 0 when some line matches, 1 when none does (or a file cannot be read), 2 wrong usage.',
  options: {
    regex: { type: 'boolean', short: 'E', description: 'PATTERN is a JavaScript regular expression (else a plain text)' },
    'ignore-case': { type: 'boolean', short: 'i', description: 'Ignore case' },
    max: { type: 'string', value: 'N', description: `Stop after N matching lines (default ${DEFAULT_MAX_MATCHES.toLocaleString('en')})` },
    json: { type: 'boolean', description: 'One JSON object a line: file, line, offset, text' },
  },
  positionals: { min: 2, max: 2 },
  async run(args, io) {
    const [target, pattern] = args.positionals as [string, string];
    let max = DEFAULT_MAX_MATCHES;
    if (typeof args.values.max === 'string') {
      max = Number(args.values.max);
      if (!/^\d+$/.test(args.values.max) || max < 1) throw new UsageError('logs search: --max needs a whole number of 1 or more', this);
    }
    const json = args.values.json === true;
    const files = await logFilesOf(path.resolve(io.cwd, target));
    if (files.length === 0) throw new CliError(`${target}: no *.log* file in this folder`);
    const shown = (file: string) => (files.length === 1 ? target : path.relative(io.cwd, file) || file);
    try {
      const result = await searchFiles(
        { files, pattern, regex: args.values.regex === true, caseSensitive: args.values['ignore-case'] !== true, maxMatches: max },
        () => undefined,
        ({ file, matches }) => {
          for (const m of matches) io.out(json ? JSON.stringify({ file, line: m.line, offset: m.offset, text: m.text }) : `${printable(shown(file))}:${m.line}: ${printable(m.text)}`);
        },
      );
      for (const e of result.errors) io.err(`vigie: ${e.message}`);
      if (result.limitReached) io.err(`vigie: stopped after ${max.toLocaleString('en')} matching lines (--max)`);
      return result.matches > 0 ? EXIT_OK : EXIT_PROBLEM;
    } catch (error) {
      if (error instanceof VigieError && error.code === 'INVALID_INPUT') throw new UsageError(`logs search: ${error.message}`, this);
      if (error instanceof VigieError) throw new CliError(error.message);
      throw error;
    }
  },
};
