import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcEvent } from '@keel/shared';
import { CoreClient, type CoreChild, type CoreClientOptions } from '../../src/core/process/core-client';
import type { FromCore, ToCore } from '../../src/core/process/protocol';

/** A core process stand-in: the test plays core's side of the protocol. */
class FakeChild implements CoreChild {
  static spawned: FakeChild[] = [];
  readonly pid = 1000 + FakeChild.spawned.length;
  readonly received: ToCore[] = [];
  killed = false;
  private listener: (message: unknown) => void = () => {};
  private exitListener: (code: number | null) => void = () => {};
  constructor() {
    FakeChild.spawned.push(this);
  }
  postMessage(message: ToCore) {
    this.received.push(message);
  }
  onMessage(listener: (message: unknown) => void) {
    this.listener = listener;
  }
  onExit(listener: (code: number | null) => void) {
    this.exitListener = listener;
  }
  kill() {
    this.killed = true;
    this.exit(null);
  }
  say(message: FromCore | Record<string, unknown>) {
    this.listener(message);
  }
  exit(code: number | null) {
    this.exitListener(code);
  }
  calls() {
    return this.received.filter((m): m is Extract<ToCore, { type: 'call' }> => m.type === 'call');
  }
  answer(index: number, value: unknown) {
    this.say({ type: 'result', id: this.calls()[index]!.id, result: { ok: true, value } });
  }
}

const FAST: CoreClientOptions = {
  callTimeoutMs: 300,
  restartBackoff: { baseMs: 1, capMs: 5 },
  pingIntervalMs: 20,
  hangTimeoutMs: 100,
  shutdownGraceMs: 200,
  log: () => {},
};
const latest = () => FakeChild.spawned.at(-1)!;
let clients: CoreClient[] = [];

async function started(options: CoreClientOptions = {}) {
  const client = new CoreClient(() => new FakeChild(), { ...FAST, ...options });
  clients.push(client);
  const ready = client.start();
  latest().say({ type: 'ready' });
  await ready;
  return client;
}

afterEach(async () => {
  for (const client of clients) {
    const child = latest();
    const closing = client.close();
    child.exit(0);
    await closing;
  }
  clients = [];
  FakeChild.spawned = [];
});

describe('CoreClient (main and host side of the core process)', () => {
  it('When calls are made before core is ready, then they wait and are sent once it is', async () => {
    const client = new CoreClient(() => new FakeChild(), FAST);
    clients.push(client);
    const ready = client.start();
    const answer = client.call('app.info', {});
    expect(latest().calls()).toHaveLength(0);
    latest().say({ type: 'ready' });
    await ready;
    expect(latest().calls()).toMatchObject([{ channel: 'app.info', input: {} }]);
    latest().answer(0, { version: '1' });
    expect(await answer).toEqual({ ok: true, value: { version: '1' } });
  });

  it('When answers come back out of order, then each caller gets its own', async () => {
    const client = await started();
    const a = client.call('cart.get', {});
    const b = client.call('app.info', {});
    latest().answer(1, 'b');
    latest().answer(0, 'a');
    expect(await a).toEqual({ ok: true, value: 'a' });
    expect(await b).toEqual({ ok: true, value: 'b' });
  });

  it('When core does not answer in time, then the caller gets a typed INTERNAL error saying the outcome is unknown', async () => {
    // Alive (no hang detection here) but slow: a runaway query.
    const client = await started({ hangTimeoutMs: 60_000 });
    const result = await client.call('cart.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { channel: 'cart.get', timeoutMs: 300 } } });
    // A late answer is dropped, not delivered to anyone.
    latest().answer(0, 'late');
  });

  it('When core exits mid-call, then the call fails with CORE_RESTARTING, core is restarted and the UI hears core.restarted', async () => {
    const client = await started();
    const events: Array<[IpcEvent, unknown]> = [];
    client.onEvent((event, payload) => events.push([event, payload]));
    const inFlight = client.call('checkout.complete', { tenders: [] });
    const first = latest();
    first.exit(1);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'CORE_RESTARTING' } });

    await vi.waitFor(() => expect(FakeChild.spawned.length).toBe(2), { timeout: 2_000 });
    const queued = client.call('app.info', {});
    latest().say({ type: 'ready' });
    expect(events).toEqual([['core.restarted', { reason: 'core process exited (code 1)' }]]);
    latest().answer(0, 'again');
    expect(await queued).toEqual({ ok: true, value: 'again' });
  });

  it('When core stops answering pings, then it is killed and a new one started', async () => {
    await started();
    const hung = latest();
    await vi.waitFor(() => expect(hung.received.some((m) => m.type === 'ping')).toBe(true), { timeout: 2_000 });
    await vi.waitFor(() => expect(hung.killed).toBe(true), { timeout: 2_000 });
    await vi.waitFor(() => expect(FakeChild.spawned.length).toBe(2), { timeout: 2_000 });
  });

  it('When core reports a fatal start error, then start rejects and every call answers that error without restarts', async () => {
    const client = new CoreClient(() => new FakeChild(), FAST);
    clients.push(client);
    const start = client.start();
    latest().say({ type: 'fatal', error: { code: 'SCHEMA_TOO_NEW', message: 'The ledger was written by a newer version.' } });
    await expect(start).rejects.toThrow(/newer version/);
    expect(await client.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'SCHEMA_TOO_NEW' } });
    expect(FakeChild.spawned).toHaveLength(1);
  });

  it('When core emits events, then only contract events with valid payloads reach listeners', async () => {
    const client = await started();
    const events: string[] = [];
    client.onEvent((event) => events.push(event));
    latest().say({ type: 'event', event: 'payment.status', payload: { text: 'Insert card' } });
    latest().say({ type: 'event', event: 'shell.exec', payload: {} });
    latest().say({ type: 'event', event: 'payment.status', payload: { wrong: true } });
    latest().say({ nonsense: true });
    expect(events).toEqual(['payment.status']);
  });

  it('When the client closes, then core is asked to shut down and calls after that are refused', async () => {
    const client = await started();
    const child = latest();
    const closing = client.close();
    expect(child.received.at(-1)).toEqual({ type: 'shutdown' });
    child.exit(0);
    await closing;
    clients = [];
    expect(await client.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});
