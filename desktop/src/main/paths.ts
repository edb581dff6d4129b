import path from 'node:path';

/**
 * Where the Electron build puts things (scripts/build-electron.ts): main, preload and core are
 * bundled side by side into desktop/dist/electron, the renderer into desktop/dist/renderer.
 * Resolved from the main bundle's own directory, so the same code works from the source tree
 * and from inside the packaged app.asar.
 */
export function appLayout(mainDir: string): { preload: string; coreEntry: string; rendererDir: string } {
  return {
    preload: path.join(mainDir, 'preload.cjs'),
    coreEntry: path.join(mainDir, 'core.cjs'),
    rendererDir: path.join(mainDir, '..', 'renderer'),
  };
}
