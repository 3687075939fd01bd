import { lowerConfidenceBound, upperConfidenceBound } from './binomial-bounds';

/**
 * A stochastic tester for pure ε-DP in the style of Google's DP Stochastic Tester
 * (google/differential-privacy, "Testing differential privacy"; Gilbert & McMillan,
 * "Property testing for differential privacy", 2018): run a mechanism many times on two
 * neighbouring inputs, histogram the outputs into a fixed set of events and look for an
 * event E with P_A(E) > e^ε · P_B(E) (or the reverse).
 *
 * The events are fixed before sampling: every bin, every prefix of bins and every suffix.
 * An event only counts as a violation when the lower confidence bound of the larger
 * probability exceeds e^ε times the upper confidence bound of the smaller one, with
 * Bonferroni-corrected KL–Chernoff bounds, so a correct mechanism fails with probability
 * ≤ alpha over the whole run. Events with fewer than minCount hits are skipped: they
 * cannot certify anything and would only cost power.
 */
export interface AuditOptions {
  epsilon: number;
  /** Number of bins; binOf must return an integer in [0, bins). */
  bins: number;
  binOf: (output: number) => number;
  alpha?: number;
  minCount?: number;
}

export interface AuditResult {
  passed: boolean;
  /** Largest certified ratio lowerBound(P_X(E)) / upperBound(P_Y(E)) over events and directions. */
  worstRatio: number;
  worstEvent: string;
  eventsChecked: number;
}

export function auditPureDp(outputsA: number[], outputsB: number[], options: AuditOptions): AuditResult {
  const { epsilon, bins, binOf, alpha = 1e-6, minCount = 50 } = options;
  const histogramA = histogram(outputsA, bins, binOf);
  const histogramB = histogram(outputsB, bins, binOf);
  const events = eventsOf(bins);
  const perBound = alpha / (4 * events.length); // 2 directions × 2 bounds per event
  let worstRatio = 0;
  let worstEvent = 'none';
  let eventsChecked = 0;
  for (const event of events) {
    const hitsA = countIn(histogramA, event);
    const hitsB = countIn(histogramB, event);
    for (const [name, hitsX, nX, hitsY, nY] of [
      ['A/B', hitsA, outputsA.length, hitsB, outputsB.length],
      ['B/A', hitsB, outputsB.length, hitsA, outputsA.length],
    ] as const) {
      if (hitsX < minCount) continue;
      eventsChecked += 1;
      const ratio = lowerConfidenceBound(hitsX, nX, perBound) / upperConfidenceBound(hitsY, nY, perBound);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worstEvent = `${name} bins [${event.from}, ${event.to}]`;
      }
    }
  }
  return { passed: worstRatio <= Math.exp(epsilon), worstRatio, worstEvent, eventsChecked };
}

interface BinRange {
  from: number;
  to: number;
}

function eventsOf(bins: number): BinRange[] {
  const events: BinRange[] = [];
  for (let b = 0; b < bins; b += 1) {
    events.push({ from: b, to: b }, { from: 0, to: b }, { from: b, to: bins - 1 });
  }
  return events;
}

function histogram(outputs: number[], bins: number, binOf: (output: number) => number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const output of outputs) {
    const bin = binOf(output);
    if (!Number.isInteger(bin) || bin < 0 || bin >= bins) throw new RangeError(`binOf returned ${bin}`);
    counts[bin] += 1;
  }
  return counts;
}

function countIn(counts: number[], event: BinRange): number {
  let total = 0;
  for (let b = event.from; b <= event.to; b += 1) total += counts[b];
  return total;
}
