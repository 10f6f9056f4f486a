// Entry point of the `vigie` command (bundled to out/cli/vigie.cjs, the package's bin).
import { runCli } from './program';

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
};

// Output piped into `head` and the like: a closed pipe ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// exitCode rather than exit(): a large JSON output piped elsewhere is written in full first.
void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
