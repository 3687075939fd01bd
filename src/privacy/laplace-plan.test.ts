import fc from 'fast-check';
import { nextDown, nextUp } from './double-bits';
import { applyNoise, drawNoise, exactGridSum, gridSum, planLaplace } from './laplace-plan';
import { seededRandomSource } from './random-source';
import { compareRational, rational, rationalFromNumber } from './rational';

describe('planLaplace', () => {
  it('uses the integer grid and scale Δ/ε for integer-valued releases', () => {
    const plan = planLaplace(3, 0.5, true);
    expect(plan).toMatchObject({ mechanism: 'discrete-laplace', granularity: 1, scale: { num: 6n, den: 1n } });
  });

  it('picks the largest power-of-two grid g ≤ (Δ/ε)/2^40 for real-valued releases', () => {
    const plan = planLaplace(7.5, 0.25, false); // Δ/ε = 30, 2^4 ≤ 30 < 2^5
    expect(plan.granularity).toBe(2 ** (4 - 40));
    expect(plan.mechanism).toBe('discrete-laplace(grid=2^-36)');
    // g divides Δ here, so the grid sensitivity is exactly Δ/g and the scale is Δ/(εg).
    expect(plan.scale).toEqual(rational(30n * 2n ** 36n, 1n));
  });

  it('never uses a smaller noise scale than Δ/ε, whatever the rounding of ε and Δ', () => {
    for (const [sensitivity, epsilon] of [
      [7.3, 0.1],
      [1e-3, 3.7],
      [123456.789, 0.0123456789],
      [2.5, 1 / 3],
    ]) {
      for (const integerValued of [false, true]) {
        const plan = planLaplace(sensitivity, epsilon, integerValued);
        const scaleInValueUnits = rational(
          plan.scale.num * rationalFromNumber(plan.granularity).num,
          plan.scale.den * rationalFromNumber(plan.granularity).den,
        );
        const exactDelta = rationalFromNumber(sensitivity);
        const exactEps = rationalFromNumber(epsilon);
        const intended = rational(exactDelta.num * exactEps.den, exactDelta.den * exactEps.num);
        expect(compareRational(scaleInValueUnits, intended)).toBeGreaterThanOrEqual(0);
        if (!integerValued) {
          // …and the grid costs at most a relative 2^-40/ε (plus ε's 1e-9 rounding).
          const inflation = Number(scaleInValueUnits.num * intended.den) / Number(scaleInValueUnits.den * intended.num);
          expect(inflation).toBeLessThan(1 + 1e-6);
        }
      }
    }
  });

  it('moves integer-valued releases to a coarser integer grid only for huge scales', () => {
    expect(planLaplace(1e10, 0.001, true).granularity).toBe(2 ** 3); // Δ/ε = 1e13 ≈ 2^43.2
    expect(planLaplace(1e9, 1, true).granularity).toBe(1);
  });

  it('rejects non-positive or non-finite sensitivities and bad epsilons', () => {
    expect(() => planLaplace(0, 1, true)).toThrow(RangeError);
    expect(() => planLaplace(Number.NaN, 1, true)).toThrow(RangeError);
    expect(() => planLaplace(1, 0, true)).toThrow(RangeError);
    expect(() => planLaplace(1, Infinity, true)).toThrow(RangeError);
  });
});

describe('drawNoise and applyNoise', () => {
  it('draws whole multiples of the grid', () => {
    const plan = planLaplace(2.5, 0.7, false);
    const rng = seededRandomSource('grid-multiples');
    for (let i = 0; i < 1000; i += 1) {
      expect(Number.isSafeInteger(drawNoise(plan, rng) / plan.granularity)).toBe(true);
    }
  });

  it('rounds the true value to the nearest grid point (ties up) before adding noise', () => {
    const plan = {
      mechanism: 'discrete-laplace(grid=2^-2)',
      granularity: 0.25,
      scale: rational(4n, 1n),
      errorBound95: 0,
    };
    expect(applyNoise(1.3, plan, 0).value).toBe(1.25);
    expect(applyNoise(1.375, plan, 0).value).toBe(1.5);
    expect(applyNoise(-1.375, plan, 0).value).toBe(-1.25);
    expect(applyNoise(-1.3, plan, 0.75).value).toBe(-0.5);
    expect(applyNoise(7, planLaplace(1, 1, true), -3).value).toBe(4);
  });

  it('adds exactly in grid units and converts to a double only at the end', () => {
    const plan = planLaplace(1, 1, false); // g = 2^-40
    const g = plan.granularity;
    // 0.1 is not on the grid: ⌊0.1/g + 1/2⌋ = 109951162778 steps, then 3 steps of noise.
    expect(rationalFromNumber(applyNoise(0.1, plan, 3 * g).value)).toEqual(rational(109951162778n + 3n, 2n ** 40n));
    // Beyond 2^53 grid steps the exact sum is rounded once, to the nearest double.
    const exact = rational(10n ** 6n * 2n ** 40n + 3n, 2n ** 40n);
    const value = applyNoise(1e6, plan, 3 * g).value;
    const error = (x: number) => {
      const r = rationalFromNumber(x);
      const diff = rational(r.num * exact.den - exact.num * r.den, r.den * exact.den);
      return diff.num < 0n ? rational(-diff.num, diff.den) : diff;
    };
    expect(compareRational(error(value), error(nextUp(value)))).toBeLessThanOrEqual(0);
    expect(compareRational(error(value), error(nextDown(value)))).toBeLessThanOrEqual(0);
  });

  it('reports the plan in the release, with a 97.5% bound that covers grid rounding', () => {
    const plan = planLaplace(3, 1, true);
    const release = applyNoise(10, plan, drawNoise(plan, seededRandomSource('release')));
    expect(release).toMatchObject({
      mechanism: 'discrete-laplace',
      errorBound95: plan.errorBound95,
      errorBoundUnit: 'value',
    });
    expect(release.errorBound975).toBeGreaterThan(plan.errorBound95);
  });

  it('refuses noise that is not on the plan grid and non-finite true values', () => {
    const plan = planLaplace(1, 1, true);
    expect(() => applyNoise(1, plan, 0.5)).toThrow(RangeError);
    expect(() => applyNoise(Number.NaN, plan, 0)).toThrow(RangeError);
    expect(() => drawNoise({ ...plan, granularity: 3 }, seededRandomSource('x'))).toThrow(RangeError);
  });
});

describe('gridSum', () => {
  const steps = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
  const exponent = fc.integer({ min: -1000, max: 900 });

  it('equals the exact rational computation for any double, grid and noise', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), exponent, steps, (x, e, n) => {
        expect(gridSum(x, e, n)).toBe(exactGridSum(x, e, n));
      }),
      { numRuns: 20_000, seed: 41 },
    );
  });

  it('equals it on the inputs of its fast path: whole numbers of grid steps, halves, and sums near 2^53', () => {
    const cases: [number, number, number][] = [
      [7, 0, -3],
      [-0, 0, 0],
      [2 ** 53 - 1, 0, 1],
      [2 ** 53 - 2, 0, 1],
      [-(2 ** 53) + 1, 0, -1],
      [2.5, 0, 0],
      [-2.5, 0, 0],
      [3 * 2 ** -36, -36, 5],
      [2 ** -1074, 900, 0],
      [-(2 ** -1074), 900, 0],
      [1e300, -40, 1],
    ];
    for (const [x, e, n] of cases) expect(gridSum(x, e, n)).toBe(exactGridSum(x, e, n));
  });
});
