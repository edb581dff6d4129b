import {
  ErrorEnvelopeSchema,
  KeelError,
  PULL_LIMIT_MAX,
  PullResponseSchema,
  PushResponseSchema,
  type Operation,
  type PushResponse,
} from '@keel/shared';
import { z } from 'zod';
import { parseRetryAfter } from './backoff';

/**
 * `GET /v1/sync/journal?afterSeq=&limit=`: this terminal's own operations as the server stored
 * them (server/src/domain/journal-download.ts), for recovering a ledger restored from an older
 * backup. Operations are checked one by one (OperationSchema) and against the chain by the
 * recovery, not here: a malformed one must stop the recovery, not be skipped.
 */
export const JournalPageSchema = z.object({
  ops: z.array(z.unknown()),
  rejected: z.array(z.object({ seq: z.number().int().min(1), reason: z.string() })),
  lastSeq: z.number().int().min(0),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  hasMore: z.boolean(),
});
export type JournalPage = z.infer<typeof JournalPageSchema>;

/**
 * A pull page as the transport hands it on: the envelope (cursor, hasMore, ackedSeq, snapshot
 * progress) checked here, each change left to the catalog sink, which validates every one and
 * refuses the whole page on a bad one (CatalogReplica.applyPage). Parsing every change twice
 * cost ~1.3 s of a 100k-product first sync.
 */
export const PullPageSchema = PullResponseSchema.extend({ changes: z.array(z.unknown()).max(PULL_LIMIT_MAX) });
export type PullPage = z.infer<typeof PullPageSchema>;

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
  pull(cursor: string | null, limit: number): Promise<PullPage>;
  ready(): Promise<boolean>;
  /** This terminal's stored operations after `afterSeq` (ledger recovery). */
  journal(afterSeq: number, limit: number): Promise<JournalPage>;
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

  pull(cursor: string | null, limit: number): Promise<PullPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.request('GET', `/v1/sync/pull?${query}`, PullPageSchema);
  }

  journal(afterSeq: number, limit: number): Promise<JournalPage> {
    const query = new URLSearchParams({ afterSeq: String(afterSeq), limit: String(limit) });
    return this.request('GET', `/v1/sync/journal?${query}`, JournalPageSchema);
  }

  /**
   * The breaker's probe: true when /readyz answers 2xx. A server that answers otherwise is not
   * ready (false); one that cannot be reached at all is a network failure (thrown), so the
   * status says "offline" rather than "server error" while the network is down.
   */
  async ready(): Promise<boolean> {
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(new URL('/readyz', this.serverUrl), { signal: AbortSignal.timeout(this.options.timeoutMs) });
      await res.arrayBuffer();
    } catch (error) {
      throw networkError(error);
    }
    return res.ok;
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
      throw networkError(error);
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

/** A request that got no complete answer: timed out (outcome unknown) or never reached the server. */
function networkError(error: unknown): TransportError {
  const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
  return new TransportError(
    timedOut ? 'REQUEST_TIMEOUT' : 'NETWORK_UNREACHABLE',
    timedOut ? 'The server did not answer in time.' : 'The server could not be reached.',
    undefined,
    null,
    null,
  );
}
