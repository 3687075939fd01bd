import { applyNoise, drawNoise, planLaplace, type NoisePlan } from './laplace-plan';
import { planMean, releaseMean, type MeanPlan } from './mean';
import { releaseQuantile } from './quantile';
import { seededRandomSource, type RandomSource } from './random-source';
import { rational } from './rational';
import { sensitivityOf } from './sensitivity';
import { auditPureDp } from './testing/dp-auditor';

/**
 * Runs whole mechanisms on neighbouring inputs — dataset A, and A plus one unit's m rows
 * at the clamping bound — and checks that no event separates them by more than e^ε.
 * Seeded, so the verdicts are reproducible; the tester's own false-alarm rate is 1e-6.
 */
const TRIALS = 40_000;
const EPSILON = 1;
const M = 3;

function runs(trials: number, mechanism: () => number): number[] {
  return Array.from({ length: trials }, mechanism);
}

/** Bins of width `width` over [from, from + bins·width), with the ends absorbing the tails. */
function binsOver(from: number, width: number, bins: number) {
  return {
    bins,
    binOf: (x: number) => Math.min(bins - 1, Math.max(0, Math.floor((x - from) / width))),
  };
}

function laplaceRelease(trueValue: number, plan: NoisePlan, rng: RandomSource): number {
  return applyNoise(trueValue, plan, drawNoise(plan, rng)).value;
}

/** The same plan with half the noise scale: what a sensitivity or ε bug would produce. */
function halved(plan: NoisePlan): NoisePlan {
  return { ...plan, scale: rational(plan.scale.num, plan.scale.den * 2n) };
}

describe('DP audit of COUNT', () => {
  const plan = planLaplace(sensitivityOf('COUNT', { contributionBound: M, grouped: false }), EPSILON, true);
  const [countA, countB] = [40, 40 + M];
  const events = binsOver(countA - 25.5, 1, 55);

  it('finds no event with a ratio above e^ε', () => {
    const rng = seededRandomSource('audit-count');
    const result = auditPureDp(
      runs(TRIALS, () => laplaceRelease(countA, plan, rng)),
      runs(TRIALS, () => laplaceRelease(countB, plan, rng)),
      { epsilon: EPSILON, ...events },
    );
    expect(result.eventsChecked).toBeGreaterThan(50);
    expect(result).toMatchObject({ passed: true });
  });

  it('catches a mechanism whose noise scale is halved', () => {
    const rng = seededRandomSource('audit-count-broken');
    const broken = halved(plan);
    const result = auditPureDp(
      runs(TRIALS, () => laplaceRelease(countA, broken, rng)),
      runs(TRIALS, () => laplaceRelease(countB, broken, rng)),
      { epsilon: EPSILON, ...events },
    );
    expect(result.passed).toBe(false);
    expect(result.worstRatio).toBeGreaterThan(Math.exp(EPSILON));
  });
});

describe('DP audit of SUM over a float column (gridded)', () => {
  const [lower, upper] = [-1, 2.5];
  const sensitivity = sensitivityOf('SUM', { contributionBound: M, lower, upper, grouped: false });
  const plan = planLaplace(sensitivity, EPSILON, false);
  // A neighbour adds m rows at the upper clamping bound; 10.3 is deliberately off-grid.
  const [sumA, sumB] = [10.3, 10.3 + M * upper];
  const events = binsOver(sumA - 30, 1.5, 45);

  it('uses a fine power-of-two grid', () => {
    expect(plan.mechanism).toBe('discrete-laplace(grid=2^-38)');
  });

  it('finds no event with a ratio above e^ε', () => {
    const rng = seededRandomSource('audit-sum');
    const result = auditPureDp(
      runs(TRIALS, () => laplaceRelease(sumA, plan, rng)),
      runs(TRIALS, () => laplaceRelease(sumB, plan, rng)),
      { epsilon: EPSILON, ...events },
    );
    expect(result).toMatchObject({ passed: true });
  });

  it('catches a mechanism whose noise scale is halved', () => {
    const rng = seededRandomSource('audit-sum-broken');
    const broken = halved(plan);
    const result = auditPureDp(
      runs(TRIALS, () => laplaceRelease(sumA, broken, rng)),
      runs(TRIALS, () => laplaceRelease(sumB, broken, rng)),
      { epsilon: EPSILON, ...events },
    );
    expect(result.passed).toBe(false);
  });
});

describe('DP audit of QUANTILE', () => {
  const [lower, upper, q] = [0, 8, 0.75];
  // Chosen so that the exponential mechanism's realised loss is large for these
  // neighbours (≈ 0.6ε; it rarely reaches ε, the factor 2 covers the worst case).
  const countsA = [3, 5, 1, 0, 0, 0, 0, 0];
  // One more unit with m rows at the upper clamping bound, all in the last bucket.
  const countsB = countsA.map((c, i) => (i === countsA.length - 1 ? c + M : c));
  const events = binsOver(lower, (upper - lower) / countsA.length, countsA.length);
  const quantile = (counts: number[], contributionBound: number, rng: RandomSource) => () =>
    releaseQuantile(counts, lower, upper, q, EPSILON, contributionBound, rng).value;

  it('finds no event with a ratio above e^ε', () => {
    const rng = seededRandomSource('audit-quantile');
    const result = auditPureDp(runs(TRIALS, quantile(countsA, M, rng)), runs(TRIALS, quantile(countsB, M, rng)), {
      epsilon: EPSILON,
      ...events,
    });
    expect(result).toMatchObject({ passed: true });
  });

  it('catches a mechanism that takes the utility sensitivity as 1 row instead of m', () => {
    const rng = seededRandomSource('audit-quantile-broken');
    const result = auditPureDp(runs(TRIALS, quantile(countsA, 1, rng)), runs(TRIALS, quantile(countsB, 1, rng)), {
      epsilon: EPSILON,
      ...events,
    });
    expect(result.passed).toBe(false);
  });
});

describe('DP audit of the centred MEAN', () => {
  const [lower, upper] = [100, 200];
  const plan = planMean(lower, upper, EPSILON, M, true);
  // Dataset A: 4 values at the midpoint; B adds one unit's m rows at the upper bound, the
  // neighbour that moves the centred sum furthest (by m·(U − L)/2) and the count by m.
  const a = { centredSum: 0, count: 4 };
  const b = { centredSum: (M * (upper - lower)) / 2, count: 4 + M };
  const events = binsOver(lower, 5, 20);
  const mean = (truth: { centredSum: number; count: number }, p: MeanPlan, rng: RandomSource) => () =>
    releaseMean(
      applyNoise(truth.centredSum, p.sum, drawNoise(p.sum, rng)),
      applyNoise(truth.count, p.count, drawNoise(p.count, rng)),
      lower,
      upper,
    ).value;

  it('finds no event with a ratio above e^ε', () => {
    const rng = seededRandomSource('audit-mean');
    const result = auditPureDp(runs(TRIALS, mean(a, plan, rng)), runs(TRIALS, mean(b, plan, rng)), { epsilon: EPSILON, ...events });
    expect(result.eventsChecked).toBeGreaterThan(10);
    expect(result).toMatchObject({ passed: true });
  });

  it('catches a MEAN whose sum and count noise are a tenth of what they must be', () => {
    const rng = seededRandomSource('audit-mean-broken');
    const shrink = (p: NoisePlan): NoisePlan => ({ ...p, scale: rational(p.scale.num, p.scale.den * 10n) });
    const broken = { ...plan, sum: shrink(plan.sum), count: shrink(plan.count) };
    const result = auditPureDp(runs(TRIALS, mean(a, broken, rng)), runs(TRIALS, mean(b, broken, rng)), { epsilon: EPSILON, ...events });
    expect(result.passed).toBe(false);
  });
});
