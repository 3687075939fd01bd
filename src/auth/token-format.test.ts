// The module object itself (not a namespace copy), so that a spy sees the calls token-format makes.
import crypto from 'node:crypto';
import { describeToken, hashToken, legacySelector, mintToken, sameHash } from './token-format';

const KEY = 'k'.repeat(16) + 'secret-of-this-install';

describe('token format', () => {
  it('mints prl_<selector>_<secret> with a 64-bit selector and a 256-bit secret', () => {
    const t = mintToken();
    expect(t.token).toMatch(/^prl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(t.token.startsWith(`prl_${t.selector}_`)).toBe(true);
    expect(t.prefix).toBe(`prl_${t.selector}`);
    expect(t.secretHash).toBe(hashToken(t.token));
    expect(t.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never reuses a selector or a secret', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = mintToken();
      seen.add(t.selector);
      seen.add(t.token.slice(t.prefix.length));
    }
    expect(seen.size).toBe(400);
  });

  it('stores and shows nothing from which the secret can be read', () => {
    const t = mintToken();
    const secret = t.token.slice(t.prefix.length + 1);
    for (const stored of [t.selector, t.prefix, t.secretHash]) expect(stored).not.toContain(secret);
  });

  it('reads the selector of a minted token back', () => {
    const t = mintToken();
    expect(describeToken(t.token, KEY)).toEqual({ selector: t.selector, secretHash: t.secretHash, prefix: t.prefix });
  });

  it('derives a selector for an operator-chosen token and shows none of it in the prefix', () => {
    const chosen = 'my-own-bootstrap-token-of-some-length';
    const d = describeToken(chosen, KEY);
    expect(d.selector).toMatch(/^x[0-9a-f]{15}$/);
    expect(d.secretHash).toBe(hashToken(chosen));
    expect(d.prefix).not.toContain(chosen.slice(0, 4));
    expect(describeToken(chosen, KEY)).toEqual(d);
    // A minted selector is 16 hex digits: the derived one (starting with x) can never collide with it.
    expect(mintToken().selector).not.toMatch(/^x/);
  });

  it('keys the derived selector, so the audit trail gives no offline test of a guessed token', () => {
    const chosen = 'my-own-bootstrap-token-of-some-length';
    const d = describeToken(chosen, KEY);
    // Not the unkeyed hash of earlier versions, and different under another key.
    expect(d.selector).not.toBe(`x${hashToken(chosen).slice(0, 15)}`);
    expect(d.selector).not.toBe(describeToken(chosen, KEY + 'x').selector);
    expect(legacySelector(chosen)).toBe(`x${hashToken(chosen).slice(0, 15)}`);
    expect(legacySelector(mintToken().token)).toBeNull();
  });

  it('treats a token with a valid selector but a tampered secret as a different hash', () => {
    const t = mintToken();
    const tampered = t.token.slice(0, -1) + (t.token.endsWith('A') ? 'B' : 'A');
    const d = describeToken(tampered, KEY);
    expect(d.selector).toBe(t.selector);
    expect(sameHash(d.secretHash, t.secretHash)).toBe(false);
  });

  it('compares hashes in constant time', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      const h = hashToken('a');
      expect(sameHash(h, h)).toBe(true);
      expect(sameHash(h, hashToken('b'))).toBe(false);
      expect(spy).toHaveBeenCalledTimes(2);
      // Unequal lengths never reach the comparison, and never match.
      expect(sameHash(h, 'ab')).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });
});
