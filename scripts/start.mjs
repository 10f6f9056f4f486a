// `npm start [-- --demo | --data-dir DIR]`: builds Vigie, makes sure better-sqlite3 exists
// built for the installed Electron (in .cache/electron-native/, apart from the Node build in
// node_modules used by `npm test` and the CLI), then opens the console in Electron.
//
// Own options (before a literal `--`, or anywhere when npm already removed it):
//   --no-build        skip `node scripts/build.mjs`
//   --rebuild-native  rebuild the Electron binary of better-sqlite3 even if one is cached
//   --native-only     only prepare that binary and copy it to .cache/electron-native/package/
//                     for electron-builder (see electron-builder.yml); do not launch
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyForPackaging, electronBinary, ensureElectronBinding, launchArgs, launchEnv, splitStartArgs } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[vigie start] ${message}`);

function fail(message) {
  console.error(`\n[vigie start] ${message}\n`);
  process.exit(1);
}

let split;
try {
  split = splitStartArgs(process.argv.slice(2));
} catch (error) {
  fail(error.message);
}
const { options, appArgs } = split;

if (!options.has('--no-build') && !options.has('--native-only')) {
  say('building (node scripts/build.mjs)…');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) fail('the build failed (see above); fix it and run `npm start` again.');
}

let binding;
try {
  binding = ensureElectronBinding(root, { force: options.has('--rebuild-native'), log: say });
} catch (error) {
  fail(error.message);
}
if (options.has('--native-only')) {
  say(`better-sqlite3 for Electron, ready for electron-builder: ${path.relative(root, copyForPackaging(root, binding))}`);
  process.exit(0);
}

let electron;
try {
  electron = electronBinary(root, { log: say });
} catch (error) {
  fail(error.message);
}

say(`opening Vigie${appArgs.length ? ` with ${appArgs.join(' ')}` : ''}`);
const child = spawn(electron, launchArgs(root, appArgs), { cwd: root, stdio: 'inherit', env: launchEnv(process.env, binding) });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`could not start Electron (${electron}): ${error.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
