/**
 * Parley's privacy layer: everything a partner ever sees passes through here as a
 * differentially private release. Pure code: no database, no GraphQL, no clock except
 * withConstantTime; randomness comes only through a RandomSource argument
 * (cryptoRandomSource in production, seededRandomSource in tests).
 *
 * - Samplers are exact (Canonne, Kamath & Steinke 2020): discrete Laplace, discrete
 *   Gaussian and Bernoulli(exp(−γ)) use bigint arithmetic only, with parameters held
 *   as rationals. ε arrives as a double and is rounded down to a multiple of 1e-9.
 * - COUNT and integer SUM add discrete Laplace noise of scale Δ/ε. Real-valued SUM
 *   rounds to a power-of-two grid g ≈ (Δ/ε)/2^40 and adds g × discrete Laplace with the
 *   grid sensitivity ⌈Δ/g⌉, so no floating-point noise is ever generated.
 * - MEAN = mid + noisy Σ(x − mid) / noisy COUNT with mid = (L + U)/2, ε split evenly;
 *   QUANTILE uses the exponential mechanism over bucket counts, sampled exactly.
 * - Released values are clamped into the range the truth is known to lie in (counts at
 *   0, MEAN and QUANTILE into [L, U]): post-processing, free of budget.
 * - GROUP BY over non-public keys goes through thresholded partition selection.
 * - Plans (planLaplace, planQuantile, planMean) depend on public parameters only, so
 *   previews and error bounds never read data, and noise can be drawn up front.
 *
 * docs/privacy-mechanisms.md states the mechanisms, formulas and guarantees.
 */
export { cryptoRandomSource, seededRandomSource, type RandomSource } from './random-source';
export { rationalFromNumber, type Rational } from './rational';
export { epsilonToRational, splitEpsilon } from './epsilon';
export { sampleBernoulli, sampleBernoulliExp } from './bernoulli';
export { sampleDiscreteLaplace } from './discrete-laplace';
export { sampleDiscreteGaussian } from './discrete-gaussian';
export type { ErrorBoundUnit, Release } from './release';
export { applyNoise, drawNoise, errorBoundAt, planLaplace, type NoisePlan } from './laplace-plan';
export { midpointOf, planMean, releaseMean, type MeanPlan } from './mean';
export { clampRelease, sumSignRange } from './post-processing';
export { noiseSumBound, type LatticeNoise, type NoiseSumBound } from './noise-sum';
export { planQuantile, releaseQuantile, type QuantilePlan } from './quantile';
export { sampleExponentialMechanism } from './exponential-mechanism';
export {
  partitionSelectionThreshold,
  selectPartitions,
  type PartitionCandidate,
  type SelectedPartition,
} from './partition-selection';
export { sensitivityOf, type AggregateFunction, type SensitivityOptions } from './sensitivity';
export { withConstantTime, type ConstantTimeOptions } from './constant-time';
