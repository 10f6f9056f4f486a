// The preload of the Vigie window. It runs sandboxed (only 'electron' can be required, and
// esbuild bundles the rest in) and exposes exactly one object, `window.vigie`, with `call`
// and `on`: ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

const vigie = createBridge({
  invoke: (channel, input) => ipcRenderer.invoke(CALL_CHANNEL, channel, input),
  // One ipcRenderer listener for the whole page; the IpcRendererEvent stops here.
  receive: (handler) => {
    ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => handler(message));
  },
  report: (message, error) => console.error(`[vigie] ${message}`, error),
});

contextBridge.exposeInMainWorld('vigie', vigie);
