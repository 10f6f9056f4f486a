// The main window's options. The constructor is passed in (Electron's BrowserWindow in the
// app, a recorder in test/unit/electron-shell.test.ts), so the exact options the app uses
// are asserted in plain Node. The object stays a literal inside `new BrowserWindow({...})`
// on purpose: that is the shape Electronegativity (npm run check:electron) can read.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface MainWindowPaths {
  /** out/preload/index.cjs */
  preload: string;
  /** A PNG for the window icon on Linux in development (packaged apps carry their own). */
  icon?: string;
}

export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

export interface MainWindowLook {
  /** Follows the OS theme so the first frame matches the renderer's colours. */
  dark: boolean;
  /** Developer tools only in development; a packaged console has no use for them. */
  devTools: boolean;
}

export function createMainWindow<W>(BrowserWindow: WindowConstructor<W>, paths: MainWindowPaths, look: MainWindowLook): W {
  return new BrowserWindow({
    title: 'Vigie',
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    // Shown on 'ready-to-show', so the admin never sees a blank white frame.
    show: false,
    backgroundColor: look.dark ? '#0f172a' : '#f8fafc',
    autoHideMenuBar: false,
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click must not open links in new windows behind setWindowOpenHandler's back.
      disableBlinkFeatures: 'Auxclick',
      devTools: look.devTools,
    },
  });
}
