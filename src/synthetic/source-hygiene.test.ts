import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('synthetic data sources', () => {
  it('never use a non-cryptographic random number generator', () => {
    // Spelled as a pattern so that this file does not match itself.
    const forbidden = new RegExp(['Math', 'random'].join('\\s*\\.\\s*'));
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => forbidden.test(readFileSync(join(__dirname, f), 'utf8')))).toEqual([]);
  });
});
