// What a `vigie` command is. Later issues add a command by writing one of these and listing
// it in commands/index.ts; parsing, help and error handling are shared (program.ts).

export interface CliIo {
  /** Writes one line (or block) to stdout. */
  out(text: string): void;
  /** Writes one line (or block) to stderr. */
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** Name of the value in help, for string options: `--expect <SEQ:HASH>`. */
  value?: string;
  description: string;
}

export interface CommandArgs {
  /** Option values, as node:util parseArgs returns them. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The data directory: --data-dir, else VIGIE_DATA_DIR, else the default for this OS. */
  dataDir: string;
}

export interface Command {
  /** One or two words: `db check`. */
  name: string;
  summary: string;
  /** What follows the name in the synopsis: `<file> [--force]`. */
  usage: string;
  /** Longer help, shown by `vigie help <command>`. */
  details?: string;
  options?: Record<string, OptionSpec>;
  positionals?: { min: number; max: number };
  /** Does the command read the data directory (help shows --data-dir for those)? */
  usesDataDir?: boolean;
  /** Returns the exit code: 0 ok, 1 a problem was found or the operation failed. */
  run(args: CommandArgs, io: CliIo): Promise<number> | number;
}

/** A failure to report in one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad command line: usage goes to stderr and the exit code is 2. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;
