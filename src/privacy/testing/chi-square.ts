/**
 * Chi-square goodness of fit for the sampler tests. Critical values come from the exact
 * chi-square survival function Q(df/2, x/2) (regularized upper incomplete gamma:
 * series below a + 1, Lentz continued fraction above; Numerical Recipes §6.2), solved
 * by bisection, rather than from the Wilson–Hilferty approximation, which at α = 1e-6
 * overshoots by up to ~5% for the small df used here (safe, but it costs power).
 * chi-square.test.ts checks the values against closed forms, tables and Wilson–Hilferty.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i += 1) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Q(a, x) = Γ(a, x)/Γ(a). */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-17; n += 1) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.exp(logPrefactor) * h;
}

export function chiSquareSurvival(statistic: number, degreesOfFreedom: number): number {
  return regularizedGammaQ(degreesOfFreedom / 2, statistic / 2);
}

/** The x with P(χ²_df > x) = alpha. */
export function chiSquareCriticalValue(degreesOfFreedom: number, alpha: number): number {
  let low = 0;
  let high = degreesOfFreedom + 10 * Math.sqrt(2 * degreesOfFreedom) + 200;
  for (let i = 0; i < 200; i += 1) {
    const mid = (low + high) / 2;
    if (chiSquareSurvival(mid, degreesOfFreedom) > alpha) low = mid;
    else high = mid;
  }
  return high;
}

export interface FitResult {
  statistic: number;
  degreesOfFreedom: number;
  bins: number;
}

/**
 * Bins the integer support [lo, hi] so that every bin expects at least minExpected
 * samples: the central values individually, everything left and right of them pooled
 * into one tail bin each (samples outside [lo, hi] land in the tails).
 */
export function chiSquareFit(
  counts: Map<number, number>,
  total: number,
  pmf: (k: number) => number,
  lo: number,
  hi: number,
  minExpected = 10,
): FitResult {
  const central: number[] = [];
  for (let k = lo; k <= hi; k += 1) if (total * pmf(k) >= minExpected) central.push(k);
  const first = central[0];
  const last = central[central.length - 1];
  const bins: { observed: number; expected: number }[] = central.map((k) => ({
    observed: counts.get(k) ?? 0,
    expected: total * pmf(k),
  }));
  const left = { observed: 0, expected: 0 };
  const right = { observed: 0, expected: 0 };
  for (let k = lo; k <= hi; k += 1) {
    if (k < first) left.expected += total * pmf(k);
    if (k > last) right.expected += total * pmf(k);
  }
  for (const [k, n] of counts) {
    if (k < first) left.observed += n;
    if (k > last) right.observed += n;
  }
  for (const [tail, edge] of [
    [left, bins[0]],
    [right, bins[bins.length - 1]],
  ] as const) {
    if (tail.expected >= minExpected) bins.push(tail);
    else {
      edge.observed += tail.observed;
      edge.expected += tail.expected;
    }
  }
  const statistic = bins.reduce((s, b) => s + (b.observed - b.expected) ** 2 / b.expected, 0);
  return { statistic, degreesOfFreedom: bins.length - 1, bins: bins.length };
}

export function tally(samples: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const x of samples) counts.set(x, (counts.get(x) ?? 0) + 1);
  return counts;
}
