import { remainingQueries } from './remaining-queries';

describe('remainingQueries', () => {
  it('divides exactly in decimal', () => {
    expect(remainingQueries(0.3, 0.1)).toBe(3);
    expect(remainingQueries(1, 0.3)).toBe(3);
    expect(remainingQueries(0.7, 0.7)).toBe(1);
    expect(remainingQueries(0.69, 0.7)).toBe(0);
    expect(remainingQueries(100, 0.001)).toBe(100000);
    expect(remainingQueries(1e-7, 1e-8)).toBe(10);
    expect(remainingQueries(0, 0.1)).toBe(0);
  });
});
