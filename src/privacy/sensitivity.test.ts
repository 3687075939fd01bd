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
    expect(sensitivityOf('MEAN', { contributionBound: m, lower: 0, upper: 2.5, grouped: true })).toBe(7.5);
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
