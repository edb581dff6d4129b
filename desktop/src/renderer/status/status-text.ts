import type { IpcEventPayload, SyncStatus } from '@keel/shared';
import { age, clockTime } from '../format/display';

/**
 * The words of the status bar (DESIGN.md invariant 7): each degraded state says what it is and
 * what it means for the cashier. Pure, so every state's text is tested without a browser.
 */

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

export interface StatusText {
  tone: Tone;
  label: string;
  /** What it means for the cashier, for the tooltip and the details panel. */
  detail: string;
  /** The same in a few words, for the status bar itself. */
  hint?: string;
}

export function syncText(status: SyncStatus | null, now: Date = new Date()): StatusText {
  if (!status) return { tone: 'idle', label: 'Sync: starting', detail: 'Waiting for the first status from the terminal.' };
  const retry = status.nextAttemptAt ? ` Next try at ${clockTime(status.nextAttemptAt, now)}.` : '';
  switch (status.state) {
    case 'online':
      return { tone: 'ok', label: 'Online', detail: `Connected to the server.${status.lastSuccessAt ? ` Last sync ${clockTime(status.lastSuccessAt, now)}.` : ''}` };
    case 'syncing':
      return { tone: 'busy', label: 'Syncing…', detail: 'Sending sales and fetching catalog changes.' };
    case 'offline':
      return {
        tone: 'warn',
        label: 'Offline',
        hint: 'Keep selling: sales are saved and sent later.',
        detail: `The server cannot be reached. Keep selling: sales are saved on this terminal and sent when the connection is back.${retry}`,
      };
    case 'serverError':
      return {
        tone: 'warn',
        label: 'Server problem',
        hint: 'Keep selling: sales are kept and retried.',
        detail: `The server answered with an error${status.lastError ? ` (${status.lastError.code})` : ''}. Keep selling: sales are kept here and retried.${retry}`,
      };
    case 'rejectedOps':
      return {
        tone: 'error',
        label: `${status.rejected.length} rejected`,
        hint: 'Selling continues; a manager must review.',
        detail: `The server refused ${status.rejected.length === 1 ? 'one record' : `${status.rejected.length} records`} from this terminal. Selling continues; a manager must review them.`,
      };
    case 'conflict':
      return {
        tone: 'error',
        label: 'Sync stopped: conflict',
        hint: 'Selling continues; call IT.',
        detail: 'This terminal and the server disagree about its records. Nothing is lost and selling continues, but sync waits until IT looks at it.',
      };
    case 'notEnrolled':
      return { tone: 'idle', label: 'Not enrolled', detail: 'This terminal is not connected to a server yet.' };
  }
}

/** "3 pending since 14:02", "All sent", or "1 pending" for an operation without a time. */
export function pendingText(status: SyncStatus | null, now: Date = new Date()): { label: string; detail: string } {
  if (!status) return { label: '', detail: '' };
  if (status.pendingCount === 0) return { label: 'All sent', detail: 'Every sale and shift record of this terminal is on the server.' };
  const since = status.oldestPendingAt ? ` since ${clockTime(status.oldestPendingAt, now)}` : '';
  const waited = status.oldestPendingAt ? ` The oldest has waited ${age(status.oldestPendingAt, now)}.` : '';
  return {
    label: `${status.pendingCount} pending${since}`,
    detail: `${status.pendingCount === 1 ? 'One record is' : `${status.pendingCount} records are`} saved on this terminal and not yet on the server.${waited}`,
  };
}

type Devices = IpcEventPayload<'device.status'>['devices'];
type DeviceKind = Devices[number]['kind'];

const DEVICE_NAMES: Record<DeviceKind, string> = {
  printer: 'Printer',
  cardTerminal: 'Card terminal',
  cashDrawer: 'Drawer',
  scanner: 'Scanner',
  scale: 'Scale',
};

const CODE_WORDS: Record<string, string> = {
  PRINTER_PAPER_OUT: 'out of paper',
  PRINTER_PAPER_LOW: 'paper low',
  PRINTER_COVER_OPEN: 'cover open',
  PRINTER_OFFLINE: 'offline',
  PRINTER_ERROR: 'error',
  PORT_OPEN_FAILED: 'port cannot be opened',
  DEVICE_NO_ANSWER: 'no answer',
  CARD_TERMINAL_UNAVAILABLE: 'not connected',
  CARD_TERMINAL_ERROR: 'error',
};

/** One device's bar text; a device that never reported is "not configured", never "ok". */
export function deviceText(kind: DeviceKind, devices: Devices | null): StatusText {
  const name = DEVICE_NAMES[kind];
  const device = devices?.find((d) => d.kind === kind);
  if (!device || device.state === 'notConfigured') {
    return { tone: 'idle', label: `${name}: not configured`, detail: `No ${name.toLowerCase()} is set up on this terminal.` };
  }
  const words = device.code ? (CODE_WORDS[device.code] ?? device.code.toLowerCase().replaceAll('_', ' ')) : null;
  switch (device.state) {
    case 'ok':
      return { tone: 'ok', label: `${name}: ready`, detail: device.detail ?? `${name} is working.` };
    case 'degraded':
      return { tone: 'warn', label: `${name}: ${words ?? 'needs attention'}`, detail: `${name} works but needs attention soon.` };
    case 'error':
      return { tone: 'error', label: `${name}: ${words ?? 'error'}`, detail: `${name} cannot work until this is fixed.` };
    case 'offline':
      return { tone: 'error', label: `${name}: offline`, detail: `${name} does not answer. Check its cable and power.` };
  }
}

export function updateText(update: IpcEventPayload<'update.status'> | null): StatusText | null {
  if (!update || update.state === 'none') return null;
  const version = update.version ? ` ${update.version}` : '';
  switch (update.state) {
    case 'downloading':
      return { tone: 'busy', label: `Update${version}: downloading ${update.progress ?? 0} %`, detail: 'Selling is not affected.' };
    case 'ready':
      return { tone: 'warn', label: `Update${version} ready`, detail: 'It installs when no sale or shift close is in progress.' };
    case 'error':
      return { tone: 'warn', label: 'Update failed', detail: 'The update could not be downloaded; it will be tried again. Selling is not affected.' };
  }
}

/** First-sync progress in words: "Loading catalog: 40 % (1,200 of 3,000)". */
export function catalogProgress(status: SyncStatus | null): { percent: number | null; label: string } {
  const catalog = status?.catalog;
  if (!catalog || catalog.phase === 'idle') return { percent: null, label: status?.state === 'syncing' ? 'Contacting the server…' : '' };
  if (catalog.total <= 0) return { percent: null, label: 'Loading catalog…' };
  const percent = Math.min(100, Math.floor((catalog.done * 100) / catalog.total));
  const n = (x: number) => x.toLocaleString('en');
  return { percent, label: `Loading catalog: ${percent} % (${n(catalog.done)} of ${n(catalog.total)} records)` };
}
