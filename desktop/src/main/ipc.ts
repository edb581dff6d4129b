import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNEL_NAMES, type IpcChannel, type IpcEvent, type IpcResult } from '@keel/shared';
import { gateCall } from '../core/process/call-gate';

/** What main relays to: the core process (CoreClient), or a double in tests. */
export interface RelayCore {
  call(channel: IpcChannel, input: unknown): Promise<IpcResult<IpcChannel>>;
  onEvent(listener: (event: IpcEvent, payload: unknown) => void): () => void;
}

const DENIED: IpcResult<IpcChannel> = { ok: false, error: { code: 'PERMISSION_DENIED', message: 'This page may not call the terminal.' } };

/**
 * Only the app's own top-level page may call core (checklist item 17): the sender frame must
 * exist, be the main frame, and have the app's origin. A frame that navigated away, an iframe,
 * or a frame already destroyed is refused.
 */
export function senderAllowed(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, isAppUrl: (url: unknown) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Every channel of the contract, registered in ONE loop (DESIGN.md "The IPC contract"): check
 * the sender, validate the input against the channel's schema, and only then relay to core.
 * There is no catch-all channel and nothing is written per channel.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, core: RelayCore, isAppUrl: (url: unknown) => boolean): void {
  for (const channel of IPC_CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<IpcResult<IpcChannel>> => {
      if (!senderAllowed(event, isAppUrl)) return DENIED;
      const gate = gateCall(channel, input);
      if (!gate.ok) return { ok: false, error: gate.error };
      return core.call(gate.channel, gate.input);
    });
  }
}

/** Core's events (names from IPC_EVENTS, checked by CoreClient) to the window, if it is still there. */
export function forwardEvents(core: RelayCore, target: () => Pick<WebContents, 'send' | 'isDestroyed'> | null): () => void {
  return core.onEvent((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  });
}
