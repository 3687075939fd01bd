import { discreteLaplacePmf, discreteLaplaceRadius } from './discrete-laplace-tails';
import { drawNoise, planLaplace } from './laplace-plan';
import { noiseSumBound, type LatticeNoise } from './noise-sum';
import { seededRandomSource } from './random-source';
import { lowerConfidenceBound, upperConfidenceBound } from './testing/binomial-bounds';

/**
 * The distribution of the sum by brute force, independently of noiseSumBound: every noise
 * enumerated on the finest grid out to a tail far below 1e-15, convolved term by term.
 */
function bruteForceBound(noises: LatticeNoise[], alpha: number): number {
  const unit = Math.min(...noises.map((n) => n.granularity));
  let dist = new Map<number, number>([[0, 1]]);
  for (const n of noises) {
    const radius = Math.ceil(40 * n.scale) + 5;
    const next = new Map<number, number>();
    for (const [x, px] of dist) {
      for (let k = -radius; k <= radius; k += 1) {
        const y = x + (k * n.granularity) / unit;
        next.set(y, (next.get(y) ?? 0) + px * discreteLaplacePmf(k, n.scale));
      }
    }
    dist = next;
  }
  const coverage = (b: number) => [...dist].reduce((s, [x, p]) => (Math.abs(x) <= b ? s + p : s), 0);
  let b = 0;
  while (coverage(b) < 1 - alpha) b += 1;
  return b * unit;
}

describe('noiseSumBound', () => {
  it('is the single noise bound for one part', () => {
    for (const t of [0.3, 2, 17.5]) {
      expect(noiseSumBound([{ granularity: 1, scale: t }], 0.05)).toEqual({ bound: discreteLaplaceRadius(t, 0.05), exact: true });
    }
    expect(noiseSumBound([{ granularity: 0.25, scale: 8 }], 0.05).bound).toBe(0.25 * discreteLaplaceRadius(8, 0.05));
  });

  it.each([
    [[1, 1]],
    [[2, 2, 2]],
    [[0.5, 4]],
    [[1.5, 3, 6]],
    [[10, 0.2]],
  ])('is exactly the smallest 95%% half-width of the convolution for scales %p', (scales) => {
    const noises = scales.map((scale) => ({ granularity: 1, scale }));
    const got = noiseSumBound(noises, 0.05);
    expect(got).toEqual({ bound: bruteForceBound(noises, 0.05), exact: true });
  });

  it('is exact for noises on different grids when the finer one is the widest', () => {
    const noises = [
      { granularity: 1, scale: 3 },
      { granularity: 0.5, scale: 12 },
    ];
    expect(noiseSumBound(noises, 0.05)).toEqual({ bound: bruteForceBound(noises, 0.05), exact: true });
  });

  it('is an upper bound, within n·h/2, when a finer noise must be rounded to a coarser lattice', () => {
    const noises = [
      { granularity: 0.5, scale: 2 },
      { granularity: 1, scale: 5 },
      { granularity: 2, scale: 4 },
    ];
    const exact = bruteForceBound(noises, 0.05);
    const got = noiseSumBound(noises, 0.05);
    expect(got.exact).toBe(false);
    expect(got.bound).toBeGreaterThanOrEqual(exact);
    expect(got.bound - exact).toBeLessThanOrEqual(2 * 2 / 2 + 2);
  });

  it('is smaller than adding the parts’ own bounds, and larger than the widest alone', () => {
    const noises = [3, 5, 8].map((scale) => ({ granularity: 1, scale }));
    const { bound } = noiseSumBound(noises, 0.05);
    expect(bound).toBeLessThan(noises.reduce((s, n) => s + discreteLaplaceRadius(n.scale, 0.05), 0));
    expect(bound).toBeGreaterThan(discreteLaplaceRadius(8, 0.05));
  });

  it('stays fast and an upper bound for real-valued SUM grids (scales near 2^40 grid steps)', () => {
    const plans = [planLaplace(100, 0.5, false), planLaplace(50, 0.25, false)];
    const noises = plans.map((p) => ({ granularity: p.granularity, scale: Number(p.scale.num) / Number(p.scale.den) }));
    const started = Date.now();
    const got = noiseSumBound(noises, 0.05);
    expect(Date.now() - started).toBeLessThan(2000);
    // Both are ≈ Laplace(200): the bound of the sum lies between one of them and twice one.
    expect(got.bound).toBeGreaterThan(plans[0]!.errorBound95);
    expect(got.bound).toBeLessThan(plans[0]!.errorBound95 + plans[1]!.errorBound95);
  });

  it('covers at least 95% of 10^5 sums of exact noise draws (the rate is checked at 1e-9 confidence)', () => {
    const plans = [planLaplace(2, 0.5, true), planLaplace(1, 0.25, true), planLaplace(3, 1, true)];
    const noises = plans.map((p) => ({ granularity: p.granularity, scale: Number(p.scale.num) / Number(p.scale.den) }));
    const { bound } = noiseSumBound(noises, 0.05);
    const rng = seededRandomSource('noise-sum-coverage');
    const trials = 100_000;
    let covered = 0;
    for (let i = 0; i < trials; i += 1) {
      const sum = plans.reduce((s, p) => s + drawNoise(p, rng), 0);
      if (Math.abs(sum) <= bound) covered += 1;
    }
    // Consistent with a coverage of at least 95%, and not far above it (the bound is the smallest one).
    expect(upperConfidenceBound(covered, trials, 1e-9)).toBeGreaterThanOrEqual(0.95);
    expect(lowerConfidenceBound(covered, trials, 1e-9)).toBeLessThan(0.97);
  });

  it('refuses what is not a noise', () => {
    expect(() => noiseSumBound([], 0.05)).toThrow(RangeError);
    expect(() => noiseSumBound([{ granularity: 0.3, scale: 1 }], 0.05)).toThrow(RangeError);
    expect(() => noiseSumBound([{ granularity: 1, scale: 0 }], 0.05)).toThrow(RangeError);
    expect(() => noiseSumBound([{ granularity: 1, scale: 1 }], 1)).toThrow(RangeError);
  });
});
