import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { hardenContents, hardenSession } from '../../src/main/hardening';
import { APP_ORIGIN, rendererResponse } from '../../src/main/renderer-protocol';
import { contentSecurityPolicy } from '../../src/main/security/csp';
import { isAppUrl } from '../../src/main/security/trusted-url';
import { tempDir } from '../support/temp';

/** A stand-in for Electron's Session: records the handlers hardenSession installs. */
function fakeSession() {
  const emitter = new EventEmitter();
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const session = Object.assign(emitter, {
    setPermissionRequestHandler: (h: never) => (handlers.request = h),
    setPermissionCheckHandler: (h: never) => (handlers.check = h),
    setDevicePermissionHandler: (h: never) => (handlers.device = h),
    webRequest: { onHeadersReceived: (h: never) => (handlers.headers = h) },
  });
  hardenSession(session as unknown as Session, contentSecurityPolicy(), APP_ORIGIN);
  return { emitter, handlers: handlers as Record<string, (...args: unknown[]) => unknown> };
}

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: (() => { action: string }) | undefined;
  const contents = Object.assign(emitter, { setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h) });
  hardenContents(contents as unknown as WebContents, (url) => isAppUrl(url, APP_ORIGIN));
  const attempt = (event: string, url: string) => {
    const e = { url, preventDefault: vi.fn() };
    emitter.emit(event, e);
    return e.preventDefault.mock.calls.length > 0 ? 'blocked' : 'allowed';
  };
  return { attempt, open: () => openHandler?.() };
}

describe('Electron session hardening', () => {
  it('When the page asks for any permission, then it is denied, and permission checks answer no', () => {
    const { handlers } = fakeSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(handlers.check!({}, 'serial', 'keel://app', {})).toBe(false);
    expect(handlers.device!({ deviceType: 'usb' })).toBe(false);
  });

  it('When a download starts, then only a blob the app made itself goes on (to the save dialog); every other download is refused', () => {
    const { emitter } = fakeSession();
    const attempt = (url: string) => {
      const event = { preventDefault: vi.fn() };
      emitter.emit('will-download', event, { getURL: () => url });
      return event.preventDefault.mock.calls.length > 0 ? 'refused' : 'saved';
    };
    expect(attempt(`blob:${APP_ORIGIN}/6f1c2b9e-4d3a-4c5b-9e8f-0a1b2c3d4e5f`)).toBe('saved');
    for (const url of ['https://evil.example/x.pdf', 'blob:https://evil.example/1', `blob:keel://app.evil.example/1`, 'data:application/pdf;base64,JVBERi0=', `${APP_ORIGIN}/index.html`]) {
      expect(attempt(url), url).toBe('refused');
    }
  });

  it('When the page opens a serial, HID or USB picker, then no device is chosen', () => {
    const { emitter } = fakeSession();
    const serial = { preventDefault: vi.fn() };
    const pick = vi.fn();
    emitter.emit('select-serial-port', serial, [{ portId: 'p1' }], {}, pick);
    expect(serial.preventDefault).toHaveBeenCalled();
    expect(pick).toHaveBeenCalledWith('');
  });

  it('When any response arrives, then its CSP is replaced by the app policy', () => {
    const { handlers } = fakeSession();
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'x-other': ['1'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['x-other']).toEqual(['1']);
  });
});

describe('Electron window hardening', () => {
  it('When the page navigates or redirects away from the app, then it is blocked; within the app it is allowed', () => {
    const { attempt } = fakeContents();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(attempt(event, 'https://evil.example/')).toBe('blocked');
      expect(attempt(event, 'file:///etc/passwd')).toBe('blocked');
      expect(attempt(event, 'keel://app.evil/')).toBe('blocked');
      expect(attempt(event, 'keel://app/index.html')).toBe('allowed');
    }
  });

  it('When the page opens a window or attaches a webview, then it is denied', () => {
    const { open, attempt } = fakeContents();
    expect(open()).toEqual({ action: 'deny' });
    expect(attempt('will-attach-webview', 'keel://app/')).toBe('blocked');
  });
});

describe('keel:// renderer protocol', () => {
  it('When a renderer file is asked for, then it is served with the CSP; paths outside the renderer are not', async () => {
    const dir = path.join(tempDir(), 'renderer');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ui</title>');
    fs.writeFileSync(path.join(dir, '..', 'secret.txt'), 'no');
    const csp = contentSecurityPolicy();
    const page = await rendererResponse('keel://app/index.html', 'GET', dir, csp);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(csp);
    expect(await page.text()).toContain('<title>ui</title>');
    for (const escape of ['keel://app/../secret.txt', 'keel://app/%2e%2e/secret.txt', 'keel://app/..%2fsecret.txt', 'keel://app/..%5csecret.txt']) {
      const res = await rendererResponse(escape, 'GET', dir, csp);
      expect(await res.text()).not.toBe('no');
    }
    expect((await rendererResponse('keel://other/index.html', 'GET', dir, csp)).status).toBe(404);
    expect((await rendererResponse('keel://app/index.html', 'POST', dir, csp)).status).toBe(404);
  });

  it('When the renderer loads /keel-bridge.js under Electron, then it gets an empty script (preload already gave window.keel)', async () => {
    const res = await rendererResponse('keel://app/keel-bridge.js', 'GET', tempDir(), contentSecurityPolicy());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect((await res.text()).trim().startsWith('//')).toBe(true);
  });
});
