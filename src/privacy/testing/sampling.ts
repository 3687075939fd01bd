import { chiSquareCriticalValue, chiSquareFit, tally, type FitResult } from './chi-square';

/**
 * Shared settings for the sampler tests. Seeded runs are deterministic, so their
 * threshold (α = 1e-3) is a fixed bar a correct sampler clears on the committed seed.
 * Runs on the CSPRNG use α = 1e-6 per test: a correct sampler fails one of them with
 * probability below 1e-6 per test (about 1e-5 for the whole folder).
 */
export const SAMPLES = 100_000;
export const SEEDED_ALPHA = 1e-3;
export const UNSEEDED_ALPHA = 1e-6;

export function draw(count: number, sample: () => bigint): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i += 1) out[i] = Number(sample());
  return out;
}

/** pmf ∝ weight(k) on the integers, normalised over [lo, hi] (mass outside is negligible). */
export function normalised(weight: (k: number) => number, lo: number, hi: number): (k: number) => number {
  let total = 0;
  for (let k = lo; k <= hi; k += 1) total += weight(k);
  return (k) => weight(k) / total;
}

export interface FitVerdict extends FitResult {
  critical: number;
}

export function fitIntegers(
  samples: number[],
  pmf: (k: number) => number,
  lo: number,
  hi: number,
  alpha: number,
): FitVerdict {
  const fit = chiSquareFit(tally(samples), samples.length, pmf, lo, hi);
  return { ...fit, critical: chiSquareCriticalValue(fit.degreesOfFreedom, alpha) };
}
