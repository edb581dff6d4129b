import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNEL_NAMES, type KeelApi } from '@keel/shared';
import { KEEL_BRIDGE_TAG } from '../../src/host/bridge-tag';
import { startHost, type Host } from '../../src/host/host';
import { handshakeStatus, openSocket, runBridge } from './support';

// The browser host end to end: a real core child process (tsx), the HTTP server, the
// WebSocket bridge and the served bridge script, as e2e tests and `npm start` use them.
let host: Host;
let dir: string;
let rendererDir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-host-'));
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), `<!doctype html><html><head>${KEEL_BRIDGE_TAG}</head><body>till</body></html>`);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  host = await startHost({ dataDir: path.join(dir, 'terminal'), port: 0, rendererDir, coreOptions: { autoSync: false, appVersion: '1.2.3' } });
});
afterAll(async () => {
  await host?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const socketUrl = (token = host.token) => `ws://127.0.0.1:${host.port}/keel?token=${encodeURIComponent(token)}`;

describe('browser host: HTTP', () => {
  it('When the printed URL is opened, then the renderer is served from 127.0.0.1 with the strict CSP', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('till');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('When a path leaves the renderer directory or names no file, then nothing outside is served', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/missing.js']) {
      const res = await fetch(`${host.origin}${p}`);
      expect(await res.text()).not.toContain('secret');
    }
    expect((await fetch(`${host.origin}/assets/missing.js`)).status).toBe(404);
  });

  it('When the Host header is not this machine (DNS rebinding) or the method is not GET, then the request is refused', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `evil.example:${host.port}` } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
    expect((await fetch(host.origin, { method: 'POST' })).status).toBe(405);
  });
});

describe('browser host: WebSocket bridge', () => {
  it('When the token is missing or wrong, then the handshake is refused with 401', async () => {
    expect(await handshakeStatus(`ws://127.0.0.1:${host.port}/keel`)).toBe(401);
    expect(await handshakeStatus(socketUrl('guess'))).toBe(401);
    expect(await handshakeStatus(socketUrl(host.token.slice(0, -1)))).toBe(401);
    expect(await handshakeStatus(socketUrl(), { origin: host.origin })).toBe('open');
  });

  it('When a page of another origin connects, even with the token, then it is refused with 403', async () => {
    expect(await handshakeStatus(socketUrl(), { origin: 'http://evil.example' })).toBe(403);
    expect(await handshakeStatus(socketUrl(), { origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await handshakeStatus(socketUrl(), { origin: 'null' })).toBe(403);
  });

  it('When calls go through the socket, then they round-trip to the core process and errors stay typed', async () => {
    const client = await openSocket(socketUrl(), { origin: host.origin });
    expect(await client.call('app.info')).toEqual({ ok: true, value: { version: '1.2.3', enrolled: false, terminalCode: null, storeName: null } });
    expect(await client.call('cart.get')).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED' } });
    expect(await client.call('cart.addByBarcode', { barcode: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await client.call('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.send({ type: 'call', id: 5, channel: 'app.info', input: {}, extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    client.close();
  });

  it('When core crashes, then the host restarts it, connected pages hear core.restarted, and calls work again', async () => {
    const client = await openSocket(socketUrl());
    const before = host.core.pid!;
    process.kill(before, 'SIGKILL');
    await expect.poll(() => client.events.map((e) => e.event), { timeout: 30_000, interval: 50 }).toContain('core.restarted');
    expect(host.core.pid).not.toBe(before);
    expect(client.events[0]!.payload).toEqual({ reason: 'core process exited (killed)' });
    expect(await client.call('app.info')).toMatchObject({ ok: true });
    client.close();
  });
});

describe('browser host: /keel-bridge.js', () => {
  it('When the page loads the bridge script, then window.keel has a method per channel, takes the token out of the address bar, and calls work', async () => {
    const script = await (await fetch(`${host.origin}/keel-bridge.js`)).text();
    const page = runBridge(script, host.url);
    try {
      const keel: KeelApi = page.keel;
      expect(Object.keys(keel).sort()).toEqual([...IPC_CHANNEL_NAMES, 'on'].sort());
      expect(page.replaced).toEqual(['/']);
      expect([...page.storage.values()]).toEqual([host.token]);
      expect(await keel['app.info']({})).toMatchObject({ ok: true, value: { version: '1.2.3' } });
      expect(await keel['cart.get']({})).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED' } });
      expect(await keel['cart.addByBarcode']({ barcode: 7 as never })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(() => keel.on('no.such' as never, () => {})).toThrow();
    } finally {
      page.stop();
    }
  });

  it('When the page was opened without the token, then calls fail with AUTH_REQUIRED instead of hanging', async () => {
    const script = await (await fetch(`${host.origin}/keel-bridge.js`)).text();
    const page = runBridge(script, host.origin + '/');
    expect(await page.keel['app.info']({})).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    expect(page.sockets).toHaveLength(0);
  });
});
