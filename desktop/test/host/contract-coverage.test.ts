import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_NAMES, IPC_EVENTS } from '@keel/shared';
import { createHandlers } from '../../src/core/api';
import { gateCall } from '../../src/core/process/call-gate';
import { TerminalCore } from '../../src/core/terminal-core';
import { bridgeScript } from '../../src/host/bridge-script';
import { registerIpc } from '../../src/main/ipc';
import { runBridge } from './support';

// STYLE.md habit 1: "a test proves every channel has a handler". Here: every channel of the
// contract has a core handler, an Electron main registration, a preload method, and a browser
// host bridge method, all derived from IPC_CHANNEL_NAMES; a new contract entry that one of them
// misses fails this file.
const exposed = new Map<string, Record<string, unknown>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

const channels = [...IPC_CHANNEL_NAMES].sort();
let core: TerminalCore;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-contract-'));
  core = await TerminalCore.open({ dataDir: dir, appVersion: '0.0.0', autoSync: false });
});
afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('every contract channel is wired in every shell', () => {
  it('When core builds its handlers, then there is one per channel', () => {
    expect(Object.keys(createHandlers(core)).sort()).toEqual(channels);
  });

  it('When Electron main registers IPC, then every channel is handled and none other', () => {
    const registered: string[] = [];
    registerIpc({ handle: (channel: string) => void registered.push(channel) } as never, { call: vi.fn(), onEvent: () => () => {} }, () => true);
    expect(registered.sort()).toEqual(channels);
    // The gate in front of core knows every channel (its input may still be invalid when empty).
    for (const channel of channels) expect(gateCall(channel, {})).not.toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('When the preload runs, then window.keel has a method per channel and on()', async () => {
    await import('../../src/preload/preload');
    expect(Object.keys(exposed.get('keel')!).sort()).toEqual([...channels, 'on'].sort());
  });

  it('When the host bridge script runs, then window.keel has a method per channel and on() for the contract events', async () => {
    const page = runBridge(await bridgeScript(), 'http://127.0.0.1:1/');
    expect(Object.keys(page.keel).sort()).toEqual([...channels, 'on'].sort());
    for (const event of Object.keys(IPC_EVENTS)) expect(() => page.keel.on(event as never, () => {})).not.toThrow();
  });
});
