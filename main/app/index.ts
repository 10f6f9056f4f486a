// The Electron shell: lifecycle, the single window, the app:// protocol serving the renderer,
// and the guards around every web contents. The policy itself (options, CSP, which URL and
// which sender are ours) is in small pure modules next to this file, tested in plain Node.
import { app, BrowserWindow, dialog, Menu, nativeTheme, protocol, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openBackend, VIGIE_VERSION, type Backend } from '../backend';
import { newDemoDataDir } from '../db/dataDir';
import { seedDemo, type DemoCredentials } from '../services/demo';
import { createSaveDialog } from './dialogs';
import { bindIpc, type IpcBinding } from './ipc';
import { applicationMenuTemplate, menuLanguage } from './menu';
import { serveRendererRequest } from './rendererFiles';
import { APP_ENTRY_URL, APP_SCHEME, BLOCKED_REQUEST_URLS, isSafeExternalUrl, mayNavigate, permissionGranted, windowOpenDecision } from './security';
import { builtFiles, startupPlan } from './startup';
import { createMainWindow } from './windowOptions';

function log(message: string, error?: unknown): void {
  console.error(`[vigie] ${message}${error ? `: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : ''}`);
}

// Before 'ready': the data of the app lives in <appData>/Vigie, the same folder the CLI uses
// by default (main/db/dataDir.ts), whatever the package's lower-case name.
app.setName('Vigie');
app.setPath('userData', path.join(app.getPath('appData'), 'Vigie'));
app.enableSandbox();
// A standard, secure scheme gives the renderer a real origin (app://vigie) for CSP 'self'
// and for the IPC sender check; it does not bypass CSP.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const files = builtFiles(__dirname);
let mainWindow: BrowserWindow | null = null;
let backend: Backend | null = null;
let ipc: IpcBinding | null = null;

/** Applied to every web contents, ours or any other that might ever appear. */
function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!mayNavigate(event.url)) {
      event.preventDefault();
      log(`blocked a navigation to ${event.url.slice(0, 200)}`);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!mayNavigate(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!mayNavigate(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    const decision = windowOpenDecision(details.url);
    // Checked again right here: only https reaches the OS browser.
    if (decision.openExternally && isSafeExternalUrl(decision.openExternally)) {
      shell.openExternal(decision.openExternally).catch((error: unknown) => log('could not open a link in the browser', error)); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
    }
    return { action: decision.action };
  });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionGranted(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionGranted(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onBeforeRequest({ urls: [...BLOCKED_REQUEST_URLS] }, (details, callback) => {
    log(`blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: true });
  });
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await serveRendererRequest(files.renderer, request.method, request.url);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
}

function openMainWindow(): BrowserWindow {
  const window = createMainWindow(
    BrowserWindow,
    { preload: files.preload, ...(existsSync(files.icon) ? { icon: files.icon } : {}) },
    { dark: nativeTheme.shouldUseDarkColors, devTools: !app.isPackaged },
  );
  ipc!.attach(window);
  // The renderer's <title> would otherwise replace it.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => log(`the window's renderer stopped (${details.reason})`));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => log('could not load the console', error));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) {
    if (app.isReady() && ipc) mainWindow = openMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function prepareDemo(dataDir: string, nativeBinding: string | undefined): Promise<DemoCredentials> {
  process.stdout.write(`Vigie demo: filling ${dataDir} with sample data…\n`);
  const credentials = await seedDemo(dataDir, nativeBinding ? { nativeBinding } : {});
  process.stdout.write(`Vigie demo: sign in as ${credentials.username} / ${credentials.password}\n`);
  return credentials;
}

async function start(): Promise<void> {
  const plan = startupPlan({
    argv: process.argv,
    env: process.env,
    userData: app.getPath('userData'),
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
  });
  const dataDir = plan.dataDir ?? newDemoDataDir();
  const demo = plan.demo ? await prepareDemo(dataDir, plan.nativeBinding) : undefined;
  // A database that cannot be opened still gives a backend: the window shows why.
  backend = openBackend({ dataDir, ...(plan.nativeBinding ? { nativeBinding: plan.nativeBinding } : {}), ...(demo ? { demo } : {}), log, chooseSavePath: createSaveDialog() });
  if (!backend.db) log(`database unavailable: ${backend.health().problem ?? 'unknown problem'}`);

  await app.whenReady();
  app.setAboutPanelOptions({ applicationName: 'Vigie', applicationVersion: VIGIE_VERSION });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(applicationMenuTemplate({ language: menuLanguage(app.getPreferredSystemLanguages()), platform: process.platform, development: !app.isPackaged })),
  );
  hardenSession();
  serveRenderer();
  ipc = bindIpc(backend.router, (message) => log(message));
  mainWindow = openMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Vigie is running: it gets the focus (second-instance below) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('activate', () => focusMainWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    ipc?.dispose();
    ipc = null;
    // Closing checkpoints the WAL, so the data dir is left as one tidy file.
    backend?.close();
    backend = null;
  });
  // Ctrl+C in the terminal of `npm start` (or a service manager's TERM) quits like the menu
  // does, so the database is closed cleanly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  start().catch((error: unknown) => {
    log('Vigie could not start', error);
    dialog.showErrorBox('Vigie', `Vigie could not start.\n\n${error instanceof Error ? error.message : String(error)}`);
    // app.exit skips 'will-quit': close the database here.
    backend?.close();
    app.exit(1);
  });
}
