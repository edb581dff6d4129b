import { rendererFile } from '../host/static-files';
import { KEEL_BRIDGE_PATH } from '../host/bridge-tag';
import { SECURITY_HEADERS } from './security/csp';

/**
 * The app's pages come from a privileged custom scheme instead of file:// (checklist item 18):
 * file:// pages may read any file after an XSS; keel://app/ serves only the renderer directory.
 */
export const APP_SCHEME = 'keel';
export const APP_ORIGIN = 'keel://app';

/**
 * The answer to one keel:// request: a file of the renderer directory (path containment in
 * resolveInside), with the CSP and security headers on every response. /keel-bridge.js is an
 * empty script here, since the preload already exposes window.keel; the renderer's index.html
 * loads it in both shells (host/bridge-tag.ts).
 */
export async function rendererResponse(requestUrl: string, method: string, rendererDir: string, csp: string): Promise<Response> {
  const headers = { ...SECURITY_HEADERS, 'content-security-policy': csp };
  const url = new URL(requestUrl);
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN || method !== 'GET') {
    return new Response('Not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain' } });
  }
  if (url.pathname === KEEL_BRIDGE_PATH) {
    return new Response('// Electron: window.keel comes from the preload.\n', { headers: { ...headers, 'content-type': 'text/javascript' } });
  }
  const file = await rendererFile(rendererDir, url.pathname);
  const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body);
  return new Response(body, { status: file.status, headers: { ...headers, 'content-type': file.type } });
}
