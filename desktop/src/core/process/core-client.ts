import { IPC_EVENTS, type IpcChannel, type IpcError, type IpcEvent, type IpcResult } from '@keel/shared';
import { callTimeoutMs, isIpcEvent } from './call-gate';
import { FromCoreSchema, type ToCore } from './protocol';

/** A running core process as its parent sees it: utilityProcess in Electron, a forked Node child in the host. */
export interface CoreChild {
  readonly pid: number | undefined;
  postMessage(message: ToCore): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
export type SpawnCore = () => CoreChild;

export interface CoreClientOptions {
  /** Answer for a call core has not answered (see callTimeoutMs for the slow channels). */
  callTimeoutMs?: number;
  /** A core that is not ready this long after spawning is killed and started again. */
  startTimeoutMs?: number;
  pingIntervalMs?: number;
  /** A core that answers nothing (not even a ping) this long is hung: killed and restarted. */
  hangTimeoutMs?: number;
  restartBackoff?: { baseMs: number; capMs: number };
  /** After shutdown is asked, how long core may finish calls in flight before it is killed. */
  shutdownGraceMs?: number;
  /** Consecutive exits before the first ready after which start() gives up. */
  maxStartFailures?: number;
  log?: (message: string) => void;
}

const DEFAULTS = {
  callTimeoutMs: 20_000,
  startTimeoutMs: 60_000,
  pingIntervalMs: 5_000,
  hangTimeoutMs: 30_000,
  restartBackoff: { baseMs: 250, capMs: 10_000 },
  shutdownGraceMs: 10_000,
  maxStartFailures: 3,
  log: (message: string) => console.error(message),
};
/** A core that stayed up this long was healthy: the next crash restarts it without delay build-up. */
const STABLE_MS = 60_000;

interface Pending {
  channel: IpcChannel;
  input: unknown;
  sent: boolean;
  timer: NodeJS.Timeout;
  resolve: (result: IpcResult<IpcChannel>) => void;
}
type State = 'starting' | 'ready' | 'restarting' | 'failed' | 'closing' | 'closed';
type EventListener = (event: IpcEvent, payload: unknown) => void;

const err = (code: IpcError['code'], message: string, details?: unknown): IpcResult<IpcChannel> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * The parent's side of the core process, shared by Electron main and the browser host
 * (DESIGN.md "Where core runs"): relays calls with ids, answers every call with a value or a
 * typed error (never hangs the UI), restarts core when it exits or stops answering, and tells
 * the UI with a `core.restarted` event. Callers validate input before calling (call-gate.ts).
 */
export class CoreClient {
  private readonly options: typeof DEFAULTS;
  private child: CoreChild | null = null;
  private state: State = 'starting';
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private nextId = 1;
  private readyAt = 0;
  private lastSeen = 0;
  private crashes = 0;
  private startFailures = 0;
  private fatal: IpcError | null = null;
  private lastExitReason = '';
  private timers = new Set<NodeJS.Timeout>();
  private started: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private exited: (() => void) | null = null;

  constructor(
    private readonly spawn: SpawnCore,
    options: CoreClientOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns core; resolves when it is ready, rejects when it cannot start at all. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.started = { resolve, reject };
      this.launch();
    });
  }

  call(channel: IpcChannel, input: unknown): Promise<IpcResult<IpcChannel>> {
    if (this.state === 'closing' || this.state === 'closed') return Promise.resolve(err('UNAVAILABLE', 'The terminal is shutting down.'));
    if (this.fatal) return Promise.resolve({ ok: false, error: this.fatal });
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timeoutMs = callTimeoutMs(channel, this.options.callTimeoutMs);
      const timer = setTimeout(() => {
        const entry = this.pending.get(id);
        if (!entry) return;
        this.pending.delete(id);
        // Not sent: core is (re)starting and the call never ran. Sent: it may have run.
        entry.resolve(
          entry.sent
            ? err('INTERNAL', 'The terminal core did not answer in time; the outcome is unknown.', { channel, timeoutMs })
            : err('CORE_RESTARTING', 'The terminal core is restarting; try again in a moment.'),
        );
      }, timeoutMs);
      const entry: Pending = { channel, input, sent: false, timer, resolve };
      this.pending.set(id, entry);
      if (this.state === 'ready') this.send(id, entry);
    });
  }

  /** Every event core emits (names from IPC_EVENTS), plus `core.restarted` after a restart. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks core to finish what it is doing and exit; kills it after the grace period. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const child = this.child;
    this.state = 'closing';
    for (const timer of this.timers) clearTimeout(timer);
    for (const [id, entry] of this.pending) {
      if (entry.sent) continue;
      this.settle(id, err('UNAVAILABLE', 'The terminal is shutting down.'));
    }
    if (child) {
      const gone = new Promise<void>((resolve) => (this.exited = resolve));
      child.postMessage({ type: 'shutdown' });
      const kill = setTimeout(() => child.kill(), this.options.shutdownGraceMs);
      await gone;
      clearTimeout(kill);
    }
    this.state = 'closed';
  }

  private launch(): void {
    const child = this.spawn();
    this.child = child;
    this.lastSeen = Date.now();
    child.onMessage((message) => this.receive(child, message));
    child.onExit((code) => this.exit(child, code));
    this.later(this.options.startTimeoutMs, () => {
      if (this.child === child && this.state !== 'ready' && this.state !== 'closing') {
        this.options.log(`keel: core not ready after ${this.options.startTimeoutMs} ms; killing it`);
        child.kill();
      }
    });
  }

  private receive(child: CoreChild, raw: unknown): void {
    if (child !== this.child) return;
    this.lastSeen = Date.now();
    const parsed = FromCoreSchema.safeParse(raw);
    if (!parsed.success) return this.options.log('keel: ignored a malformed message from core');
    const message = parsed.data;
    if (message.type === 'ready') this.ready();
    else if (message.type === 'result') this.settle(message.id, message.result as IpcResult<IpcChannel>);
    else if (message.type === 'event') this.forward(message.event, message.payload);
    else if (message.type === 'fatal') this.fail(message.error);
  }

  private ready(): void {
    const restarted = this.state === 'restarting';
    this.state = 'ready';
    this.readyAt = Date.now();
    this.startFailures = 0;
    for (const [id, entry] of this.pending) if (!entry.sent) this.send(id, entry);
    this.ping();
    this.started?.resolve();
    this.started = null;
    if (restarted) this.emit('core.restarted', { reason: this.lastExitReason });
  }

  private exit(child: CoreChild, code: number | null): void {
    if (child !== this.child) return;
    this.child = null;
    const reason = `core process exited (${code === null ? 'killed' : `code ${code}`})`;
    // Calls core had received may or may not have run (a sale may be committed): say so.
    for (const [id, entry] of this.pending) {
      if (entry.sent) this.settle(id, err('CORE_RESTARTING', 'The terminal core restarted during this action; check its outcome before repeating it.'));
    }
    if (this.state === 'closing' || this.state === 'closed') {
      this.exited?.();
      return;
    }
    if (this.state === 'failed') return;
    // Only the very first start gives up: once the terminal has run, keep trying (backing off),
    // since the UI can do nothing better than wait and show "restarting".
    if (this.state === 'starting' && ++this.startFailures >= this.options.maxStartFailures) {
      return this.fail({ code: 'INTERNAL', message: `The terminal core could not start: ${reason}.` });
    }
    if (this.state === 'ready' && Date.now() - this.readyAt > STABLE_MS) this.crashes = 0;
    this.crashes++;
    const { baseMs, capMs } = this.options.restartBackoff;
    const delay = Math.min(capMs, baseMs * 2 ** (this.crashes - 1));
    this.options.log(`keel: ${reason}; restarting in ${delay} ms`);
    this.lastExitReason = reason;
    if (this.state === 'ready') this.state = 'restarting';
    this.later(delay, () => this.launch());
  }

  private fail(error: IpcError): void {
    this.state = 'failed';
    this.fatal = error;
    for (const [id] of this.pending) this.settle(id, { ok: false, error });
    this.started?.reject(new Error(error.message));
    this.started = null;
    this.child?.kill();
  }

  private ping(): void {
    const child = this.child;
    if (!child) return;
    this.later(this.options.pingIntervalMs, () => {
      if (child !== this.child || this.state !== 'ready') return;
      if (Date.now() - this.lastSeen > this.options.hangTimeoutMs) {
        this.options.log(`keel: core answered nothing for ${this.options.hangTimeoutMs} ms; killing it`);
        child.kill();
        return;
      }
      child.postMessage({ type: 'ping', id: this.nextId++ });
      this.ping();
    });
  }

  private send(id: number, entry: Pending): void {
    entry.sent = true;
    this.child?.postMessage({ type: 'call', id, channel: entry.channel, input: entry.input });
  }

  private settle(id: number, result: IpcResult<IpcChannel>): void {
    const entry = this.pending.get(id);
    if (!entry) return; // answered after its timeout: the caller already has an answer
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  private forward(event: string, payload: unknown): void {
    if (!isIpcEvent(event)) return this.options.log(`keel: core sent an event outside the contract: ${event}`);
    // The contract's event schema is checked here so the UI only ever sees what it was promised.
    const parsed = IPC_EVENTS[event].safeParse(payload);
    if (!parsed.success) return this.options.log(`keel: core sent a malformed ${event} event`);
    this.emit(event, parsed.data);
  }

  private emit(event: IpcEvent, payload: unknown): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
