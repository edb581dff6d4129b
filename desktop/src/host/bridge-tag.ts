/**
 * How a page gets window.keel from the browser host: a classic script, loaded before the
 * renderer's module bundle (classic scripts run while the document parses; module scripts run
 * after it), so window.keel exists before any app code runs. Electron serves the same path as
 * an empty script, since its preload already provides window.keel: the renderer's index.html
 * carries this exact tag in both shells and cannot tell which one it runs in.
 */
export const KEEL_BRIDGE_PATH = '/keel-bridge.js';
export const KEEL_BRIDGE_TAG = `<script src="${KEEL_BRIDGE_PATH}"></script>`;
/** The WebSocket endpoint the bridge talks to. */
export const KEEL_SOCKET_PATH = '/keel';
