import { PeerTokenCipher } from './peer-token-cipher';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';
const PEER = '7f1d9c4e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
const OTHER_PEER = '7f1d9c4e-2b3a-4c5d-8e9f-0a1b2c3d4e60';
const TOKEN = 'prl_abcdefgh_0123456789abcdef0123456789abcdef';

describe('PeerTokenCipher', () => {
  const cipher = new PeerTokenCipher(SECRET);

  it('round-trips a token, and never stores it in clear', () => {
    const stored = cipher.encrypt(TOKEN, PEER);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(Buffer.from(TOKEN).toString('base64url'));
    expect(stored.startsWith('v1.')).toBe(true);
    expect(cipher.decrypt(stored, PEER)).toBe(TOKEN);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt(TOKEN, PEER)).not.toBe(cipher.encrypt(TOKEN, PEER));
  });

  it('refuses a ciphertext moved to another peer, under another secret, or tampered with', () => {
    const stored = cipher.encrypt(TOKEN, PEER);
    expect(() => cipher.decrypt(stored, OTHER_PEER)).toThrow();
    expect(() => new PeerTokenCipher(`${SECRET}-rotated`).decrypt(stored, PEER)).toThrow();
    const parts = stored.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] ^= 1;
    expect(() => cipher.decrypt([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), PEER)).toThrow();
    expect(() => cipher.decrypt('garbage', PEER)).toThrow();
  });
});
