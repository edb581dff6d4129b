import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL_NAMES, type IpcChannel, type IpcEvent, type IpcResult } from '@keel/shared';
import { forwardEvents, registerIpc, type RelayCore } from '../../src/main/ipc';
import { isAppUrl } from '../../src/main/security/trusted-url';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcResult<IpcChannel>>;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) } as unknown as Pick<IpcMain, 'handle'>;
  const core = {
    call: vi.fn(async (): Promise<IpcResult<IpcChannel>> => ({ ok: true, value: { relayed: true } as never })),
    onEvent: () => () => {},
  } satisfies RelayCore;
  registerIpc(ipcMain, core, (url) => isAppUrl(url, 'keel://app'));
  const invoke = (channel: string, input: unknown, frame: { url: string; parent: unknown } | null = { url: 'keel://app/index.html', parent: null }) =>
    handlers.get(channel)!({ senderFrame: frame } as unknown as IpcMainInvokeEvent, input);
  return { handlers, core, invoke };
}

describe('Electron main IPC registration', () => {
  it('When main starts, then exactly the contract channels are registered, one handler each', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
  });

  it('When the app page calls with valid input, then the call is relayed to core and its answer returned', async () => {
    const { invoke, core } = setup();
    expect(await invoke('cart.addByBarcode', { barcode: '4006381333931' })).toEqual({ ok: true, value: { relayed: true } });
    expect(core.call).toHaveBeenCalledWith('cart.addByBarcode', { barcode: '4006381333931' });
  });

  it.each([
    ['a page of another origin', { url: 'https://evil.example/', parent: null }],
    ['a sub-frame of the app', { url: 'keel://app/index.html', parent: {} }],
    ['a destroyed frame', null],
  ])('When %s calls, then it gets PERMISSION_DENIED and core is never called', async (_who, frame) => {
    const { invoke, core } = setup();
    expect(await invoke('app.info', {}, frame)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(core.call).not.toHaveBeenCalled();
  });

  it('When input breaks the channel schema, then INVALID_INPUT comes back and core is never called', async () => {
    const { invoke, core } = setup();
    const result = await invoke('cart.addByBarcode', { barcode: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ path: 'barcode' }] } } });
    expect(await invoke('session.login', { userId: 'u1', pin: '12', extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(core.call).not.toHaveBeenCalled();
  });

  it('When core emits an event, then the window receives it under the same name, and a closed window is skipped', () => {
    let listener: (event: IpcEvent, payload: unknown) => void = () => {};
    const core: RelayCore = {
      call: vi.fn(),
      onEvent: (l) => {
        listener = l;
        return () => {};
      },
    };
    const send = vi.fn();
    let destroyed = false;
    forwardEvents(core, () => ({ send, isDestroyed: () => destroyed }));
    listener('sync.status', { state: 'online' });
    destroyed = true;
    listener('sync.status', { state: 'offline' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith('sync.status', { state: 'online' });
  });
});
