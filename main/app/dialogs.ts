// Native dialogs the backend asks for. The renderer never names a path: an export asks the
// main process, which shows the OS save dialog over the window in front (the admin's own
// choice of folder and name, with the OS's overwrite confirmation), in the Documents folder
// the first time and in the last folder used afterwards.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import type { ChooseSavePath } from '../ipc/context';

/** File type names of the save dialog's filter. */
const TYPE_NAMES: Record<string, string> = { csv: 'CSV', xlsx: 'Excel', docx: 'Word', pdf: 'PDF' };

export function createSaveDialog(): ChooseSavePath {
  let lastFolder: string | null = null;
  return async ({ suggestedName, extensions }) => {
    const folder = lastFolder ?? app.getPath('documents');
    const options: Electron.SaveDialogOptions = {
      defaultPath: path.join(folder, path.basename(suggestedName)),
      filters: extensions.map((extension) => ({ name: TYPE_NAMES[extension] ?? extension.toUpperCase(), extensions: [extension] })),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const answer = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (answer.canceled || !answer.filePath) return null;
    lastFolder = path.dirname(answer.filePath);
    return answer.filePath;
  };
}
