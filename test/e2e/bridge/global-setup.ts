// Fails the e2e run at once, with the fix, when the build the tests drive is missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default function globalSetup(): void {
  const missing = ['out/bridge/server.cjs', 'out/bridge/shim.js'].filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(', ')}: run \`npm run build\` first (\`npm test\` builds before the e2e tests).`);
  }
  if (!existsSync(path.join(root, 'out/renderer/index.html'))) {
    // The protocol tests (bridge.spec.ts) do not need it; the UI tests do.
    console.warn('warning: out/renderer/index.html is missing; UI tests will fail. Run `npm run build`.');
  }
}
