// The secret store against the REAL OS keychain (gnome-keyring over D-Bus on Linux CI).
// Run outside a Secret Service, these tests fail and say how to run them; they are skipped
// only when VIGIE_SKIP_KEYCHAIN_TESTS=1 is set on purpose (never by .ci/run).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKeychain, createSecretStore, MAX_SECRET_LENGTH, SecretNameError, type SecretStore } from '../../main/secrets';
import { makeTempDir, removeTempDirs } from '../support/tempDir';

// Registered here at the top level: makeTempDir's own hook is not taken when it is first
// called from inside a hook.
afterAll(removeTempDirs);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const skip = process.env.VIGIE_SKIP_KEYCHAIN_TESTS === '1';

const HOW_TO_RUN = [
  'The keychain tests need a real, unlocked Secret Service (they never fall back to anything else).',
  'On Linux run them inside a private D-Bus session with gnome-keyring, as .ci/run does:',
  "  XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- bash -c 'echo -n ci-pass | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null; npx vitest run test/integration/secrets.test.ts'",
  '(Debian: apt-get install gnome-keyring dbus). To skip them on purpose: VIGIE_SKIP_KEYCHAIN_TESTS=1.',
].join('\n');

// Each run uses its own service name, so it never reads or removes a real Vigie secret.
const service = `vigie-test-${randomBytes(4).toString('hex')}`;
const BOGUS_BUS = 'unix:path=/nonexistent/vigie-test-bus';

/** Natives stay external (as in scripts/build.mjs): children find them in our node_modules. */
const childEnv = (extra: Record<string, string> = {}) => ({ ...process.env, NODE_PATH: path.join(root, 'node_modules'), ...extra });

let privateCli: Promise<string> | undefined;
/**
 * The real `vigie` CLI, bundled like scripts/build.mjs does but into a private file, so this
 * file never rewrites out/cli/vigie.cjs while cli.test.ts runs it in parallel.
 */
function vigieCli(): Promise<string> {
  privateCli ??= (async () => {
    const outfile = path.join(makeTempDir('vigie-secrets-cli-'), 'vigie.cjs');
    await build({ entryPoints: [path.join(root, 'main/cli/vigie.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3', '@napi-rs/keyring', '@node-rs/argon2'], logLevel: 'error' });
    return outfile;
  })();
  return privateCli;
}

describe.skipIf(skip)('secret store on the OS keychain', () => {
  let store: SecretStore;
  const used = new Set<string>();
  const named = (name: string) => (used.add(name), name);

  beforeAll(async () => {
    const status = await checkKeychain({ service });
    if (!status.available) throw new Error(`${HOW_TO_RUN}\nKeychain problem: ${status.reason}`);
    store = createSecretStore({ service });
  });

  afterAll(async () => {
    if (store) for (const name of used) await store.delete(name);
  });

  it('sets, gets, overwrites and deletes a secret', async () => {
    const name = named('erp.apiKey');
    expect(await store.get(name)).toBeNull();
    expect(await store.has(name)).toBe(false);

    await store.set(name, 'first-key-0123456789');
    expect(await store.get(name)).toBe('first-key-0123456789');
    expect(await store.has(name)).toBe(true);

    await store.set(name, 'second-key-9876543210');
    expect(await store.get(name)).toBe('second-key-9876543210');

    expect(await store.delete(name)).toBe(true);
    expect(await store.get(name)).toBeNull();
    expect(await store.has(name)).toBe(false);
    expect(await store.delete(name)).toBe(false);
  });

  it('keeps Unicode and long values exactly', async () => {
    const values = ['mot de passe : àéèçœ « » ', 'パスワード🔑秘密', 'a\u0301 vs \u00e1', 'x'.repeat(MAX_SECRET_LENGTH), ' spaces around '];
    const name = named('smtp.password');
    for (const value of values) {
      await store.set(name, value);
      expect(await store.get(name)).toBe(value);
    }
  });

  it('keeps secrets of different names and services apart', async () => {
    const other = createSecretStore({ service: `${service}-other` });
    await store.set(named('smtp.password'), 'in the first service');
    await store.set(named('erp.password'), 'another name');
    expect(await other.get('smtp.password')).toBeNull();
    await other.set('smtp.password', 'in the second service');
    expect(await store.get('smtp.password')).toBe('in the first service');
    expect(await store.get('erp.password')).toBe('another name');
    expect(await other.delete('smtp.password')).toBe(true);
    expect(await store.get('smtp.password')).toBe('in the first service');
  });

  it('refuses names outside the allow-list and empty or oversized values', async () => {
    for (const bad of ['', 'Erp', 'erp password', '../erp', 'erp/key', 'erp.', '.erp', 'é', 'x'.repeat(65), 'erp\npassword']) {
      await expect(store.set(bad, 'value'), bad).rejects.toBeInstanceOf(SecretNameError);
      await expect(store.get(bad), bad).rejects.toBeInstanceOf(SecretNameError);
    }
    await expect(store.set(named('erp.password'), '')).rejects.toThrow(/non-empty/);
    await expect(store.set(named('erp.password'), 'x'.repeat(MAX_SECRET_LENGTH + 1))).rejects.toThrow(/limited/);
    expect(() => createSecretStore({ service: 'Not A Service' })).toThrow(/invalid keychain service name/);
  });

  it('reports the keychain available, and `vigie keychain check` agrees', async () => {
    expect(await checkKeychain({ service })).toEqual({ available: true, backend: expect.any(String) });
    const run = spawnSync(process.execPath, [await vigieCli(), 'keychain', 'check'], { cwd: root, encoding: 'utf8', env: childEnv() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Keychain ok: /);
  });
});

describe.runIf(process.platform === 'linux')('keychain unavailable (child process with a D-Bus address that leads nowhere)', () => {
  /** Runs checkKeychain and a store write in a child whose D-Bus address points nowhere. */
  async function inBrokenSession(): Promise<{ check: { available: boolean; problem?: string; reason?: string; hint?: string }; store: { name: string; message: string; hint: string } }> {
    const outfile = path.join(makeTempDir('vigie-secrets-child-'), 'child.cjs');
    await build({
      stdin: {
        contents: `
          import { checkKeychain, createSecretStore } from './main/secrets';
          (async () => {
            const check = await checkKeychain({ service: ${JSON.stringify(service)} });
            let store = null;
            try { await createSecretStore({ service: ${JSON.stringify(service)} }).set('erp.password', 'never-written'); }
            catch (error) { store = { name: error.name, message: error.message, hint: error.hint }; }
            process.stdout.write(JSON.stringify({ check, store }));
          })();`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      external: ['@napi-rs/keyring'],
      logLevel: 'error',
    });
    const run = spawnSync(process.execPath, [outfile], { cwd: root, encoding: 'utf8', env: childEnv({ DBUS_SESSION_BUS_ADDRESS: BOGUS_BUS }), timeout: 30_000 });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout);
  }

  it('says the keychain is unavailable, why, and what to do; the store refuses to write', async () => {
    const { check, store } = await inBrokenSession();
    expect(check.available).toBe(false);
    expect(check.problem).toBe('no-session-bus');
    expect(check.reason).toMatch(/D-Bus session bus/);
    expect(check.reason).toContain('/nonexistent/vigie-test-bus');
    expect(check.hint).toMatch(/DBUS_SESSION_BUS_ADDRESS|dbus-run-session/);
    expect(store).toMatchObject({ name: 'KeychainError', message: expect.stringMatching(/D-Bus session bus/), hint: expect.stringMatching(/dbus-run-session/) });
  });

  it('`vigie keychain check` exits 1 with the reason and the hint', async () => {
    const cli = await vigieCli();
    const env = childEnv({ DBUS_SESSION_BUS_ADDRESS: BOGUS_BUS });
    const run = spawnSync(process.execPath, [cli, 'keychain', 'check'], { cwd: root, encoding: 'utf8', env });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^vigie: the keychain cannot be used: Secret Service \(D-Bus\): no D-Bus session bus could be reached/);
    expect(run.stderr).toMatch(/\nWhat to do: .*dbus-run-session/);
    const json = spawnSync(process.execPath, [cli, 'keychain', 'check', '--json'], { cwd: root, encoding: 'utf8', env });
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ available: false, problem: 'no-session-bus' });
  });
});
