/**
 * Is `raw` a URL of the app itself? The one question behind the IPC sender check, navigation
 * and window-open decisions (DESIGN.md invariant 9; Electron security checklist items 13 and 17;
 * after Actual's desktop-electron/trusted-url.ts). It takes `unknown` because it guards input
 * the renderer controls, and parses with `new URL`: string tests such as
 * `url.startsWith('keel://app')` accept `keel://app.evil.example/` and
 * `url.includes('127.0.0.1:')` accepts `http://evil.example/?127.0.0.1:`.
 *
 * Origins are compared as protocol, hostname and port rather than `URL.origin`, because the
 * WHATWG URL parser gives custom schemes such as `keel://app` the opaque origin "null", which
 * would make every custom-scheme URL equal. URLs with credentials are never the app.
 */
export function isAppUrl(raw: unknown, appOrigin: string): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return false;
  const url = parse(raw);
  const app = parse(appOrigin);
  if (!url || !app) return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === app.protocol && url.hostname === app.hostname && url.port === app.port && url.hostname !== '';
}

/**
 * May the page save this download? Only a file the app made itself: a `blob:` URL whose
 * creator is the app (the report exports build one from bytes core returned). Anything else a
 * page could start (a link to another site, a data: URL) stays refused.
 */
export function isAppDownload(raw: unknown, appOrigin: string): boolean {
  if (typeof raw !== 'string' || !raw.startsWith('blob:')) return false;
  return isAppUrl(raw.slice('blob:'.length), appOrigin);
}

/** Hostnames that can only mean this machine. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * For the browser host: is `raw` (an Origin or Host-derived URL) this machine on `port`? A page
 * from anywhere else (another site the cashier's browser has open, a DNS-rebinding name) is not.
 */
export function isLoopbackOrigin(raw: unknown, port: number): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  const url = parse(raw);
  if (!url || url.protocol !== 'http:' || url.username !== '' || url.password !== '') return false;
  return LOOPBACK.has(url.hostname) && url.port === String(port);
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
