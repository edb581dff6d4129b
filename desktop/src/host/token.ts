import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh access token per host run: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time
 * whatever the length of the guess (timingSafeEqual itself requires equal lengths).
 */
export function tokenMatches(expected: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(candidate));
}
