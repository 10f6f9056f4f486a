// `--demo`: fills the data dir with the sample data of main/services/demo.ts (through the real
// router) before the bridge opens it, and gives back the sample Manager's sign-in, which the
// sign-in screen shows (app.health `demo`).
import type { SecretStore } from '../../../main/secrets';
import { seedDemo, type DemoCredentials } from '../../../main/services/demo';

/** `secrets`: the keychain the bridge's backend will use, so it can open the sample two-factor secrets. */
export async function prepareDemoDataDir(dataDir: string, log: (message: string) => void, secrets?: SecretStore): Promise<DemoCredentials> {
  log(`--demo: filling ${dataDir} with sample data…`);
  const started = Date.now();
  const credentials = await seedDemo(dataDir, { ...(secrets ? { secrets } : {}), log });
  log(`--demo: sample data ready in ${Date.now() - started} ms`);
  return credentials;
}
