import { applyNoise, drawNoise, noiseSumBound, planLaplace, planMean, seededRandomSource } from '../privacy';
import { upperConfidenceBound } from '../privacy/testing/binomial-bounds';
import { combineAnswers, type PartAnswer, type PartValue } from './combiner';

const COUNT_NOISE = { granularity: 1, scale: 4 };

function count(value: number, noise = COUNT_NOISE): PartValue {
  return { function: 'COUNT', column: null, quantile: null, bin: null, value, errorBound95: 11, mechanism: 'discrete-laplace', sumPart: null, countPart: null, centre: null, noise, countNoise: null };
}

function mean(sumPart: number, countPart: number, centre: number): PartValue {
  return {
    function: 'MEAN',
    column: 'amount',
    quantile: null,
    bin: null,
    value: centre + (sumPart - centre * countPart) / countPart,
    errorBound95: 1,
    mechanism: 'discrete-laplace-ratio',
    sumPart,
    countPart,
    centre,
    noise: { granularity: 1, scale: 100 },
    countNoise: { granularity: 1, scale: 2 },
  };
}

function answer(groups: [string, PartValue[]][], bounds: [number, number] = [0, 100]): PartAnswer {
  return { groups: groups.map(([k, values]) => ({ key: [k], values })), bounds: new Map([['amount', bounds]]) };
}

describe('combineAnswers', () => {
  it('adds counts over the groups every part released, with the convolved bound', () => {
    const a = answer([['north', [count(10)]], ['south', [count(5)]]]);
    const b = answer([['north', [count(7, { granularity: 1, scale: 2 })]]]);
    const { groups, rejected } = combineAnswers([a, b]);
    expect(rejected.size).toBe(0);
    expect(groups.map((g) => [g.key, g.values[0]!.value])).toEqual([[['north'], 17]]);
    expect(groups[0]!.values[0]!.errorBound95).toBe(noiseSumBound([COUNT_NOISE, { granularity: 1, scale: 2 }], 0.05).bound);
    expect(groups[0]!.values[0]!.mechanism).toContain('exact');
  });

  it('adds histogram bins position by position', () => {
    const bins = (xs: number[]) => xs.map((x, i) => ({ ...count(x), function: 'HISTOGRAM', column: 'amount', bin: `b${i}` }));
    const { groups } = combineAnswers([answer([['', bins([1, 2, 3])]]), answer([['', bins([10, 20, 30])]])]);
    expect(groups[0]!.values.map((v) => [v.bin, v.value])).toEqual([
      ['b0', 11],
      ['b1', 22],
      ['b2', 33],
    ]);
  });

  it('divides summed sums by summed counts for MEAN, with a ratio bound tighter than the range', () => {
    const { groups } = combineAnswers([answer([['', [mean(6000, 100, 50)]]]), answer([['', [mean(2000, 100, 50)]]])]);
    const v = groups[0]!.values[0]!;
    expect([v.sumPart, v.countPart, v.value]).toEqual([8000, 200, 40]);
    expect(v.errorBound95).toBeGreaterThan(0);
    expect(v.errorBound95).toBeLessThan(100);
  });

  it('falls back to the width of the combined range for MEAN over different centres', () => {
    const { groups } = combineAnswers([answer([['', [mean(6000, 100, 50)]]]), answer([['', [mean(2000, 100, 100)]]], [0, 200])]);
    const v = groups[0]!.values[0]!;
    expect(v.value).toBe(40);
    expect(v.errorBound95).toBe(200);
    expect(v.centre).toBeNull();
  });

  it('rejects answers that cannot be combined, and combines the rest', () => {
    const good = answer([['north', [count(3)]]]);
    const noNoise = answer([['north', [{ ...count(4), noise: null }]]]);
    const misaligned = answer([['north', [count(4), count(5)]]]);
    const quantile = answer([['north', [{ ...count(4), function: 'QUANTILE' }]]]);
    const { groups, rejected } = combineAnswers([good, noNoise, misaligned, quantile, good]);
    expect([...rejected.keys()]).toEqual([1, 2, 3]);
    expect(rejected.get(1)).toContain('noise distribution');
    expect(rejected.get(2)).toContain('line up');
    expect(groups[0]!.values[0]!.value).toBe(6);
  });

  it('covers the true combined count and mean at least 95% of the time (exact noise, 4000 seeded trials)', () => {
    const rng = seededRandomSource('combiner-coverage');
    const countPlans = [planLaplace(1, 0.5, true), planLaplace(2, 0.25, true)];
    const meanPlan = planMean(0, 100, 0.5, 1, true);
    const truth = [
      { count: 40, sum: 40 * 30 },
      { count: 25, sum: 25 * 70 },
    ];
    const trueMean = (truth[0]!.sum + truth[1]!.sum) / (truth[0]!.count + truth[1]!.count);
    const shape = (p: { granularity: number; scale: { num: bigint; den: bigint } }) => ({ granularity: p.granularity, scale: Number(p.scale.num) / Number(p.scale.den) });
    const trials = 4000;
    let countCovered = 0;
    let meanCovered = 0;
    for (let i = 0; i < trials; i += 1) {
      const answers = truth.map((t, j) => {
        const c = applyNoise(t.count, countPlans[j]!, drawNoise(countPlans[j]!, rng));
        const centredSum = applyNoise(t.sum - meanPlan.midpoint * t.count, meanPlan.sum, drawNoise(meanPlan.sum, rng));
        const meanCount = applyNoise(t.count, meanPlan.count, drawNoise(meanPlan.count, rng));
        const countValue: PartValue = { ...count(c.value, shape(countPlans[j]!)) };
        const meanValue: PartValue = {
          ...mean(meanPlan.midpoint * meanCount.value + centredSum.value, meanCount.value, meanPlan.midpoint),
          noise: shape(meanPlan.sum),
          countNoise: shape(meanPlan.count),
        };
        return answer([['', [countValue, meanValue]]]);
      });
      const [c, m] = combineAnswers(answers).groups[0]!.values;
      if (Math.abs(c!.value - (truth[0]!.count + truth[1]!.count)) <= c!.errorBound95) countCovered += 1;
      if (Math.abs(m!.value - trueMean) <= m!.errorBound95) meanCovered += 1;
    }
    // Seeded: the same draws every run; the rates must be consistent with coverage ≥ 95%.
    expect(upperConfidenceBound(countCovered, trials, 1e-9)).toBeGreaterThanOrEqual(0.95);
    expect(upperConfidenceBound(meanCovered, trials, 1e-9)).toBeGreaterThanOrEqual(0.95);
  });

  it('combines nothing when no answer is usable', () => {
    expect(combineAnswers([answer([['x', [{ ...count(1), noise: null }]]])]).groups).toEqual([]);
  });
});
