import { sampleDiscreteLaplace } from './discrete-laplace';
import { discreteLaplaceUpperTail } from './discrete-laplace-tails';
import { epsilonToRational } from './epsilon';
import type { RandomSource } from './random-source';
import { rational, type Rational } from './rational';

/**
 * Partition selection for GROUP BY over keys that are not public (e.g. TEXT columns):
 * a group may only appear if enough distinct units support it, otherwise its mere
 * presence would reveal one person. Following Wilson et al., "Differentially Private
 * SQL with Bounded User Contribution" (PoPETs 2020), as implemented by Google's
 * LaplacePartitionSelection, with the discrete Laplace in place of the continuous one:
 *
 * - each unit contributes to at most m partitions (enforced by the query),
 * - each partition's count of distinct units gets noise DLap(m/ε) (L1 sensitivity m),
 * - a partition is released iff count + noise ≥ τ.
 *
 * A neighbouring dataset can create at most m partitions that hold only the added unit.
 * For those, P(release) = P(1 + Z ≥ τ) = p^(τ−1)/(1 + p) with p = exp(−ε/m); requiring
 * this to be ≤ δ_p = 1 − (1 − δ)^(1/m) makes the chance that any of them appears ≤ δ
 * (they are independent). All other partitions exist on both sides and their counts
 * are protected by the Laplace noise: (ε, δ)-DP overall. τ is the smallest integer
 * that satisfies the inequality, analogous to the continuous threshold
 * τ = 1 − (m/ε)·ln(2δ_p) of Wilson et al.; see also Desfontaines et al., "Differentially
 * private partition selection", PoPETs 2022, for the optimal (non-threshold) variant.
 */
export function partitionSelectionThreshold(epsilon: number, delta: number, maxPartitionsPerUnit: number): number {
  const m = assertUnitsBound(maxPartitionsPerUnit);
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must lie in (0, 1), got ${delta}`);
  const eps = epsilonToRational(epsilon);
  const scale = Number(eps.den * BigInt(m)) / Number(eps.num); // m/ε, ε rounded down
  const partitionDelta = -Math.expm1(Math.log1p(-delta) / m); // 1 − (1 − δ)^(1/m), stably
  // Smallest k = τ − 1 ≥ 1 with P(Z ≥ k) = p^k/(1 + p) ≤ δ_p.
  const p = Math.exp(-1 / scale);
  let k = Math.max(1, Math.ceil(-scale * Math.log(partitionDelta * (1 + p))));
  while (discreteLaplaceUpperTail(k, scale) > partitionDelta) k += 1;
  while (k > 1 && discreteLaplaceUpperTail(k - 1, scale) <= partitionDelta) k -= 1;
  return 1 + k;
}

export interface PartitionCandidate<K> {
  key: K;
  /** Distinct privacy units in the partition (≥ 1; partitions with none are not candidates). */
  distinctUnits: number;
}

export interface SelectedPartition<K> {
  key: K;
  /** Noisy distinct-unit count: publishable, it is the same noise that made the decision. */
  noisyUnits: number;
}

/**
 * Keeps each candidate whose noisy distinct-unit count reaches the threshold. Noise is
 * drawn for every candidate, whatever its count, so the work done does not depend on
 * which partitions survive. Callers should publish the result in key order (not in the
 * database's row order) and spend separate budget on the aggregates of the survivors.
 */
export function selectPartitions<K>(
  candidates: readonly PartitionCandidate<K>[],
  epsilon: number,
  delta: number,
  maxPartitionsPerUnit: number,
  rng: RandomSource,
): SelectedPartition<K>[] {
  const threshold = BigInt(partitionSelectionThreshold(epsilon, delta, maxPartitionsPerUnit));
  const eps = epsilonToRational(epsilon);
  const scale: Rational = rational(eps.den * BigInt(maxPartitionsPerUnit), eps.num);
  const selected: SelectedPartition<K>[] = [];
  for (const { key, distinctUnits } of candidates) {
    if (!Number.isSafeInteger(distinctUnits) || distinctUnits < 1) {
      throw new RangeError(`a candidate partition needs a positive unit count, got ${distinctUnits}`);
    }
    const noisy = BigInt(distinctUnits) + sampleDiscreteLaplace(scale, rng);
    if (noisy >= threshold) selected.push({ key, noisyUnits: Number(noisy) });
  }
  return selected;
}

function assertUnitsBound(m: number): number {
  if (!Number.isSafeInteger(m) || m < 1) {
    throw new RangeError(`maxPartitionsPerUnit must be a positive integer, got ${m}`);
  }
  return m;
}
