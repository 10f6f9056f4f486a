// Binds the router to Electron's IPC: one `ipcMain.handle` for every call, push events out
// with `webContents.send`. The decisions (which sender is ours, which window is signed in)
// live in windowSessions.ts; this file only translates Electron's objects.
import { ipcMain, webContents, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../preload/channels';
import type { Router } from '../ipc/router';
import { createWindowSessions, type WindowSessions } from './windowSessions';

export interface IpcBinding {
  /** Gives a window its session; it ends when the window closes. */
  attach(window: BrowserWindow): void;
  dispose(): void;
}

function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return {
    contentsId: event.sender.id,
    // A frame can be disposed, or detached by a navigation, while the call is in flight.
    frame: frame && !frame.isDestroyed() && !frame.detached ? { url: frame.url, isMainFrame: frame.parent === null } : null,
  };
}

export function bindIpc(router: Router, log: (message: string) => void): IpcBinding {
  const sessions: WindowSessions = createWindowSessions(router, log);

  ipcMain.handle(CALL_CHANNEL, (event, channel: unknown, input: unknown) => sessions.call(senderOf(event), channel, input));

  const stopEvents = router.onEvent((event, payload) => {
    for (const target of sessions.pushTargets(event, payload)) {
      const contents = webContents.fromId(target.contentsId);
      if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, target.message);
    }
  });

  return {
    attach(window) {
      const id = window.webContents.id;
      sessions.open(id);
      // 'destroyed' also covers a renderer that is torn down without the window closing.
      window.webContents.once('destroyed', () => sessions.close(id));
      window.once('closed', () => sessions.close(id));
    },
    dispose() {
      stopEvents();
      ipcMain.removeHandler(CALL_CHANNEL);
    },
  };
}
