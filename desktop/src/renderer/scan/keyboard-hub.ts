import { DEFAULT_SCAN_OPTIONS, IDLE, feedScan, isEditableTarget, type ScanInput, type ScanOptions, type ScanState } from './scan-detector';

/** A screen's keys: answer true when the key was used (its default action is then prevented). */
export type KeyHandler = (key: string, info: { inField: boolean }) => boolean;
export type ScanHandler = (code: string) => void;
/** Dialogs take keys and scans before the screen under them, whatever the mount order. */
export type Layer = 'screen' | 'dialog';

interface Entry<T> {
  handler: T;
  layer: Layer;
}

const IGNORED = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'AltGraph', 'Meta', 'Dead', 'Unidentified', 'NumLock']);

interface FieldSnapshot {
  el: HTMLInputElement | HTMLTextAreaElement;
  value: string;
  start: number | null;
  end: number | null;
}

/**
 * The one keyboard listener of the UI (capture phase on window, so it sees every key before any
 * element does). It feeds the pure scan detector and carries out its decisions: scans go to the
 * top scan handler, keys to the top key handler (the open dialog, else the screen). Screens
 * never listen to the keyboard themselves, so a scanner's digits can never type into a PIN pad
 * or a cash amount, and a scan arriving with focus anywhere is never lost.
 */
export class KeyboardHub {
  private state: ScanState = IDLE;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private snapshot: FieldSnapshot | null = null;
  private readonly keyHandlers: Entry<KeyHandler>[] = [];
  private readonly scanHandlers: Entry<ScanHandler>[] = [];
  private fallbackScan: ScanHandler = () => undefined;

  constructor(
    private readonly options: ScanOptions = DEFAULT_SCAN_OPTIONS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  attach(target: Window): () => void {
    target.addEventListener('keydown', this.onKeyDown, true);
    return () => {
      target.removeEventListener('keydown', this.onKeyDown, true);
      if (this.timer !== null) clearTimeout(this.timer);
    };
  }

  /** The last pushed handler of the highest layer gets keys first; the returned function removes it. */
  pushKeys(handler: KeyHandler, layer: Layer = 'screen'): () => void {
    return pushTo(this.keyHandlers, { handler, layer });
  }

  pushScans(handler: ScanHandler, layer: Layer = 'screen'): () => void {
    return pushTo(this.scanHandlers, { handler, layer });
  }

  /** Where a scan goes when no screen takes scans (e.g. the login screen says why it was not sold). */
  setFallbackScan(handler: ScanHandler): void {
    this.fallbackScan = handler;
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing || IGNORED.has(event.key)) return;
    const at = event.timeStamp > 0 ? event.timeStamp : this.now();
    const target = event.target instanceof HTMLElement ? event.target : null;
    const editable = isEditableTarget(target);
    const modified = event.ctrlKey || event.metaKey || event.altKey;
    const input: ScanInput =
      event.key.length === 1 && !modified && !event.repeat
        ? { kind: 'char', char: event.key, at, editable }
        : event.key === 'Enter' && !modified
          ? { kind: 'enter', at }
          : { kind: 'other', at };
    const burstWasEditable = this.state.editable;
    const step = feedScan(this.state, input, this.options);
    this.state = step.state;
    for (const char of step.flush) this.deliver(char, false);
    if (step.burstStarted) this.snapshot = snapshotOf(target);

    if (step.event === 'hold') {
      event.preventDefault();
      event.stopImmediatePropagation();
      this.arm();
      return;
    }
    if (step.event === 'swallow' && step.scan !== null) {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (burstWasEditable && this.snapshot) restore(this.snapshot);
      this.snapshot = null;
      this.emitScan(step.scan);
      return;
    }
    if (input.kind === 'char' && editable) {
      this.arm(); // typed natively into the field; a scan would be undone on its Enter
      return;
    }
    if (this.deliver(event.key, editable)) event.preventDefault();
  };

  private arm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const step = feedScan(this.state, { kind: 'tick', at: this.now() }, this.options);
      this.state = step.state;
      for (const char of step.flush) this.deliver(char, false);
      if (step.state.buffer.length > 0) this.arm();
    }, this.options.maxGapMs + 5);
  }

  /**
   * Offers the key to the handlers of the top layer, newest first, until one takes it: with a
   * dialog open, the screen under it gets no keys at all.
   */
  private deliver(key: string, inField: boolean): boolean {
    const layer = this.keyHandlers.some((e) => e.layer === 'dialog') ? 'dialog' : 'screen';
    for (const entry of [...this.keyHandlers].reverse()) {
      if (entry.layer === layer && entry.handler(key, { inField })) return true;
    }
    return false;
  }

  private emitScan(code: string): void {
    (top(this.scanHandlers)?.handler ?? this.fallbackScan)(code);
  }
}

function top<T>(list: readonly Entry<T>[]): Entry<T> | undefined {
  return list.findLast((e) => e.layer === 'dialog') ?? list.at(-1);
}

function pushTo<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const index = list.lastIndexOf(item);
    if (index >= 0) list.splice(index, 1);
  };
}

function snapshotOf(target: HTMLElement | null): FieldSnapshot | null {
  if (!(target instanceof HTMLInputElement) && !(target instanceof HTMLTextAreaElement)) return null;
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = target.selectionStart;
    end = target.selectionEnd;
  } catch {
    // number inputs have no selection
  }
  return { el: target, value: target.value, start, end };
}

/**
 * Puts a field back as it was before a scan typed into it. The value is set through the
 * prototype's setter and announced with an input event, which is how React's controlled inputs
 * learn of a change they did not make.
 */
function restore(snapshot: FieldSnapshot): void {
  const { el } = snapshot;
  if (!el.isConnected) return;
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, snapshot.value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  if (snapshot.start !== null && snapshot.end !== null) {
    try {
      el.setSelectionRange(snapshot.start, snapshot.end);
    } catch {
      // not every input type has a selection
    }
  }
}
