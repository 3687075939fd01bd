import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every TypeScript source in the privacy folder, tests and test helpers included. */
function sources(dir = __dirname): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources().map((path) => ({ name: relative(__dirname, path), text: readFileSync(path, 'utf8') }));

describe('privacy sources', () => {
  it('are found', () => {
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['index.ts', 'random-source.ts', 'discrete-laplace.ts']));
  });

  it('never use a non-cryptographic random number generator', () => {
    // Spelled as a pattern so that this file does not match itself.
    const forbidden = new RegExp(['Math', 'random'].join('\\s*\\.\\s*'));
    expect(files.filter((f) => forbidden.test(f.text)).map((f) => f.name)).toEqual([]);
  });

  it('take randomness from node:crypto in one place only', () => {
    const importsCrypto = files.filter((f) => /from '(node:)?crypto'/.test(f.text) && !f.name.endsWith('.test.ts'));
    expect(importsCrypto.map((f) => f.name)).toEqual(['random-source.ts']);
  });

  it('keep floating point off the sampling path', () => {
    for (const name of ['bernoulli.ts', 'discrete-laplace.ts', 'discrete-gaussian.ts']) {
      const code = files.find((f) => f.name === name)?.text ?? '';
      expect({ name, usesMath: /\bMath\./.test(code), usesNumber: /\bNumber\(/.test(code) }).toEqual({
        name,
        usesMath: false,
        usesNumber: false,
      });
    }
  });
});
