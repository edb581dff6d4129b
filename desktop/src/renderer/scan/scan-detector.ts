/**
 * Telling a barcode scanner from a person, from keystrokes alone.
 *
 * A keyboard-wedge scanner "types" the code as a burst of characters a few milliseconds apart
 * and ends it with Enter; a person types tens to hundreds of milliseconds apart. So: characters
 * that each arrive within `maxGapMs` of the previous one, ending in an Enter that is just as
 * quick, with at least `minLength` characters, are a scan. Anything else is typing.
 *
 * Two rules keep both scans and typing intact, wherever the focus is:
 * - In an editable field the characters go through as typed (nothing a person types is ever
 *   held back or swallowed). When the burst turns out to be a scan, the caller puts the field
 *   back as it was when the burst began (`burstStarted` says when to remember it) and the
 *   final Enter is swallowed, so the form does not submit the code.
 * - Elsewhere (PIN pad, cash keypad: keys handled by the screen) each character is held for at
 *   most `maxGapMs`: if the burst ends without a scan the held characters are handed to the
 *   screen in order (`flush`), so a person's keys arrive ~50 ms late but all of them, in order.
 *
 * Pure: time comes in with each input, so the same sequence always gives the same decisions.
 */

export interface ScanOptions {
  /** Largest gap between two keys of one scan, Enter included. */
  maxGapMs: number;
  /** Fewest characters a scan has (EAN-8 has 8; in-store codes may be shorter). */
  minLength: number;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = { maxGapMs: 50, minLength: 4 };

export interface ScanState {
  /** Characters of the burst in progress. */
  buffer: string;
  /** When its last character arrived (ms, any monotonic clock). */
  lastAt: number;
  /** Whether the burst began in an editable field (its keys go through natively). */
  editable: boolean;
  /** Characters held back from the screen (non-editable focus only). */
  held: string[];
}

export const IDLE: ScanState = { buffer: '', lastAt: Number.NEGATIVE_INFINITY, editable: false, held: [] };

export type ScanInput =
  /** One printable character, no Ctrl/Alt/Meta. */
  | { kind: 'char'; char: string; at: number; editable: boolean }
  | { kind: 'enter'; at: number }
  /** Any other key (Tab, Escape, arrows, a shortcut): ends a burst. */
  | { kind: 'other'; at: number }
  /** A timer after the last key: hands held characters over once the burst has gone quiet. */
  | { kind: 'tick'; at: number };

export interface ScanStep {
  state: ScanState;
  /** Held characters to give to the screen now, in order, before the current key. */
  flush: string[];
  /**
   * What to do with the current key event: `pass` let it take its normal course; `hold`
   * swallow it for now (it is in `held`); `swallow` it was the end of a scan.
   */
  event: 'pass' | 'hold' | 'swallow';
  /** The code when this key completed a scan. */
  scan: string | null;
  /** This key began a burst in an editable field: remember the field's value now. */
  burstStarted: boolean;
}

function step(state: ScanState, partial: Partial<ScanStep>): ScanStep {
  return { state, flush: [], event: 'pass', scan: null, burstStarted: false, ...partial };
}

export function feedScan(state: ScanState, input: ScanInput, options: ScanOptions = DEFAULT_SCAN_OPTIONS): ScanStep {
  const quick = state.buffer.length > 0 && input.at - state.lastAt <= options.maxGapMs;
  switch (input.kind) {
    case 'char': {
      if (quick && input.editable === state.editable) {
        const held = state.editable ? state.held : [...state.held, input.char];
        return step({ buffer: state.buffer + input.char, lastAt: input.at, editable: state.editable, held }, { event: state.editable ? 'pass' : 'hold' });
      }
      // A new burst: whatever was held from the last one was typed by a person.
      const next: ScanState = { buffer: input.char, lastAt: input.at, editable: input.editable, held: input.editable ? [] : [input.char] };
      return step(next, { flush: state.held, event: input.editable ? 'pass' : 'hold', burstStarted: input.editable });
    }
    case 'enter':
      if (quick && state.buffer.length >= options.minLength) return step(IDLE, { event: 'swallow', scan: state.buffer });
      return step(IDLE, { flush: state.held });
    case 'other':
      return step(IDLE, { flush: state.held });
    case 'tick':
      if (state.buffer.length > 0 && input.at - state.lastAt > options.maxGapMs) return step(IDLE, { flush: state.held });
      return step(state, {});
  }
}

/** True for elements where typing inserts text natively (the browser edits them, not the screen). */
export function isEditableTarget(target: { tagName?: string; type?: string; isContentEditable?: boolean; readOnly?: boolean; disabled?: boolean } | null): boolean {
  if (!target || !target.tagName) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return !target.readOnly && !target.disabled;
  if (tag !== 'INPUT') return false;
  const type = (target.type ?? 'text').toLowerCase();
  const texty = ['text', 'search', 'password', 'email', 'number', 'tel', 'url'].includes(type);
  return texty && !target.readOnly && !target.disabled;
}
