/**
 * A small client for the sync server's admin API (server/src/http/admin*.ts), for the demo
 * seeding and the launcher. Errors carry the server's code (the error envelope), never a body
 * that might echo a PIN or password.
 */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export interface AdminApi {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function adminApi(baseUrl: string, token: string | null): AdminApi {
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${baseUrl}/v1/admin${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      const parsed = (text ? JSON.parse(text) : undefined) as unknown;
      if (!res.ok) {
        const envelope = (parsed ?? {}) as { code?: string; error?: string };
        throw new AdminApiError(res.status, envelope.code, `${method} ${path}: ${res.status} ${envelope.code ?? ''} ${envelope.error ?? ''}`.trim());
      }
      return parsed as T;
    },
  };
}

/** Signs in as an admin; the token is for this process only and is never printed. */
export async function adminLogin(baseUrl: string, email: string, password: string): Promise<string> {
  const { token } = await adminApi(baseUrl, null).request<{ token: string }>('POST', '/login', { email, password });
  return token;
}
