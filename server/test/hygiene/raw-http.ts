import http from 'node:http';
import { expect } from 'vitest';
import { ErrorEnvelopeSchema, type ErrorEnvelope } from '@keel/shared';

/**
 * A request with full control over headers and body bytes (fetch refuses a wrong
 * Content-Length, some content types and encodings), for the hygiene and fault tests.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent } = {},
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: options.headers ?? {}, agent: options.agent ?? new http.Agent({ keepAlive: false }) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** POST a JSON text (or anything else) with a content type, optionally with a bearer token. */
export function post(
  baseUrl: string,
  path: string,
  body: string | Buffer,
  options: { token?: string; contentType?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return request(baseUrl, 'POST', path, { headers, body });
}

/** Asserts the answer is an error envelope `{error, code, details?}` with this status and code. */
export function expectEnvelope(res: RawResponse, status: number, code?: string): ErrorEnvelope {
  expect(res.status, `answered ${res.status} ${res.text.slice(0, 300)}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const parsed = ErrorEnvelopeSchema.strict().safeParse(res.json);
  expect(parsed.success, `not an error envelope: ${res.text.slice(0, 300)}`).toBe(true);
  const envelope = parsed.data!;
  if (code) expect(envelope.code).toBe(code);
  return envelope;
}

/** Whether a body leaks anything internal: stack frames, SQL, file paths, driver messages. */
export function leaksInternals(text: string): string | null {
  const patterns: [string, RegExp][] = [
    ['stack frame', /\bat \S+ \(|\bat (file|node):|\.ts:\d+|\.js:\d+/],
    ['file path', /\/(work|home|tmp|usr|src|node_modules)\//],
    ['SQL', /\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b|\brelation "|\bSQLSTATE\b|\bsyntax error at\b/i],
    ['driver', /\bpg\b|postgres|ECONNREFUSED|DatabaseError|TypeError|ReferenceError|RangeError/i],
  ];
  for (const [name, pattern] of patterns) if (pattern.test(text)) return name;
  return null;
}
