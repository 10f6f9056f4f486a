// Worker threads load bundled code (out/workers/*.cjs), as they do in the app: build it once
// before the tests, so a test of an export or an import runs the current source.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', 'workers', '--quiet'], { stdio: 'inherit' });
}
