import { chiSquareCriticalValue, chiSquareFit, tally, type FitResult } from './chi-square';

/**
 * Shared settings for the sampler tests. Seeded runs are deterministic, so their
 * threshold (α = 1e-3) is a fixed bar a correct sampler clears on the committed seed.
 * Runs on the CSPRNG cannot be seeded, so they use α = 1e-11 per test: with about ten of
 * them, a correct sampler fails one by chance with (nominal, chi-square) probability below
 * 1e-10 over the folder (CI must never fail by chance).
 * The seeded runs, at α = 1e-3, keep the power to catch small errors.
 */
export const SAMPLES = 100_000;
export const SEEDED_ALPHA = 1e-3;
export const UNSEEDED_ALPHA = 1e-11;

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
