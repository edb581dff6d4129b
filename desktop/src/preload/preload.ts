// The preload (DESIGN.md "Layout": exposes the typed contract as window.keel, nothing else).
// It runs sandboxed, where `require` reaches only electron, events, timers and url, so it is
// bundled into one file for the app (scripts/build-electron.ts; electron-builder.yml ships only
// the bundle): @keel/shared and zod are inlined there. No ipcRenderer, no event objects and no
// Node API ever cross into the page (Electron security checklist item 20).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL_NAMES, IPC_EVENTS, type IpcChannel, type IpcEvent, type IpcResult } from '@keel/shared';
import { createKeelApi } from './keel-api';

const api = createKeelApi(IPC_CHANNEL_NAMES, Object.keys(IPC_EVENTS) as IpcEvent[], {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<IpcResult<IpcChannel>>,
  subscribe: (event, listener) => {
    // The page gets the payload only: the IpcRendererEvent would hand it `sender`.
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, relay);
    return () => {
      ipcRenderer.removeListener(event, relay);
    };
  },
});

contextBridge.exposeInMainWorld('keel', api);
