import { describe, expect, it } from 'vitest';
// Tests may cross workspaces: this pins core's verifier to the format the server really writes.
import { hashPassword } from '../../../server/src/auth/secrets';
import { parsePinHash, verifyPin } from '../../src/core/people/pin-hash';
import { testPinHash } from './fixtures';

describe('verifyPin', () => {
  it("When the server's hashPassword hashed the PIN, then core verifies it offline and refuses another PIN", async () => {
    const encoded = await hashPassword('4711');
    expect(verifyPin('4711', encoded)).toBe(true);
    expect(verifyPin('4712', encoded)).toBe(false);
  });

  it('When a hash is tampered with, then the PIN does not verify', () => {
    const encoded = testPinHash('4711');
    const parts = encoded.split('$');
    const key = Buffer.from(parts[5]!, 'base64url');
    key[0] = key[0]! ^ 1;
    parts[5] = key.toString('base64url');
    expect(verifyPin('4711', parts.join('$'))).toBe(false);
  });

  it('When a hash is malformed or asks for too much memory, then it is refused without throwing', () => {
    const good = testPinHash('4711').split('$');
    const variant = (i: number, value: string) => good.map((p, k) => (k === i ? value : p)).join('$');
    const bad = [
      '',
      'bcrypt$10$abc',
      variant(0, 'argon2'),
      variant(1, '1000'), // not a power of two
      variant(1, String(2 ** 24)), // too much memory
      variant(2, '0'),
      variant(3, '99'),
      variant(4, 'not base64!'),
      variant(5, 'AAAA'), // key too short
      good.slice(0, 5).join('$'),
    ];
    for (const encoded of bad) {
      expect(parsePinHash(encoded)).toBeNull();
      expect(verifyPin('4711', encoded)).toBe(false);
    }
  });
});
