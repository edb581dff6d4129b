import type { KeelApi } from '@keel/shared';

declare global {
  interface Window {
    /**
     * The terminal core, as preload (Electron) or the host's bridge script (browser) exposes
     * it: one typed method per IPC channel plus `on` for events. The renderer's only way out.
     * Optional here because the UI must say so when it is missing rather than crash.
     */
    keel?: KeelApi;
  }
}

export {};
