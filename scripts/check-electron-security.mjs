// `npm run check:electron` (part of `npm test`): a static security check of the Electron shell
// with Electronegativity (@doyensec/electronegativity), plus what it cannot see by itself.
//
// It scans main/app/**/*.ts, preload/**/*.ts, renderer/index.html and package.json, and fails on
//   1. any finding Electronegativity is sure about (manualReview false), from every check it
//      runs (all but the EXCLUDED ones below): CONTEXT_ISOLATION, NODE_INTEGRATION, SANDBOX,
//      WEB_SECURITY, INSECURE_CONTENT, EXPERIMENTAL_FEATURES, BLINK_FEATURES, AUXCLICK,
//      ALLOW_POPUPS, LIMIT_NAVIGATION (global), PERMISSION_REQUEST_HANDLER (global), CSP
//      (global), REMOTE_MODULE, CERTIFICATE_*, CUSTOM_ARGUMENTS, SECURITY_WARNINGS_DISABLED…;
//   2. any "review required" finding not in ACCEPTED_REVIEWS (each with the reason it is fine);
//   3. a source file it could not parse (it would otherwise skip it silently);
//   4. our window literal not being analysed at all (the PRELOAD review note is the proof), or a
//      window/view constructed anywhere but main/app/windowOptions.ts (`new x.BrowserWindow`
//      is invisible to its matchers);
//   5. the CSP header of main/app/security.ts, evaluated with the same csp-evaluator, having
//      any finding but the accepted one.
// test/unit/electron-shell.test.ts asserts the same settings directly, and
// test/unit/electron-security-check.test.ts proves this script fails on regressions.
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultRoot = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const engRequire = createRequire(path.join(engDir, 'package.json'));

/** Checks not run, by class name, and why. */
export const EXCLUDED = {
  AvailableSecurityFixesGlobalCheck: 'downloads the list of Electron releases from the network; Electron upgrades are tracked through npm, not by an offline test suite',
  ElectronVersionJSONCheck: 'only feeds AvailableSecurityFixesGlobalCheck (needs the same release list)',
};

/** Checks that must exist in the installed Electronegativity and run (an upgrade renaming them is noticed). */
export const REQUIRED = [
  'ContextIsolationJSCheck',
  'NodeIntegrationJSCheck',
  'NodeIntegrationHTMLCheck',
  'NodeIntegrationAttachEventJSCheck',
  'SandboxJSCheck',
  'WebSecurityJSCheck',
  'WebSecurityHTMLCheck',
  'InsecureContentJSCheck',
  'ExperimentalFeaturesJSCheck',
  'BlinkFeaturesJSCheck',
  'AuxclickJSCheck',
  'AllowPopupHTMLCheck',
  'RemoteModuleJSCheck',
  'OpenExternalJSCheck',
  'PermissionRequestHandlerJSCheck',
  'PermissionRequestHandlerGlobalCheck',
  'LimitNavigationJSCheck',
  'LimitNavigationGlobalCheck',
  'CSPHTMLCheck',
  'CSPGlobalCheck',
  'CertificateErrorEventJSCheck',
  'CertificateVerifyProcJSCheck',
  'CustomArgumentsJSCheck',
  'CustomArgumentsJSONCheck',
  'SecurityWarningsDisabledJSCheck',
  'SecurityWarningsDisabledJSONCheck',
  'DangerousFunctionsJSCheck',
  'HTTPResourcesJSCheck',
  'HTTPResourcesHTMLCheck',
  'ProtocolHandlersJSCheck',
];

/** "Review required" notes that are expected, by check id, and why they are fine. */
export const ACCEPTED_REVIEWS = {
  PRELOAD_JS_CHECK: 'the preload exposes only window.vigie {call, on} through contextBridge (preload/index.ts, unit-tested in electron-shell.test.ts)',
  CSP_GLOBAL_CHECK:
    "csp-evaluator's 'maybe weak' note on script-src 'self' (JSONP/user uploads): app://vigie serves only our own build; the header CSP is evaluated strictly below",
};

/**
 * A CSP string evaluated with csp-evaluator (the engine of the tool's CSP_GLOBAL_CHECK):
 * every finding fails but one, script-src 'self' "can be problematic if you host JSONP…"
 * (app://vigie serves only our own build).
 */
export function cspProblems(policy, label) {
  const csp = engRequire('@doyensec/csp-evaluator');
  let findings;
  try {
    findings = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
  } catch (error) {
    return [`${label}: the CSP cannot be parsed: ${error.message}`];
  }
  return findings
    .filter((f) => !(f.directive === 'script-src' && f.value === "'self'" && f.severity === csp.severities.MEDIUM_MAYBE))
    .map((f) => `${label}: ${f.directive} ${f.value ?? ''}: ${f.description}`);
}

/**
 * Guards Electronegativity does not insist on (its navigation check is satisfied by
 * setWindowOpenHandler alone, for instance): each must appear in main/app/*.ts.
 */
export const REQUIRED_GUARDS = [
  [/\.on\(\s*'will-navigate'/, "a 'will-navigate' guard"],
  [/\.on\(\s*'will-frame-navigate'/, "a 'will-frame-navigate' guard"],
  [/\.on\(\s*'will-redirect'/, "a 'will-redirect' guard"],
  [/\.on\(\s*'will-attach-webview'/, "a 'will-attach-webview' guard"],
  [/\.setWindowOpenHandler\(/, 'setWindowOpenHandler'],
  [/\.setPermissionRequestHandler\(/, 'setPermissionRequestHandler'],
  [/\.setPermissionCheckHandler\(/, 'setPermissionCheckHandler'],
  [/app\.on\(\s*'web-contents-created'/, "app.on('web-contents-created') applying the guards to every contents"],
  [/requestSingleInstanceLock\(/, 'the single-instance lock'],
  [/app\.enableSandbox\(/, 'app.enableSandbox()'],
  [/protocol\.handle\(/, 'the app:// protocol handler (the renderer is never loaded from file://)'],
];

/** What is scanned, relative to the project root. */
export function scannedFiles(root) {
  const list = [];
  const walk = (relative) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    for (const entry of readdirSync(full, { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|tsx|js|cjs|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) list.push(child);
    }
  };
  walk(path.join('main', 'app'));
  walk('preload');
  for (const file of ['renderer/index.html', 'package.json']) if (existsSync(path.join(root, file))) list.push(file);
  return list.sort();
}

/** Keeps Electronegativity offline: it fetches translations of its messages from S3 at start. */
function offlineTranslations() {
  const gotPath = engRequire.resolve('got');
  if (require.cache[gotPath]?.exports?.vigieOffline) return;
  const offline = () => Promise.reject(new Error('offline: translations are not fetched'));
  offline.vigieOffline = true;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
}

function checkClassNames() {
  const names = [];
  for (const folder of ['AtomicChecks', 'GlobalChecks']) {
    for (const file of readdirSync(path.join(engDir, 'dist', 'finder', 'checks', folder))) {
      if (file.endsWith('.js') && file !== 'index.js') names.push(file.slice(0, -3));
    }
  }
  return names;
}

/** Windows and views are made only in windowOptions.ts, where both the tool and the unit test see them. */
export function strayWindowConstructions(relative, source) {
  if (relative.split(path.sep).join('/') === 'main/app/windowOptions.ts') return [];
  const found = [];
  const pattern = /new\s+(?:[\w$]+\s*\.\s*)*(BrowserWindow|BrowserView|WebContentsView)\b/g;
  for (const match of source.matchAll(pattern)) {
    const line = source.slice(0, match.index).split('\n').length;
    found.push(`${relative}:${line}: \`${match[0]}\` — create windows with createMainWindow() in main/app/windowOptions.ts`);
  }
  return found;
}

/**
 * Scans a copy of the shell's sources. `transform(relative, text)` may change a file on the
 * way (the self-test uses it to plant regressions). Returns the findings and the failures.
 */
export async function scanElectronSecurity({ root = defaultRoot, transform = (_relative, text) => text } = {}) {
  const failures = [];
  const notes = [];
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

  const available = new Set(checkClassNames());
  for (const name of REQUIRED) {
    if (!available.has(name)) failures.push(`Electronegativity has no check named ${name} any more: update scripts/check-electron-security.mjs`);
    if (name in EXCLUDED) failures.push(`${name} is both required and excluded`);
  }

  const stage = mkdtempSync(path.join(os.tmpdir(), 'vigie-electronegativity-'));
  try {
    const files = scannedFiles(root);
    for (const relative of files) {
      const target = path.join(stage, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      const text = transform(relative, readFileSync(path.join(root, relative), 'utf8'));
      writeFileSync(target, text);
      failures.push(...strayWindowConstructions(relative, text));
    }

    offlineTranslations();
    const run = engRequire('./dist/runner.js');
    const result = await run({
      input: stage,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: Object.keys(EXCLUDED).map((name) => name.toLowerCase()),
    });

    for (const error of result.errors) {
      if (!error.tolerable) failures.push(`could not parse ${path.relative(stage, error.file) || error.file}: ${error.message}`);
    }
    for (const issue of result.issues) {
      const where = `${issue.file}:${issue.location.line}`;
      const text = `${issue.id} at ${where}: ${typeof issue.description === 'string' ? issue.description : JSON.stringify(issue.description)}${issue.sample ? ` [${issue.sample}]` : ''}`;
      if (!issue.manualReview) failures.push(text);
      else if (issue.id === 'CSP_GLOBAL_CHECK' && issue.sample) {
        // The tool's "maybe weak" is re-evaluated strictly: only the accepted finding may remain.
        const problems = cspProblems(issue.sample, `CSP of ${where}`);
        if (problems.length > 0) failures.push(...problems);
        else notes.push(`${text} — accepted: ${ACCEPTED_REVIEWS[issue.id]}`);
      } else if (!(issue.id in ACCEPTED_REVIEWS)) failures.push(`${text} (review note not accepted: justify it in ACCEPTED_REVIEWS or fix the code)`);
      else notes.push(`${text} — accepted: ${ACCEPTED_REVIEWS[issue.id]}`);
    }
    const shellSources = files
      .filter((relative) => relative.split(path.sep).join('/').startsWith('main/app/'))
      .map((relative) => readFileSync(path.join(stage, relative), 'utf8'))
      .join('\n');
    for (const [pattern, what] of REQUIRED_GUARDS) {
      if (!pattern.test(shellSources)) failures.push(`main/app/ lacks ${what}`);
    }
    const windowSeen = result.issues.some((issue) => issue.id === 'PRELOAD_JS_CHECK' && issue.file.split(path.sep).join('/') === 'main/app/windowOptions.ts');
    if (!windowSeen) failures.push('Electronegativity did not analyse the `new BrowserWindow({...})` literal of main/app/windowOptions.ts: keep the options inline there');

    // The CSP we send as a header, evaluated directly (the tool only sees CSPs in HTML or in
    // webRequest callbacks).
    const securityFile = path.join(stage, 'main', 'app', 'security.ts');
    if (!existsSync(securityFile)) failures.push('main/app/security.ts is missing');
    else {
      const bundled = path.join(stage, 'security.cjs');
      await build({ entryPoints: [securityFile], outfile: bundled, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
      const { CONTENT_SECURITY_POLICY: policy } = createRequire(pathToFileURL(bundled))(bundled);
      if (typeof policy !== 'string') failures.push('main/app/security.ts no longer exports CONTENT_SECURITY_POLICY');
      else failures.push(...cspProblems(policy, 'CSP header (main/app/security.ts)'));
    }
    return { failures, notes, scanned: files, checks: { global: result.globalChecks, atomic: result.atomicChecks } };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

async function main() {
  const { failures, notes, scanned, checks } = await scanElectronSecurity();
  console.log(`Electronegativity: ${checks.atomic} atomic and ${checks.global} global checks on ${scanned.length} files (${Object.keys(EXCLUDED).length} excluded: ${Object.keys(EXCLUDED).join(', ')})`);
  for (const note of notes) console.log(`  note: ${note}`);
  if (failures.length > 0) {
    console.error(`\ncheck:electron FAILED (${failures.length}):`);
    for (const failure of failures) console.error(`  - ${failure}`);
    process.exit(1);
  }
  console.log('check:electron passed: no Electron security misconfiguration found.');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`check:electron could not run: ${error?.stack ?? error}`);
    process.exit(1);
  });
}
