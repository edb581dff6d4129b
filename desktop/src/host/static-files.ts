import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KEEL_BRIDGE_TAG } from './bridge-tag';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names, or null when it would leave `root`
 * (`/../`, encoded `%2e%2e%2f`, backslashes, NUL). Used by both shells to serve the renderer.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

export interface StaticFile {
  status: number;
  type: string;
  body: Buffer | string;
}

/**
 * What the renderer directory answers for a path: the file, else index.html for app routes
 * (paths without an extension), else 404. Before the renderer is built, a placeholder page that
 * still loads the bridge, so the host (and window.keel) can be checked on their own.
 */
export async function rendererFile(root: string, urlPath: string): Promise<StaticFile> {
  const file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' };
  if (await isFile(file)) return { status: 200, type: contentTypeOf(file), body: await readFile(file) };
  if (path.extname(file) !== '' && path.extname(file) !== '.html') return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' };
  const index = path.join(root, 'index.html');
  if (await isFile(index)) return { status: 200, type: TYPES['.html']!, body: await readFile(index) };
  return { status: 200, type: TYPES['.html']!, body: PLACEHOLDER };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keel terminal</title>${KEEL_BRIDGE_TAG}</head>
<body><h1>Keel terminal</h1><p>The cashier UI is not built yet: run <code>npm run build:renderer</code>, then reload.
The terminal core is running; window.keel is available.</p></body></html>
`;
