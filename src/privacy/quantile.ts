import { sampleBernoulliExp } from './bernoulli';
import { epsilonToRational } from './epsilon';
import type { RandomSource } from './random-source';
import { rationalFromNumber, type Rational } from './rational';
import type { Release } from './release';

/**
 * QUANTILE by the exponential mechanism (McSherry & Talwar 2007; for quantiles Smith,
 * "Privacy-preserving statistical estimation with optimal convergence rates", STOC 2011)
 * over B equal-width buckets of the clamped range [L, U]. The database supplies only the
 * bucket counts c_0..c_{B−1}; n = Σ c_i is computed here.
 *
 * Utility of bucket i: u_i = −dist(q·n, [before_i, before_i + c_i]) where before_i is the
 * number of rows in lower buckets. The bucket holding the q-th row has u = 0 and the
 * others lose one per row of rank between them and it (−|rank − q·n| at bucket level).
 *
 * n is never released on its own: it is an input of the utility, and the sensitivity
 * bound covers its change. Adding or removing one unit's ≤ m rows moves before_i and
 * before_i + c_i by amounts in [0, m] and q·n by q·m in the same direction, so each
 * term of the max(0, before_i − q·n, q·n − before_i − c_i) moves by at most
 * max(q, 1 − q)·m ≤ m. We use Δu = m. No separate count is released or charged.
 *
 * Sampling is exact: propose a bucket uniformly and accept it with probability
 * exp(−ε·(u* − u_i)/(2Δu)) through the exact Bernoulli(exp(−γ)), with γ rational. Here
 * u* = 0 always (when n = 0 every utility is 0). An accepted bucket therefore has
 * probability ∝ exp(ε·u_i/(2Δu)), the exponential mechanism's distribution, which is
 * ε-DP. The number of proposals depends on the data, so callers should run this inside
 * withConstantTime (constant-time.ts).
 *
 * The released value is the midpoint of the chosen bucket: a fixed function of the
 * bucket (post-processing, no further budget) that is within w/2 of every value in it,
 * w = (U − L)/B. A uniform point inside the bucket, as in Smith's continuous version,
 * would only add error at this resolution.
 */

export interface QuantilePlan {
  mechanism: string;
  /** In rows (rank units): see planQuantile. */
  errorBound95: number;
  errorBoundUnit: 'rank';
  bucketWidth: number;
}

const MAX_BUCKETS = 1_000_000;

/**
 * A 95% error bound from public information only, in rank units: with probability
 * ≥ 0.95 the released bucket lies within errorBound95 rows of rank of the true q-th row.
 * Proof: the bucket holding it has weight 1, each other bucket at rank distance > r has
 * weight < exp(−ε·r/(2m)), so P(distance > r) < (B − 1)·exp(−ε·r/(2m)); solve for 0.05.
 *
 * A bound in value units cannot be computed without the data: if the data are sparse a
 * single rank step can span the whole range. A data-dependent bound (say the width of
 * the buckets holding 95% of the mechanism's mass) would be a function of the data
 * published without noise, so it is not offered.
 */
export function planQuantile(
  lower: number,
  upper: number,
  buckets: number,
  epsilon: number,
  contributionBound: number,
): QuantilePlan {
  assertParameters(lower, upper, buckets, contributionBound);
  const eps = epsilonToRational(epsilon);
  const epsilonValue = Number(eps.num) / Number(eps.den);
  const rankBound = buckets === 1 ? 0 : ((2 * contributionBound) / epsilonValue) * Math.log((buckets - 1) / 0.05);
  return {
    mechanism: 'exponential',
    errorBound95: Math.ceil(rankBound),
    errorBoundUnit: 'rank',
    bucketWidth: (upper - lower) / buckets,
  };
}

export function releaseQuantile(
  bucketCounts: number[],
  lower: number,
  upper: number,
  q: number,
  epsilon: number,
  contributionBound: number,
  rng: RandomSource,
): Release {
  const plan = planQuantile(lower, upper, bucketCounts.length, epsilon, contributionBound);
  const eps = epsilonToRational(epsilon);
  const distances = rankDistances(bucketCounts, q);
  // γ_i = ε·d_i/(2m) with d_i = distances.num[i] / distances.den.
  const den = eps.den * distances.den * 2n * BigInt(contributionBound);
  const buckets = BigInt(bucketCounts.length);
  let chosen: number;
  for (;;) {
    chosen = Number(rng.randomBelow(buckets));
    if (sampleBernoulliExp({ num: eps.num * distances.num[chosen], den }, rng)) break;
  }
  const midpoint = lower + ((upper - lower) * (2 * chosen + 1)) / (2 * bucketCounts.length);
  return {
    value: Math.min(upper, Math.max(lower, midpoint)),
    errorBound95: plan.errorBound95,
    errorBoundUnit: 'rank',
    mechanism: plan.mechanism,
  };
}

/**
 * −u_i for every bucket as exact rationals sharing one denominator (that of q, which as
 * a double is a dyadic rational): num[i] / den rows.
 */
export function rankDistances(bucketCounts: number[], q: number): { num: bigint[]; den: bigint } {
  if (!Number.isFinite(q) || q < 0 || q > 1) throw new RangeError(`q must lie in [0, 1], got ${q}`);
  for (const count of bucketCounts) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`bucket counts must be non-negative integers, got ${count}`);
    }
  }
  const exactQ: Rational = rationalFromNumber(q);
  const n = bucketCounts.reduce((total, c) => total + BigInt(c), 0n);
  const target = exactQ.num * n; // q·n in units of 1/exactQ.den
  let before = 0n;
  const num = bucketCounts.map((count) => {
    const start = before * exactQ.den;
    before += BigInt(count);
    const end = before * exactQ.den;
    return target < start ? start - target : target > end ? target - end : 0n;
  });
  return { num, den: exactQ.den };
}

function assertParameters(lower: number, upper: number, buckets: number, contributionBound: number): void {
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(lower < upper)) {
    throw new RangeError(`quantile range must be finite with lower < upper, got [${lower}, ${upper}]`);
  }
  if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
    throw new RangeError(`buckets must be an integer in [1, ${MAX_BUCKETS}], got ${buckets}`);
  }
  if (!Number.isSafeInteger(contributionBound) || contributionBound < 1) {
    throw new RangeError(`contributionBound must be a positive integer, got ${contributionBound}`);
  }
}
