import type { Request } from 'express';
import { KeelError } from '@keel/shared';

/** The token from `Authorization: Bearer <token>`, or AUTH_REQUIRED. */
export function bearerToken(req: Request): string {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(header) : null;
  if (!match?.[1]) throw new KeelError('AUTH_REQUIRED', 'A bearer token is required.');
  return match[1];
}
