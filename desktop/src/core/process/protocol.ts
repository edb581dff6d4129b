import { z } from 'zod';
import { IpcErrorSchema, type IpcChannel, type IpcError, type IpcEvent, type IpcResult } from '@keel/shared';

/**
 * The message protocol between core and whoever relays for it (Electron main over the
 * utilityProcess parentPort, the browser host over child_process IPC, and the host's WebSocket
 * to the page). Deliberately tiny: calls carry an id, answers carry the same id, events carry a
 * name from IPC_EVENTS. Every side parses what it receives (STYLE.md habit 6): the process
 * boundary is a trust boundary in both directions.
 */
const Id = z.number().int().nonnegative();

export const ToCoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: Id, channel: z.string().min(1).max(100), input: z.unknown() }),
  /** Liveness: a core that stops answering pings is hung (a runaway query) and is restarted. */
  z.object({ type: z.literal('ping'), id: Id }),
  /** Close the ledger cleanly, then exit. */
  z.object({ type: z.literal('shutdown') }),
]);
export type ToCore = z.infer<typeof ToCoreSchema>;

const ResultSchema = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: IpcErrorSchema })]);

export const FromCoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: Id, result: ResultSchema }),
  z.object({ type: z.literal('event'), event: z.string().min(1).max(100), payload: z.unknown() }),
  z.object({ type: z.literal('pong'), id: Id }),
  /** Core could not start (bad data dir, newer schema on disk): restarting would not help. */
  z.object({ type: z.literal('fatal'), error: IpcErrorSchema }),
]);
export type FromCore = z.infer<typeof FromCoreSchema>;

/** What the page and the host exchange over the WebSocket: calls up, results and events down. */
export const BridgeCallSchema = z.object({ type: z.literal('call'), id: Id, channel: z.string().min(1).max(100), input: z.unknown() }).strict();

/** One end of a message channel: utilityProcess's parentPort, process.send, a test double. */
export interface CorePort {
  postMessage(message: FromCore): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The other end went away; core closes its ledger and exits. */
  onDisconnect(listener: () => void): void;
}

/** Options core takes across a process boundary: only plain data (no clocks, no functions). */
export const CoreProcessConfigSchema = z
  .object({
    dataDir: z.string().min(1),
    appVersion: z.string().min(1).default('0.0.0-dev'),
    autoSync: z.boolean().default(true),
    requestTimeoutMs: z.number().int().positive().optional(),
    sync: z
      .object({
        pullLimit: z.number().int().positive().optional(),
        intervalMs: z.number().int().positive().optional(),
        backoff: z.object({ baseMs: z.number().int().positive(), capMs: z.number().int().positive() }).optional(),
        breaker: z.object({ threshold: z.number().int().positive(), cooldownMs: z.number().int().positive() }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CoreProcessConfig = z.input<typeof CoreProcessConfigSchema>;

export function ipcError(code: IpcError['code'], message: string, details?: unknown): IpcError {
  return details === undefined ? { code, message } : { code, message, details };
}

export function failed<C extends IpcChannel>(error: IpcError): IpcResult<C> {
  return { ok: false, error };
}

export type EventListener = (event: IpcEvent, payload: unknown) => void;
