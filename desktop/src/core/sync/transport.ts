import {
  ErrorEnvelopeSchema,
  KeelError,
  PullResponseSchema,
  PushResponseSchema,
  type Operation,
  type PullResponse,
  type PushResponse,
} from '@keel/shared';
import type { z } from 'zod';
import { parseRetryAfter } from './backoff';

/** A failure talking to the server, with what the engine needs to decide what to do next. */
export class TransportError extends KeelError {
  constructor(
    code: ConstructorParameters<typeof KeelError>[0],
    message: string,
    details: unknown,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(code, message, details);
  }
}

export interface SyncTransport {
  push(ops: readonly Operation[]): Promise<PushResponse>;
  pull(cursor: string | null, limit: number): Promise<PullResponse>;
  ready(): Promise<boolean>;
}

/**
 * HTTP transport to the sync server: every request has a timeout, every response is parsed with
 * the shared zod schema, every failure becomes a typed TransportError (never a raw fetch error).
 * A timeout means the outcome is unknown; resending is safe because push is idempotent.
 */
export class HttpTransport implements SyncTransport {
  constructor(
    private readonly serverUrl: string,
    private readonly token: string,
    private readonly options: { timeoutMs: number; now: () => Date; fetch?: typeof fetch },
  ) {}

  push(ops: readonly Operation[]): Promise<PushResponse> {
    return this.request('POST', '/v1/sync/push', PushResponseSchema, JSON.stringify({ ops }));
  }

  pull(cursor: string | null, limit: number): Promise<PullResponse> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.request('GET', `/v1/sync/pull?${query}`, PullResponseSchema);
  }

  async ready(): Promise<boolean> {
    try {
      const res = await (this.options.fetch ?? fetch)(new URL('/readyz', this.serverUrl), { signal: AbortSignal.timeout(this.options.timeoutMs) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  }

  private async request<S extends z.ZodType>(method: string, path: string, schema: S, body?: string): Promise<z.infer<S>> {
    let res: Response;
    let text: string;
    try {
      res = await (this.options.fetch ?? fetch)(new URL(path, this.serverUrl), {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      throw new TransportError(
        timedOut ? 'REQUEST_TIMEOUT' : 'NETWORK_UNREACHABLE',
        timedOut ? 'The server did not answer in time.' : 'The server could not be reached.',
        undefined,
        null,
        null,
      );
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.options.now());
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A truncated or non-JSON body (a proxy's error page, a cut connection) is a transient failure.
      throw new TransportError('UNAVAILABLE', `The server answered ${res.status} with an unreadable body.`, undefined, res.status, retryAfterMs);
    }
    if (!res.ok) {
      const envelope = ErrorEnvelopeSchema.safeParse(json);
      const keel = envelope.success ? KeelError.fromEnvelope(envelope.data) : new KeelError(res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL', `HTTP ${res.status}`);
      throw new TransportError(keel.code, keel.message, keel.details, res.status, retryAfterMs);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new TransportError('UNAVAILABLE', 'The server answered with an unexpected shape.', undefined, res.status, retryAfterMs);
    return parsed.data;
  }
}
