import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Pseudonymizer, pseudonymize } from './pseudonymizer';

const reference = (secret: string, value: string) => createHmac('sha256', secret).update(value, 'utf8').digest('hex');

describe('Pseudonymizer', () => {
  it('gives exactly HMAC-SHA256 for any key and value, however many values one instance hashes', () => {
    // Keys around the 64-byte block (longer ones are hashed first), values of any length and script.
    const key = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', 'k'.repeat(64), 'k'.repeat(65), 'é'.repeat(32)));
    const value = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ minLength: 90, maxLength: 2000 }));
    fc.assert(
      fc.property(key, fc.array(value, { minLength: 1, maxLength: 8 }), (secret, values) => {
        const p = new Pseudonymizer(secret);
        for (const v of values) expect(p.pseudonymize(v)).toBe(reference(secret, v));
      }),
      { seed: 4180, numRuns: 300 },
    );
  });

  it('matches published HMAC-SHA256 test vectors and the one-value function', () => {
    // RFC 4231, test case 2.
    expect(new Pseudonymizer('Jefe').pseudonymize('what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const p = new Pseudonymizer('s3cret');
    for (const v of ['', 'alice', 'alice', 'x'.repeat(1000), 'bob']) expect(p.pseudonymize(v)).toBe(pseudonymize('s3cret', v));
  });
});
