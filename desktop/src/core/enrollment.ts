import { EnrollResponseSchema, ErrorEnvelopeSchema, KeelError } from '@keel/shared';
import type { TerminalIdentity } from './identity';

/**
 * Exchanges a one-time enrollment code for this terminal's identity and token
 * (POST /v1/terminals/enroll). The token is returned to core only; it never reaches the UI.
 */
export async function enrollWithServer(
  serverUrl: string,
  code: string,
  name: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<TerminalIdentity> {
  let res: Response;
  let body: unknown;
  try {
    res = await (options.fetch ?? fetch)(new URL('/v1/terminals/enroll', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    body = await res.json().catch(() => null);
  } catch {
    throw new KeelError('NETWORK_UNREACHABLE', `Cannot reach the server at ${serverUrl}. Check the address and the network.`);
  }
  if (!res.ok) {
    const envelope = ErrorEnvelopeSchema.safeParse(body);
    throw envelope.success ? KeelError.fromEnvelope(envelope.data) : new KeelError('UNAVAILABLE', `The server answered ${res.status}.`);
  }
  const parsed = EnrollResponseSchema.safeParse(body);
  if (!parsed.success) throw new KeelError('INTERNAL', 'The server answered enrollment with an unexpected shape.');
  return { serverUrl, ...parsed.data };
}
