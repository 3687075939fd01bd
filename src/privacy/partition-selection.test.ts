import { discreteLaplaceUpperTail } from './discrete-laplace-tails';
import { partitionSelectionThreshold, selectPartitions } from './partition-selection';
import { seededRandomSource } from './random-source';
import { upperConfidenceBound } from './testing/binomial-bounds';

const CASES: [number, number, number][] = [
  [1, 1e-5, 1],
  [1, 1e-5, 4],
  [0.1, 1e-9, 3],
  [3, 0.01, 1],
  [0.5, 1e-6, 20],
];

/** P(a partition supported by a single unit is released) = P(1 + Z ≥ τ), Z ~ DLap(m/ε). */
function leakProbability(threshold: number, epsilon: number, m: number): number {
  return discreteLaplaceUpperTail(threshold - 1, m / epsilon);
}

describe('partitionSelectionThreshold', () => {
  it.each(CASES)('keeps every single-unit partition below δ overall (ε=%p, δ=%p, m=%p)', (epsilon, delta, m) => {
    const tau = partitionSelectionThreshold(epsilon, delta, m);
    const perPartition = leakProbability(tau, epsilon, m);
    // A unit alone in m partitions: any of them leaks with probability 1 − (1 − p)^m ≤ δ.
    expect(-Math.expm1(m * Math.log1p(-perPartition))).toBeLessThanOrEqual(delta);
    // …and τ is the smallest integer that achieves it.
    if (tau > 2) expect(-Math.expm1(m * Math.log1p(-leakProbability(tau - 1, epsilon, m)))).toBeGreaterThan(delta);
  });

  it('tracks the continuous-Laplace threshold of Wilson et al.', () => {
    for (const [epsilon, delta, m] of CASES) {
      const partitionDelta = -Math.expm1(Math.log1p(-delta) / m);
      const continuous = 1 - (m / epsilon) * Math.log(2 * partitionDelta);
      const tau = partitionSelectionThreshold(epsilon, delta, m);
      // τ − continuous = (m/ε)·ln(2/(1 + e^(−ε/m))) + rounding ∈ (0, 1.5) up to ε's rounding.
      expect(tau - continuous).toBeGreaterThan(0);
      expect(tau - continuous).toBeLessThan(1.5);
    }
  });

  it('releases a single-unit partition with probability ≤ δ in simulation', () => {
    const [epsilon, delta, m] = [1, 0.02, 1];
    const rng = seededRandomSource('partition-leak');
    const trials = 100_000;
    const candidates = Array.from({ length: trials }, (_, key) => ({ key, distinctUnits: 1 }));
    const leaked = selectPartitions(candidates, epsilon, delta, m, rng).length;
    expect(leaked).toBeGreaterThan(0); // δ is large enough here to be observable
    const exact = leakProbability(partitionSelectionThreshold(epsilon, delta, m), epsilon, m);
    expect(exact).toBeLessThanOrEqual(delta);
    expect(leaked / trials).toBeLessThanOrEqual(upperConfidenceBound(Math.round(exact * trials), trials, 1e-6));
  });

  it('rejects invalid parameters', () => {
    expect(() => partitionSelectionThreshold(1, 0, 1)).toThrow(RangeError);
    expect(() => partitionSelectionThreshold(1, 1, 1)).toThrow(RangeError);
    expect(() => partitionSelectionThreshold(1, 1e-5, 0)).toThrow(RangeError);
    expect(() => partitionSelectionThreshold(0, 1e-5, 1)).toThrow(RangeError);
  });
});

describe('selectPartitions', () => {
  it('keeps large partitions with their noisy unit counts and drops tiny ones', () => {
    const rng = seededRandomSource('partitions');
    const selected = selectPartitions(
      [
        { key: 'big', distinctUnits: 5_000 },
        { key: 'tiny', distinctUnits: 1 },
      ],
      1,
      1e-6,
      2,
      rng,
    );
    expect(selected.map((p) => p.key)).toEqual(['big']);
    expect(Math.abs(selected[0].noisyUnits - 5_000)).toBeLessThan(200);
  });

  it('refuses candidates without units', () => {
    expect(() => selectPartitions([{ key: 'x', distinctUnits: 0 }], 1, 1e-6, 1, seededRandomSource('x'))).toThrow(RangeError);
  });
});
