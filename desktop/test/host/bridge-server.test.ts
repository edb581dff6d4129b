import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcChannel, IpcEvent, IpcResult } from '@keel/shared';
import { bridgeScript } from '../../src/host/bridge-script';
import { attachBridge, type BridgeCore } from '../../src/host/bridge-server';
import { openSocket, runBridge } from './support';

// The WebSocket bridge against a core double, to see what does and does not reach core.
const TOKEN = 'test-token-0123456789';
const servers: Array<{ server: Server; bridge: { close(): void } }> = [];

afterEach(async () => {
  for (const { server, bridge } of servers.splice(0)) {
    bridge.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(call: BridgeCore['call'] = async () => ({ ok: true, value: 'from core' as never })) {
  let emit: (event: IpcEvent, payload: unknown) => void = () => {};
  const core = {
    call: vi.fn(call),
    onEvent: (listener: typeof emit) => {
      emit = listener;
      return () => {};
    },
  };
  const server = createServer((_req, res) => res.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bridge = attachBridge(server, { core, token: TOKEN, originAllowed: () => true });
  servers.push({ server, bridge });
  const port = (server.address() as AddressInfo).port;
  return { core, bridge, port, url: `ws://127.0.0.1:${port}/keel?token=${TOKEN}`, emit: (e: IpcEvent, p: unknown) => emit(e, p) };
}

describe('host WebSocket bridge', () => {
  it('When input is invalid or the channel unknown, then the caller gets a typed error and core is never called', async () => {
    const { core, url } = await serve();
    const client = await openSocket(url);
    expect(await client.call('cart.addByBarcode', { barcode: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await client.call('shift.open', { openingFloatMinor: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await client.call('enrollment.enroll', { serverUrl: 'file:///etc/passwd', code: 'ABCD-1234', name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await client.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.send({ channel: 'app.info', input: {} })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(core.call).not.toHaveBeenCalled();
    expect(await client.call('cart.addByBarcode', { barcode: '4006381333931' })).toEqual({ ok: true, value: 'from core' });
    expect(core.call).toHaveBeenCalledWith('cart.addByBarcode', { barcode: '4006381333931' });
    client.close();
  });

  it('When a message is not JSON at all, then the connection is closed as a policy violation', async () => {
    const { url } = await serve();
    const client = await openSocket(url);
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.ws.send('this is not json');
    expect(await closed).toBe(1008);
  });

  it('When core emits an event, then every connected page receives it', async () => {
    const { url, emit } = await serve();
    const [a, b] = [await openSocket(url), await openSocket(url)];
    emit('sync.status', { state: 'offline' });
    await expect.poll(() => [a.events.length, b.events.length]).toEqual([1, 1]);
    expect(a.events[0]).toEqual({ event: 'sync.status', payload: { state: 'offline' } });
    a.close();
    b.close();
  });
});

describe('bridge script over a dropping socket', () => {
  it('When the socket drops mid-call, then the call fails with CORE_RESTARTING, the bridge reconnects and the page hears core.restarted', async () => {
    let hold = true;
    const { core, port } = await serve(() =>
      hold ? new Promise<IpcResult<IpcChannel>>(() => {}) : Promise.resolve({ ok: true, value: 'after reconnect' as never }),
    );
    const page = runBridge(await bridgeScript(), `http://127.0.0.1:${port}/?token=${TOKEN}`);
    try {
      const restarted = vi.fn();
      page.keel.on('core.restarted', restarted);
      const stuck = page.keel['cart.get']({});
      await expect.poll(() => core.call.mock.calls.length).toBe(1);
      hold = false;
      page.sockets[0]!.terminate();
      expect(await stuck).toMatchObject({ ok: false, error: { code: 'CORE_RESTARTING' } });
      await expect.poll(() => restarted.mock.calls.length, { timeout: 10_000 }).toBe(1);
      expect(await page.keel['cart.get']({})).toEqual({ ok: true, value: 'after reconnect' });
    } finally {
      page.stop();
    }
  });
});
