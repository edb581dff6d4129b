import type { Session, WebContents } from 'electron';
import { isAppDownload } from './security/trusted-url';

/**
 * Session-wide refusals (Electron security checklist items 5 and 7; DESIGN.md invariant 9).
 * Electron grants every permission request when no handler is set; the till needs none
 * (serial devices are opened by core, not by the page), so everything is denied: permission
 * requests and checks, WebHID/WebUSB/Web Serial device pickers, downloads other than the app's
 * own exports. The CSP header is
 * added to every response, in addition to the keel:// protocol handler setting it itself.
 */
export function hardenSession(session: Session, csp: string, appOrigin: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Device pickers: cancelling the event and answering "no device" refuses the page's request.
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  // A report the app exported (PDF, CSV) is saved through Electron's save dialog; nothing else.
  session.on('will-download', (event, item) => {
    if (!isAppDownload(item.getURL(), appOrigin)) event.preventDefault();
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}

/**
 * Per-page refusals (checklist items 12–14): the window only ever shows the app. Navigation and
 * redirects elsewhere are cancelled (compared by parsed origin, see trusted-url.ts), every
 * window.open is denied, and <webview> cannot be attached.
 */
export function hardenContents(contents: WebContents, isAppUrl: (url: unknown) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
