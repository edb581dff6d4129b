import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SCAN_OPTIONS, IDLE, feedScan, isEditableTarget, type ScanInput, type ScanState, type ScanStep } from '../../src/renderer/scan/scan-detector';

/** Feeds inputs in order; answers every step and the final state. */
function run(inputs: ScanInput[], state: ScanState = IDLE): { steps: ScanStep[]; state: ScanState } {
  const steps: ScanStep[] = [];
  for (const input of inputs) {
    const step = feedScan(state, input);
    steps.push(step);
    state = step.state;
  }
  return { steps, state };
}

/** Characters typed `gap` ms apart starting at `at`, then Enter `enterGap` ms after the last. */
function typed(text: string, options: { at?: number; gap: number; enterGap?: number; editable?: boolean }): ScanInput[] {
  const at = options.at ?? 1000;
  const chars: ScanInput[] = [...text].map((char, i) => ({ kind: 'char', char, at: at + i * options.gap, editable: options.editable ?? false }));
  if (options.enterGap === undefined) return chars;
  return [...chars, { kind: 'enter', at: at + (text.length - 1) * options.gap + options.enterGap }];
}

const scans = (steps: ScanStep[]) => steps.flatMap((s) => (s.scan ? [s.scan] : []));
const flushed = (steps: ScanStep[]) => steps.flatMap((s) => s.flush);

describe('scan detector', () => {
  it('When 13 digits arrive 5 ms apart and end in a quick Enter, then it is one scan and the Enter is swallowed', () => {
    const { steps, state } = run(typed('4006381333931', { gap: 5, enterGap: 5 }));
    expect(scans(steps)).toEqual(['4006381333931']);
    expect(steps.at(-1)?.event).toBe('swallow');
    expect(flushed(steps)).toEqual([]);
    expect(state).toEqual(IDLE);
  });

  it('When a person types digits 150 ms apart and presses Enter, then nothing is a scan and every key reaches the screen in order', () => {
    const { steps } = run(typed('1234', { gap: 150, enterGap: 200 }));
    expect(scans(steps)).toEqual([]);
    // Each held digit is handed over when the next one shows the burst was a person.
    expect(flushed(steps)).toEqual(['1', '2', '3', '4']);
    expect(steps.at(-1)?.event).toBe('pass');
  });

  it('When a burst is quick but the Enter comes late, then it is typing and the characters are flushed', () => {
    const { steps } = run(typed('4006381333931', { gap: 5, enterGap: 400 }));
    expect(scans(steps)).toEqual([]);
    expect(flushed(steps).join('')).toBe('4006381333931');
  });

  it('When a quick burst is shorter than the minimum, then it is not a scan', () => {
    const { steps } = run(typed('12', { gap: 5, enterGap: 5 }));
    expect(scans(steps)).toEqual([]);
    expect(flushed(steps)).toEqual(['1', '2']);
  });

  it('When the burst goes quiet, then a tick hands the held characters over and resets', () => {
    const { state } = run(typed('ab', { gap: 10 }));
    expect(state.held).toEqual(['a', 'b']);
    const quiet = feedScan(state, { kind: 'tick', at: state.lastAt + DEFAULT_SCAN_OPTIONS.maxGapMs + 1 });
    expect(quiet.flush).toEqual(['a', 'b']);
    expect(quiet.state).toEqual(IDLE);
    const early = feedScan(state, { kind: 'tick', at: state.lastAt + 10 });
    expect(early.flush).toEqual([]);
    expect(early.state).toBe(state);
  });

  it('When the focus is in a text field, then characters pass through natively and only the scan’s Enter is swallowed', () => {
    const { steps } = run(typed('4006381333931', { gap: 4, enterGap: 4, editable: true }));
    expect(steps.slice(0, -1).every((s) => s.event === 'pass')).toBe(true);
    expect(steps[0]?.burstStarted).toBe(true);
    expect(steps.slice(1).some((s) => s.burstStarted)).toBe(false);
    expect(scans(steps)).toEqual(['4006381333931']);
    expect(steps.at(-1)?.event).toBe('swallow');
    expect(flushed(steps)).toEqual([]);
  });

  it('When a person typed a character just before a scan, then the character is kept for the screen and the scan is whole', () => {
    const inputs: ScanInput[] = [{ kind: 'char', char: 'x', at: 0, editable: false }, ...typed('12345678', { at: 500, gap: 3, enterGap: 3 })];
    const { steps } = run(inputs);
    expect(flushed(steps)).toEqual(['x']);
    expect(scans(steps)).toEqual(['12345678']);
  });

  it('When another key (Tab, a shortcut) interrupts a burst, then the burst ends and its characters go to the screen', () => {
    const { steps } = run([...typed('123', { gap: 5 }), { kind: 'other', at: 1012 }, { kind: 'enter', at: 1014 }]);
    expect(flushed(steps)).toEqual(['1', '2', '3']);
    expect(scans(steps)).toEqual([]);
  });

  it('When any sequence of keys arrives, then every character is either in a scan or handed to the screen, exactly once and in order (non-editable focus)', () => {
    const key = fc.oneof(
      fc.record({ kind: fc.constant('char' as const), char: fc.constantFrom('1', '2', 'a', 'Z', '-'), gap: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('enter' as const), gap: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('other' as const), gap: fc.integer({ min: 0, max: 200 }) }),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
        let at = 0;
        let state = IDLE;
        const typedChars: string[] = [];
        const out: string[] = [];
        for (const k of keys) {
          at += k.gap;
          const input: ScanInput = k.kind === 'char' ? { kind: 'char', char: k.char, at, editable: false } : { kind: k.kind, at };
          if (k.kind === 'char') typedChars.push(k.char);
          const step = feedScan(state, input);
          out.push(...step.flush);
          if (step.scan) out.push(...step.scan);
          state = step.state;
        }
        const end = feedScan(state, { kind: 'tick', at: at + 1000 });
        out.push(...end.flush);
        expect(out.join('')).toBe(typedChars.join(''));
      }),
    );
  });
});

describe('editable targets', () => {
  it('When the target is a text input, textarea or content-editable, then typing is native; buttons, checkboxes and read-only fields are not', () => {
    expect(isEditableTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isEditableTarget({ tagName: 'input', type: 'text' })).toBe(true);
    expect(isEditableTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isEditableTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isEditableTarget({ tagName: 'INPUT', type: 'text', readOnly: true })).toBe(false);
    expect(isEditableTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isEditableTarget({ tagName: 'BODY' })).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});
