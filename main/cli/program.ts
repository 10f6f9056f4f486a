// The `vigie` command line: finds the command in the table, parses its options with
// node:util's parseArgs, runs it, and turns failures into one line on stderr and an exit code.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VIGIE_VERSION } from '../backend';
import { defaultDataDir } from '../db/dataDir';
import { CliError, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command, type CommandArgs, type OptionSpec } from './command';
import { COMMANDS } from './commands';

interface GlobalOptions {
  dataDir?: string;
  help: boolean;
  version: boolean;
  rest: string[];
}

/** Takes the options valid anywhere on the line out of argv. */
function splitGlobalOptions(argv: readonly string[]): GlobalOptions {
  const found: GlobalOptions = { help: false, version: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      found.rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--data-dir') {
      const value = argv[i + 1];
      if (value === undefined || value === '') throw new UsageError('--data-dir needs a directory');
      found.dataDir = value;
      i++;
    } else if (arg.startsWith('--data-dir=')) {
      const value = arg.slice('--data-dir='.length);
      if (!value) throw new UsageError('--data-dir needs a directory');
      found.dataDir = value;
    } else if (arg === '--help' || arg === '-h') {
      found.help = true;
    } else if (arg === '--version') {
      found.version = true;
    } else {
      found.rest.push(arg);
    }
  }
  return found;
}

export function resolveCliDataDir(flag: string | undefined, io: CliIo): string {
  if (flag) return path.resolve(io.cwd, flag);
  if (io.env.VIGIE_DATA_DIR) return path.resolve(io.cwd, io.env.VIGIE_DATA_DIR);
  return defaultDataDir(io.env);
}

/** The longest command name made of the first words of the line. */
function findCommand(words: readonly string[], commands: readonly Command[]): { command?: Command; used: number } {
  for (let n = Math.min(words.length, 3); n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, used: n };
  }
  return { used: 0 };
}

function leadingWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(1, width - text.length));
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} ${spec.value ?? 'VALUE'}` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

export function generalHelp(commands: readonly Command[], io: CliIo): string {
  const synopses: [string, string][] = commands.map((c) => [c.name, c.summary]);
  synopses.push(['help <command>', 'Show the options of a command']);
  const width = Math.max(...synopses.map(([s]) => s.length)) + 3;
  return [
    `vigie ${VIGIE_VERSION}: Vigie's command line (the console's data and services, without a window)`,
    '',
    'Usage: vigie [--data-dir DIR] <command> [options]',
    '',
    'Commands:',
    ...synopses.map(([s, summary]) => `  ${pad(s, width)}${summary}`),
    '',
    'Options for every command:',
    `  --data-dir DIR   Data directory (else $VIGIE_DATA_DIR, else ${defaultDataDir(io.env)})`,
    '  -h, --help       Show help (`vigie <command> --help` for one command)',
    '  --version        Show the version',
    '',
    'Exit codes: 0 ok, 1 a problem was found or the operation failed, 2 wrong usage.',
    'Set VIGIE_DEBUG=1 to see the stack trace of an unexpected error.',
  ].join('\n');
}

export function commandHelp(command: Command, io: CliIo): string {
  const options: [string, string][] = Object.entries(command.options ?? {}).map(([name, spec]) => [optionLabel(name, spec), spec.description]);
  if (command.usesDataDir) options.push(['--data-dir DIR', `Data directory (else $VIGIE_DATA_DIR, else ${defaultDataDir(io.env)})`]);
  options.push(['-h, --help', 'Show this help']);
  const width = Math.max(...options.map(([label]) => label.length)) + 3;
  return [
    `Usage: vigie ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    '',
    'Options:',
    ...options.map(([label, description]) => `  ${pad(label, width)}${description}`),
  ].join('\n');
}

function parseCommandArgs(command: Command, args: string[]): Omit<CommandArgs, 'dataDir'> {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    // parseArgs's messages are clear ("Unknown option '--x'"); keep only the first sentence.
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/\.$/, ''), command);
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min) throw new UsageError(`${command.name}: missing argument (${command.usage})`, command);
  if (parsed.positionals.length > max) throw new UsageError(`${command.name}: unexpected argument '${parsed.positionals[max]}'`, command);
  return parsed;
}

async function dispatch(argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const global = splitGlobalOptions(argv);
  if (global.version) {
    io.out(VIGIE_VERSION);
    return EXIT_OK;
  }
  const words = leadingWords(global.rest);
  if (words[0] === 'help') {
    if (words.length === 1) {
      io.out(generalHelp(commands, io));
      return EXIT_OK;
    }
    const { command, used } = findCommand(words.slice(1), commands);
    if (!command || used !== words.length - 1) throw new UsageError(`no help for unknown command: ${words.slice(1).join(' ')}`);
    io.out(commandHelp(command, io));
    return EXIT_OK;
  }
  if (global.rest.length === 0) {
    if (global.help) {
      io.out(generalHelp(commands, io));
      return EXIT_OK;
    }
    throw new UsageError('no command given');
  }
  const { command, used } = findCommand(words, commands);
  if (!command) {
    const group = commands.filter((c) => c.name.startsWith(`${words[0]} `));
    if (words.length > 0 && group.length > 0) {
      const choices = group.map((c) => c.name.split(' ')[1]).join(', ');
      throw new UsageError(words.length === 1 ? `'${words[0]}' needs one of: ${choices}` : `unknown command: ${words.slice(0, 2).join(' ')} ('${words[0]}' has: ${choices})`);
    }
    throw new UsageError(words.length ? `unknown command: ${words.join(' ')}` : `unknown option: ${global.rest[0]}`);
  }
  if (global.help) {
    io.out(commandHelp(command, io));
    return EXIT_OK;
  }
  const parsed = parseCommandArgs(command, global.rest.slice(used));
  return command.run({ ...parsed, dataDir: resolveCliDataDir(global.dataDir, io) }, io);
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  try {
    return await dispatch(argv, io, commands);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`vigie: ${error.message}`);
      io.err('');
      io.err(error.command ? commandHelp(error.command, io) : generalHelp(commands, io));
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.err(`vigie: ${error.message}`);
      return error.exitCode;
    }
    io.err(`vigie: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (io.env.VIGIE_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack);
    else io.err('(set VIGIE_DEBUG=1 to see the details)');
    return 1;
  }
}
