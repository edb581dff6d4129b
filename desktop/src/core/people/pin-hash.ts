import { scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a PIN against the hash the server pulled down with the user, offline.
 *
 * Format: `scrypt$N$r$p$salt$hash`, salt and hash base64url, exactly as the server's
 * hashPassword writes it (server/src/auth/secrets.ts; core may not import server code, so the
 * format is restated here and a test checks the two agree). The parameters travel in the hash,
 * so the server may raise them without a terminal update, within the bounds below.
 *
 * Synchronous on purpose: PeopleService.login is synchronous and core runs in its own process
 * (DESIGN.md "Where core runs"), so ~50 ms of scrypt never blocks the window.
 */

// Bounds on what a hash may ask of the terminal: the hash comes from the server, but a corrupt
// or hostile value must fail the check, not allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 256 * 1024 * 1024;
const KEY_BYTES = { min: 16, max: 64 };
const SALT_BYTES = { min: 8, max: 64 };
const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** Parses and bounds-checks an encoded hash; null for anything that is not a usable one. */
export function parsePinHash(encoded: string): ScryptHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : NaN)) as [number, number, number];
  const [salt64, key64] = [parts[4] ?? '', parts[5] ?? ''];
  // scrypt requires N to be a power of two greater than 1.
  if (!(n > 1 && n <= MAX_N && (n & (n - 1)) === 0)) return null;
  if (!(r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P) || 128 * n * r > MAX_MEMORY) return null;
  if (!BASE64URL.test(salt64) || !BASE64URL.test(key64)) return null;
  const salt = Buffer.from(salt64, 'base64url');
  const key = Buffer.from(key64, 'base64url');
  if (salt.length < SALT_BYTES.min || salt.length > SALT_BYTES.max) return null;
  if (key.length < KEY_BYTES.min || key.length > KEY_BYTES.max) return null;
  return { N: n, r, p, salt, key };
}

/**
 * True when `pin` matches `encoded`. A malformed hash is a non-match (never an exception with
 * the PIN in it). The comparison is constant-time (timingSafeEqual) so the time taken says
 * nothing about how much of the key matched.
 */
export function verifyPin(pin: string, encoded: string): boolean {
  const hash = parsePinHash(encoded);
  if (!hash) return false;
  const derived = scryptSync(pin, hash.salt, hash.key.length, { N: hash.N, r: hash.r, p: hash.p, maxmem: 256 * hash.N * hash.r });
  return timingSafeEqual(derived, hash.key);
}
