import { sensitivityOf } from './sensitivity';

describe('sensitivityOf', () => {
  const m = 3;

  it('gives the L1 sensitivity of each aggregate under a contribution bound of m rows', () => {
    expect(sensitivityOf('COUNT', { contributionBound: m, grouped: false })).toBe(3);
    expect(sensitivityOf('COUNT', { contributionBound: m, grouped: true })).toBe(3);
    expect(sensitivityOf('HISTOGRAM', { contributionBound: m, grouped: false })).toBe(3);
    expect(sensitivityOf('QUANTILE', { contributionBound: m, grouped: false })).toBe(3);
    expect(sensitivityOf('COUNT_DISTINCT_UNITS', { contributionBound: m, grouped: false })).toBe(1);
    expect(sensitivityOf('COUNT_DISTINCT_UNITS', { contributionBound: m, grouped: true })).toBe(3);
    expect(sensitivityOf('SUM', { contributionBound: m, lower: -7, upper: 2.5, grouped: false })).toBe(21);
    // MEAN sums values centred on the midpoint: m·(U − L)/2, not m·max(|L|, |U|).
    expect(sensitivityOf('MEAN', { contributionBound: m, lower: 0, upper: 2.5, grouped: true })).toBe(3.75);
    expect(sensitivityOf('MEAN', { contributionBound: m, lower: 100, upper: 200, grouped: false })).toBe(150);
  });

  it('computes the centred width exactly and rounds it up', () => {
    // The doubles 0.1 and 0.3 differ by exactly 0.199999999999999983346654630622651…; times 7/2
    // that is 0.69999999999999994171…, whose smallest double at or above is the double 0.7
    // (0.69999999999999995559…), not the 0.6999999999999999 a round-to-nearest product could give.
    expect(sensitivityOf('MEAN', { contributionBound: 7, lower: 0.1, upper: 0.3, grouped: false })).toBe(0.7);
  });

  it('rounds the SUM sensitivity up, never down', () => {
    // In floating point 7 * 0.7 = 4.8999999999999995, below the exact product of the two
    // doubles (4.89999999999999968…); the sensitivity must be the next double up, 4.9.
    expect(7 * 0.7).toBe(4.8999999999999995);
    expect(sensitivityOf('SUM', { contributionBound: 7, lower: -0.7, upper: 0.5, grouped: false })).toBe(4.9);
  });

  it('rejects missing bounds and invalid contribution bounds', () => {
    expect(() => sensitivityOf('SUM', { contributionBound: 1, grouped: false })).toThrow(RangeError);
    expect(() => sensitivityOf('SUM', { contributionBound: 1, lower: 2, upper: 1, grouped: false })).toThrow(RangeError);
    expect(() => sensitivityOf('COUNT', { contributionBound: 0, grouped: false })).toThrow(RangeError);
    expect(() => sensitivityOf('COUNT', { contributionBound: 1.5, grouped: false })).toThrow(RangeError);
  });
});
