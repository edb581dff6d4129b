import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandlers, type Handlers } from '../../src/core/api';
import type { CorePort, FromCore } from '../../src/core/process/protocol';
import { serveCore } from '../../src/core/process/serve-core';
import { TerminalCore } from '../../src/core/terminal-core';
import { tempDir } from '../support/temp';

/** The parent's end of the port: what core posted, and a way to send it messages. */
function fakePort() {
  const posted: FromCore[] = [];
  let receive: (message: unknown) => void = () => {};
  let disconnect: () => void = () => {};
  const port: CorePort = {
    postMessage: (message) => posted.push(message),
    onMessage: (listener) => (receive = listener),
    onDisconnect: (listener) => (disconnect = listener),
  };
  return { port, posted, send: (message: unknown) => receive(message), disconnect: () => disconnect() };
}

const cores: TerminalCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

async function serve(override: Partial<Handlers> = {}) {
  const core = await TerminalCore.open({ dataDir: tempDir(), appVersion: '9.9.9', autoSync: false });
  cores.push(core);
  const parent = fakePort();
  const onShutdown = vi.fn();
  serveCore(parent.port, { handlers: { ...createHandlers(core), ...override }, on: (event, listener) => core.on(event, listener) }, onShutdown);
  return { core, parent, onShutdown };
}

describe('core process message loop', () => {
  it('When core is served, then it says ready, answers calls by id with typed results, and answers pings', async () => {
    const { parent } = await serve();
    expect(parent.posted[0]).toEqual({ type: 'ready' });
    parent.send({ type: 'call', id: 7, channel: 'app.info', input: {} });
    parent.send({ type: 'call', id: 8, channel: 'cart.get', input: {} });
    parent.send({ type: 'ping', id: 9 });
    await vi.waitFor(() => expect(parent.posted).toHaveLength(4));
    expect(parent.posted).toContainEqual({ type: 'result', id: 7, result: { ok: true, value: { version: '9.9.9', enrolled: false, terminalCode: null, storeName: null } } });
    expect(parent.posted).toContainEqual({ type: 'result', id: 8, result: { ok: false, error: { code: 'NOT_ENROLLED', message: expect.any(String) } } });
    expect(parent.posted).toContainEqual({ type: 'pong', id: 9 });
  });

  it('When a message does not follow the protocol, then it is ignored', async () => {
    const { parent } = await serve();
    for (const junk of [null, 'call', { type: 'call' }, { type: 'call', id: -1, channel: 'app.info' }, { type: 'eval', code: '1' }]) parent.send(junk);
    expect(parent.posted).toEqual([{ type: 'ready' }]);
  });

  it('When core emits an event, then the parent receives it by name', async () => {
    const { core, parent } = await serve();
    core.emit('payment.status', { text: 'Insert or tap card' });
    expect(parent.posted.at(-1)).toEqual({ type: 'event', event: 'payment.status', payload: { text: 'Insert or tap card' } });
  });

  it('When shutdown arrives during a call, then that call still answers, later calls are refused, and then core shuts down', async () => {
    let finish: (value: never) => void = () => {};
    const { parent, onShutdown } = await serve({ 'cart.get': () => new Promise<never>((resolve) => (finish = resolve)) });
    parent.send({ type: 'call', id: 1, channel: 'cart.get', input: {} });
    parent.send({ type: 'shutdown' });
    parent.send({ type: 'call', id: 2, channel: 'app.info', input: {} });
    expect(onShutdown).not.toHaveBeenCalled();
    expect(parent.posted.at(-1)).toMatchObject({ type: 'result', id: 2, result: { ok: false, error: { code: 'CORE_RESTARTING' } } });
    finish({ lines: [] } as never);
    await vi.waitFor(() => expect(onShutdown).toHaveBeenCalledTimes(1));
    expect(parent.posted).toContainEqual({ type: 'result', id: 1, result: { ok: true, value: { lines: [] } } });
  });

  it('When the parent goes away, then core shuts down', async () => {
    const { parent, onShutdown } = await serve();
    parent.disconnect();
    expect(onShutdown).toHaveBeenCalledTimes(1);
  });
});
