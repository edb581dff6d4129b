// Electron main (DESIGN.md "Layout", main/): one hardened window, the renderer on keel://app,
// core in a utilityProcess, and the IPC contract relayed in one loop. Everything with logic
// lives in small modules next to this one that import Electron's types only, so the tests run
// them without the Electron binary; this file only wires them to the real Electron objects.
//
// Bundled to CommonJS with preload and core by scripts/build-electron.ts; `__dirname` is the
// bundle's directory there.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, utilityProcess } from 'electron';
import { CoreClient } from '../core/process/core-client';
import { hardenContents, hardenSession } from './hardening';
import { forwardEvents, registerIpc } from './ipc';
import { appLayout } from './paths';
import { APP_ORIGIN, APP_SCHEME, rendererResponse } from './renderer-protocol';
import { contentSecurityPolicy } from './security/csp';
import { isAppUrl } from './security/trusted-url';
import { mainWindowOptions } from './security/web-preferences';
import { utilityCore } from './utility-core';

const layout = appLayout(__dirname);
const csp = contentSecurityPolicy();
const isApp = (url: unknown) => isAppUrl(url, APP_ORIGIN);
/** The terminal's ledger: KEEL_TERMINAL_DATA_DIR (the demo launcher), else the OS's app-data place. */
const dataDir = process.env.KEEL_TERMINAL_DATA_DIR ?? path.join(app.getPath('userData'), 'terminal');

// Before `ready` (Electron allows it only then): keel:// behaves like https for the page
// (secure context, standard URL parsing) but is served only by our handler.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// One till, one window: a second launch focuses the first instead of opening the ledger twice.
if (!app.requestSingleInstanceLock()) app.quit();

const core = new CoreClient(utilityCore(utilityProcess.fork, layout.coreEntry, { dataDir, appVersion: app.getVersion() }));
let mainWindow: BrowserWindow | null = null;

// Every webContents ever created (windows, devtools, anything a bug might open) gets the
// navigation and window-open refusals, not only ours.
app.on('web-contents-created', (_event, contents) => hardenContents(contents, isApp));

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

void app.whenReady().then(async () => {
  hardenSession(session.defaultSession, csp, APP_ORIGIN);
  protocol.handle(APP_SCHEME, (request) => rendererResponse(request.url, request.method, layout.rendererDir, csp));
  registerIpc(ipcMain, core, isApp);
  forwardEvents(core, () => mainWindow?.webContents ?? null);

  mainWindow = new BrowserWindow(mainWindowOptions(layout.preload, process.env.KEEL_KIOSK === '1'));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  // The window comes up at once; calls made before core is ready wait for it (CoreClient).
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  await core.start().catch((error: unknown) => console.error('keel: core could not start', error));
});

// Quit only after core has closed the ledger (a sale mid-commit finishes first).
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
