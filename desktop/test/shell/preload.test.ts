import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_NAMES, IPC_EVENTS, type KeelApi } from '@keel/shared';

// The real preload module, with Electron's renderer modules replaced by recorders: what it
// exposes is exactly what a page would see as window.keel.
const exposed = new Map<string, unknown>();
const ipcRenderer = {
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

let keel: KeelApi;
beforeAll(async () => {
  await import('../../src/preload/preload');
  keel = exposed.get('keel') as KeelApi;
});

describe('preload', () => {
  it('When the preload runs, then it exposes window.keel and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['keel']);
    expect(Object.isFrozen(keel)).toBe(true);
  });

  it('When window.keel is read, then it has one method per contract channel plus on, and no ipcRenderer', () => {
    expect(Object.keys(keel).sort()).toEqual([...IPC_CHANNEL_NAMES, 'on'].sort());
    for (const value of Object.values(keel)) expect(typeof value).toBe('function');
  });

  it('When a channel method is called, then it invokes exactly that channel with the input', async () => {
    for (const channel of IPC_CHANNEL_NAMES) {
      const result = await (keel[channel] as (input: unknown) => Promise<unknown>)({ probe: channel });
      expect(result).toEqual({ ok: true, value: { channel, input: { probe: channel } } });
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(IPC_CHANNEL_NAMES.length);
  });

  it('When the page subscribes to an event, then its listener gets the payload only, never the IPC event', () => {
    const listener = vi.fn();
    const off = keel.on('sync.status', listener);
    const [name, relay] = ipcRenderer.on.mock.calls.at(-1)! as [string, (event: unknown, payload: unknown) => void];
    expect(name).toBe('sync.status');
    relay({ sender: 'the IpcRendererEvent' }, { state: 'online' });
    expect(listener).toHaveBeenCalledWith({ state: 'online' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('sync.status', relay);
  });

  it('When the page subscribes to a name outside IPC_EVENTS, then it is refused', () => {
    expect(Object.keys(IPC_EVENTS)).toContain('core.restarted');
    expect(() => keel.on('ipc.anything' as never, () => {})).toThrow(TypeError);
    expect(() => keel.on('sync.status', 'not a function' as never)).toThrow(TypeError);
  });
});
