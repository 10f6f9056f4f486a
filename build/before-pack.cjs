// electron-builder beforePack hook (electron-builder.yml): refuses to package without the
// better-sqlite3 binary built for this Electron, platform and CPU, which
// `node scripts/start.mjs --native-only` leaves in .cache/electron-native/package/.
// Without it the packaged console would open on its "database unavailable" screen.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

exports.default = async function beforePack(context) {
  const root = context.packager.projectDir;
  const dir = path.join(root, '.cache', 'electron-native', 'package');
  const stampFile = path.join(dir, 'stamp.json');
  const fix = 'run `node scripts/start.mjs --native-only` on the target OS and CPU first';
  if (!existsSync(path.join(dir, 'better_sqlite3.node')) || !existsSync(stampFile)) {
    throw new Error(`better-sqlite3 for Electron is missing from ${dir}: ${fix}`);
  }
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const wanted = { electronVersion, platform: context.electronPlatformName, arch };
  for (const [key, value] of Object.entries(wanted)) {
    if (stamp[key] !== value) throw new Error(`the packaged better-sqlite3 is for ${key} ${stamp[key]}, this package needs ${value}: ${fix}`);
  }
};
