// The application menu, as a template built from a tiny label table in the OS language.
// The renderer translates everything else; the menu only holds standard roles (edit,
// zoom, window) that Electron implements. No 'electron' import at run time.
import type { MenuItemConstructorOptions } from 'electron';

export type MenuLanguage = 'fr' | 'en' | 'ja';

const LABELS = {
  fr: { file: 'Fichier', edit: 'Édition', view: 'Affichage', window: 'Fenêtre', help: 'Aide', about: 'À propos de Vigie', quit: 'Quitter' },
  en: { file: 'File', edit: 'Edit', view: 'View', window: 'Window', help: 'Help', about: 'About Vigie', quit: 'Quit' },
  ja: { file: 'ファイル', edit: '編集', view: '表示', window: 'ウインドウ', help: 'ヘルプ', about: 'Vigie について', quit: '終了' },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

/** French unless the OS prefers English or Japanese (the console's three languages). */
export function menuLanguage(preferred: readonly string[]): MenuLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'fr' || base === 'en' || base === 'ja') return base;
  }
  return 'fr';
}

export interface MenuOptions {
  language: MenuLanguage;
  platform: NodeJS.Platform;
  /** Reload and developer tools only in development. */
  development: boolean;
}

export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const t = LABELS[options.language];
  const mac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    ...(options.development ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? [{ label: 'Vigie', submenu: [{ role: 'about', label: t.about }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit', label: t.quit }] } satisfies MenuItemConstructorOptions] : []),
    ...(mac ? [] : [{ label: t.file, submenu: [{ role: 'quit', label: t.quit }] } satisfies MenuItemConstructorOptions]),
    // Edit roles are what make copy and paste shortcuts work in the fields on macOS.
    { label: t.edit, submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: t.view, submenu: view },
    { label: t.window, submenu: [{ role: 'minimize' }, ...(mac ? ([{ role: 'zoom' }, { role: 'front' }] as const) : ([{ role: 'close' }] as const))] },
    ...(mac ? [] : [{ label: t.help, submenu: [{ role: 'about', label: t.about }] } satisfies MenuItemConstructorOptions]),
  ];
}
