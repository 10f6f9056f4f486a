// `--demo`: fills the data dir with the sample data of main/services/demo.ts (through the real
// router) before the bridge opens it, and gives back the sample Manager's sign-in, which the
// sign-in screen shows (app.health `demo`).
import { seedDemo, type DemoCredentials } from '../../../main/services/demo';

export async function prepareDemoDataDir(dataDir: string, log: (message: string) => void): Promise<DemoCredentials> {
  log(`--demo: filling ${dataDir} with sample data…`);
  const started = Date.now();
  const credentials = await seedDemo(dataDir);
  log(`--demo: sample data ready in ${Date.now() - started} ms`);
  return credentials;
}
