/**
 * The renderer's Content-Security-Policy, one policy for both shells (Electron's keel:// protocol
 * and the browser host), sent as a response header so it also carries frame-ancestors, which a
 * <meta> policy cannot (Electron security checklist item 7).
 *
 * - scripts only from the app's own files: no inline script, no eval, no remote code;
 * - styles only from the app's files: Vite emits stylesheets, and React's `style` props are set
 *   through the CSSOM, which CSP does not govern, so no 'unsafe-inline' is needed;
 * - data: for images and fonts only, because Vite inlines small assets as data: URLs;
 * - connect-src is the app itself plus, for the browser host, exactly its own WebSocket;
 * - no plugins, frames, forms or <base> rewriting.
 */
export function contentSecurityPolicy(options: { connect?: readonly string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...(options.connect ?? [])].join(' '),
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers sent with every renderer response besides the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // The host's URL carries its access token: no page may pass it on in a Referer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
