import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer is untrusted (DESIGN.md invariant 9). These are Electron's secure defaults,
 * spelled out so that a change is a visible diff and test/shell/web-preferences.test.ts fails
 * on it: context isolation keeps page scripts out of the preload's world, the sandbox keeps
 * Node out of the renderer process, and window.keel is the only door (preload/).
 */
export const SECURE_WEB_PREFERENCES = {
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
} as const satisfies WebPreferences;

/** The one window: full screen on a counter terminal, sized for development elsewhere. */
export function mainWindowOptions(preload: string, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    kiosk,
    backgroundColor: '#111111',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload },
  };
}
