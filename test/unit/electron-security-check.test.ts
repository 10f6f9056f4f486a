// Proves that `npm run check:electron` fails on the regressions it exists for: each test plants
// one in a scanned copy of the sources (the real files are never changed) and expects the
// finding. A check that cannot fail would protect nothing.
import { describe, expect, test } from 'vitest';
import { cspProblems, scanElectronSecurity, scannedFiles, strayWindowConstructions } from '../../scripts/check-electron-security.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WINDOW = 'main/app/windowOptions.ts';
const SHELL = 'main/app/index.ts';

/** Scans with `edit` applied to one file; fails the test if the edit did not apply. */
async function scanWith(file: string, edit: (text: string) => string) {
  let applied = false;
  const result = await scanElectronSecurity({
    transform: (relative, text) => {
      if (relative.split(path.sep).join('/') !== file) return text;
      const changed = edit(text);
      applied = changed !== text;
      return changed;
    },
  });
  expect(applied, `the planted regression did not apply to ${file}`).toBe(true);
  return result.failures.join('\n');
}

describe('check:electron', { timeout: 60_000 }, () => {
  test('passes on the sources as they are, scanning the shell, the preload and the renderer page', async () => {
    const result = await scanElectronSecurity();
    expect(result.failures).toEqual([]);
    expect(result.scanned).toEqual(expect.arrayContaining([WINDOW, SHELL, 'main/app/ipc.ts', 'preload/index.ts', 'renderer/index.html', 'package.json']));
    expect(result.checks.atomic).toBeGreaterThan(30);
  });

  test('fails when contextIsolation is turned off', async () => {
    expect(await scanWith(WINDOW, (t) => t.replace('contextIsolation: true', 'contextIsolation: false'))).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
  });

  test('fails on each weakened web preference', async () => {
    const failures = await scanWith(WINDOW, (t) =>
      t
        .replace('sandbox: true', 'sandbox: false')
        .replace('webSecurity: true', 'webSecurity: false')
        .replace('allowRunningInsecureContent: false', 'allowRunningInsecureContent: true')
        .replace('experimentalFeatures: false', 'experimentalFeatures: true')
        .replace("disableBlinkFeatures: 'Auxclick'", "disableBlinkFeatures: ''"),
    );
    for (const id of ['SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'INSECURE_CONTENT_JS_CHECK', 'EXPERIMENTAL_FEATURES_JS_CHECK', 'AUXCLICK_JS_CHECK']) {
      expect(failures).toContain(id);
    }
  });

  test('fails when Node is integrated into an unsandboxed renderer', async () => {
    // (With sandbox: true the tool deems nodeIntegration harmless; electron-shell.test.ts
    // still asserts nodeIntegration: false exactly.)
    const failures = await scanWith(WINDOW, (t) => t.replace('nodeIntegration: false', 'nodeIntegration: true').replace(/\n\s*sandbox: true,/, ''));
    expect(failures).toMatch(/NODE_INTEGRATION_JS_CHECK/);
    expect(failures).toMatch(/SANDBOX_JS_CHECK/);
  });

  test('fails when the permission handler or the navigation guard is gone', async () => {
    const failures = await scanWith(SHELL, (t) => t.replace(/ses\.setPermissionRequestHandler\([^\n]*\n/, '').replace("contents.on('will-navigate'", "contents.on('did-navigate'"));
    expect(failures).toMatch(/PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK/);
    expect(failures).toMatch(/lacks a 'will-navigate' guard/);
  });

  test('fails on a window made out of sight of the checks, or on an unjustified openExternal', async () => {
    const failures = await scanWith(SHELL, (t) =>
      t
        .replace('function focusMainWindow', "const electron = require('electron');\nnew electron.BrowserWindow({});\nfunction focusMainWindow")
        .replace(' /* eng-disable OPEN_EXTERNAL_JS_CHECK */', ''),
    );
    expect(failures).toMatch(/new electron\.BrowserWindow/);
    expect(failures).toMatch(/OPEN_EXTERNAL_JS_CHECK.*review note not accepted/);
  });

  test('fails on a weak CSP header', async () => {
    expect(await scanWith('main/app/security.ts', (t) => t.replace(`"script-src 'self'"`, `"script-src 'self' 'unsafe-inline'"`))).toMatch(/CSP header.*unsafe-inline/);
  });
});

describe('check:electron helpers', () => {
  test('csp-evaluator accepts only script-src self', () => {
    expect(cspProblems("default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'", 'x')).toEqual([]);
    expect(cspProblems("default-src *; script-src 'self' 'unsafe-eval'", 'x').join('\n')).toMatch(/unsafe-eval/);
  });

  test('windows are made only in windowOptions.ts', () => {
    expect(strayWindowConstructions('main/app/x.ts', 'const w = new BrowserWindow({})')).toHaveLength(1);
    expect(strayWindowConstructions('main/app/x.ts', 'new electron . WebContentsView()')).toHaveLength(1);
    expect(strayWindowConstructions(WINDOW, 'new BrowserWindow({})')).toEqual([]);
  });

  test('scans the shell sources, not the tests or the rest of main/', () => {
    const files = scannedFiles(root);
    expect(files.every((f) => /^(main\/app\/|preload\/|renderer\/index\.html$|package\.json$)/.test(f.split(path.sep).join('/')))).toBe(true);
  });
});
