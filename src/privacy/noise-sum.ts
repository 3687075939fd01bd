import { discreteLaplaceRadius } from './discrete-laplace-tails';
import { powerOfTwoExponent } from './double-bits';

/** The noise of one release: granularity × DLap(scale), the scale in grid steps (see laplace-plan.ts). */
export interface LatticeNoise {
  granularity: number;
  scale: number;
}

export interface NoiseSumBound {
  /** Smallest b with P(|Σ noise| ≤ b) ≥ 1 − alpha when `exact`, else an upper bound on it. */
  bound: number;
  exact: boolean;
}

/** Mass left out of each truncated distribution: far below anything a 95% or 97.5% bound can see. */
const TRUNCATED_TAIL = 1e-14;
/** Largest half-width, in lattice points, of the convolved distribution: keeps one combination in milliseconds. */
const MAX_HALF_WIDTH = 4096;

/**
 * The half-width of a (1 − alpha) interval for the sum of independent discrete Laplace noises, as
 * a federated combination adds them. Computed by convolution: every noise but the widest is laid
 * on a common lattice of step h and convolved; the widest enters through its closed-form CDF, so
 * P(|A + X| ≤ b) = Σ_a P(A = a)·P(−b − a ≤ X ≤ b − a) is evaluated exactly for any b, and the
 * smallest b is found by bisection (the probability grows with b).
 *
 * Exact (`exact: true`) when the convolved noises share the lattice h and fit MAX_HALF_WIDTH
 * points, the usual case for counts. Otherwise (different grids, or scales too wide) a noise on a
 * finer grid g < h is rounded to the nearest multiple of h, which moves it by at most h/2; the
 * bound of the rounded sum plus those moves is then an upper bound (never below the exact value,
 * above it by at most n·h/2). Truncating each distribution at tail mass 1e-14 only ever lowers
 * the computed probability, so the answer errs on the safe side; floating-point rounding of the
 * probabilities is of order 1e-15, as in discrete-laplace-tails.ts.
 */
export function noiseSumBound(noises: readonly LatticeNoise[], alpha: number): NoiseSumBound {
  if (noises.length === 0) throw new RangeError('a sum of noises needs at least one noise');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  for (const n of noises) assertNoise(n);
  const sorted = [...noises].sort((a, b) => a.granularity * a.scale - b.granularity * b.scale);
  const widest = sorted.pop()!;
  if (sorted.length === 0) return { bound: widest.granularity * discreteLaplaceRadius(widest.scale, alpha), exact: true };

  const radii = sorted.map((n) => discreteLaplaceRadius(n.scale, TRUNCATED_TAIL) * n.granularity);
  let step = Math.max(...sorted.map((n) => n.granularity));
  const totalRadius = radii.reduce((s, r) => s + r, 0);
  while (totalRadius / step > MAX_HALF_WIDTH) step *= 2;

  let acc: Pmf = { offset: 0, mass: [1] };
  let slack = 0;
  for (const n of sorted) {
    acc = convolve(acc, onLattice(n, step));
    if (n.granularity < step) slack += step / 2;
  }

  const coverage = (b: number) => {
    let p = 0;
    acc.mass.forEach((m, i) => {
      if (m === 0) return;
      const a = (acc.offset + i) * step;
      p += m * massBetween(widest, -b - a, b - a);
    });
    return p;
  };
  // b lives on the lattice of the sum: the finer of the accumulator's step and the widest's grid.
  const unit = Math.min(step, widest.granularity);
  let lo = 0;
  let hi = Math.ceil((totalRadius + step + discreteLaplaceRadius(widest.scale, Math.min(alpha, TRUNCATED_TAIL)) * widest.granularity) / unit) + 1;
  while (coverage(hi * unit) < 1 - alpha) hi *= 2; // never for a valid alpha; a guard, not a path
  if (coverage(0) >= 1 - alpha) hi = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (coverage(mid * unit) >= 1 - alpha) hi = mid;
    else lo = mid;
  }
  return { bound: hi * unit + slack, exact: slack === 0 };
}

/** A distribution on the integers offset, offset + 1, … (in units of the lattice step). */
interface Pmf {
  offset: number;
  mass: number[];
}

/** The noise rounded to the nearest multiple of `step` (no rounding when step is its grid), truncated. */
function onLattice(n: LatticeNoise, step: number): Pmf {
  const ratio = step / n.granularity; // a power of two ≥ 1
  const radius = discreteLaplaceRadius(n.scale, TRUNCATED_TAIL);
  const half = Math.ceil((radius + ratio / 2) / ratio);
  const mass: number[] = [];
  for (let j = -half; j <= half; j += 1) {
    if (ratio === 1) mass.push(integerMass(n.scale, j, j));
    else mass.push(integerMass(n.scale, j * ratio - ratio / 2, j * ratio + ratio / 2 - 1));
  }
  return { offset: -half, mass };
}

function convolve(a: Pmf, b: Pmf): Pmf {
  const mass = new Array<number>(a.mass.length + b.mass.length - 1).fill(0);
  for (let i = 0; i < a.mass.length; i += 1) {
    const x = a.mass[i]!;
    if (x === 0) continue;
    for (let j = 0; j < b.mass.length; j += 1) mass[i + j]! += x * b.mass[j]!;
  }
  return { offset: a.offset + b.offset, mass };
}

/** P(lo ≤ noise ≤ hi) for real lo, hi, the noise being granularity × DLap(scale). */
function massBetween(n: LatticeNoise, lo: number, hi: number): number {
  const from = Math.ceil(lo / n.granularity);
  const to = Math.floor(hi / n.granularity);
  return from > to ? 0 : integerMass(n.scale, from, to);
}

/** P(from ≤ K ≤ to) for K ~ DLap(t), from the closed-form CDF, keeping the smaller tail to avoid cancellation. */
function integerMass(t: number, from: number, to: number): number {
  if (from > to) return 0;
  if (from > 0) return upperTail(t, from) - upperTail(t, to + 1);
  if (to < 0) return upperTail(t, -to) - upperTail(t, -from + 1);
  return 1 - upperTail(t, to + 1) - upperTail(t, -from + 1);
}

/** P(K ≥ k) for k ≥ 1: p^k/(1 + p) with p = exp(−1/t). */
function upperTail(t: number, k: number): number {
  return Math.exp(-k / t) / (1 + Math.exp(-1 / t));
}

function assertNoise(n: LatticeNoise): void {
  if (!(n.scale > 0) || !Number.isFinite(n.scale)) throw new RangeError(`scale must be positive and finite, got ${n.scale}`);
  if (powerOfTwoExponent(n.granularity) === undefined) throw new RangeError(`granularity must be a power of two, got ${n.granularity}`);
}
