import { clampRelease, sumSignRange } from './post-processing';
import type { Release } from './release';

const noisy = (value: number): Release => ({ value, errorBound95: 7, mechanism: 'discrete-laplace', errorBound975: 9 });

describe('clampRelease', () => {
  it('moves only the value, into the range, and keeps the stated bounds', () => {
    expect(clampRelease(noisy(-12), 0, Infinity)).toEqual({ ...noisy(0) });
    expect(clampRelease(noisy(5), 0, Infinity)).toEqual(noisy(5));
    expect(clampRelease(noisy(250), 100, 200).value).toBe(200);
    expect(clampRelease(noisy(250), 100, 200).errorBound95).toBe(7);
  });

  it('never moves a value away from any truth inside the range', () => {
    for (const truth of [0, 1, 3]) {
      for (const value of [-5, -1, 0, 2, 4, 9]) {
        expect(Math.abs(clampRelease(noisy(value), 0, 3).value - truth)).toBeLessThanOrEqual(Math.abs(value - truth));
      }
    }
  });

  it('refuses an empty range', () => {
    expect(() => clampRelease(noisy(1), 2, 1)).toThrow(RangeError);
  });
});

describe('sumSignRange', () => {
  it('knows the sign of a sum from the bounds of its values', () => {
    expect(sumSignRange(0, 10)).toEqual([0, Infinity]);
    expect(sumSignRange(-10, 0)).toEqual([-Infinity, 0]);
    expect(sumSignRange(-1, 1)).toEqual([-Infinity, Infinity]);
  });
});
